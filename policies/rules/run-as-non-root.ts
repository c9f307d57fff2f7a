import { containerFinding, containerRule, NoConfig } from "../lib/rulekit";
import { effectiveSecurity } from "../lib/podspec";
import { isUnknown } from "../lib/values";
import { ResourceRule } from "../types";

/** `run-as-non-root`: every container runs with runAsNonRoot: true and never runAsUser 0. */
export const runAsNonRoot: ResourceRule<NoConfig> = containerRule("run-as-non-root", {
    containers: "all",
    visit: (ref, pod, out) => {
        const nonRoot = effectiveSecurity(pod.spec, ref, "runAsNonRoot");
        const user = effectiveSecurity(pod.spec, ref, "runAsUser");
        if (
            isUnknown(nonRoot) ||
            isUnknown(user) ||
            isUnknown(ref.container.securityContext) ||
            isUnknown(pod.spec.securityContext)
        ) {
            return;
        }
        if (user === 0) {
            out.push(containerFinding(ref, "runs as root (runAsUser: 0)"));
        } else if (nonRoot !== true) {
            out.push(
                containerFinding(
                    ref,
                    nonRoot === false
                        ? "sets runAsNonRoot: false"
                        : "does not set runAsNonRoot: true (pod or container)",
                ),
            );
        }
    },
});
