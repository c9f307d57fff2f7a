import { eachContainer, containerFinding, NoConfig, resourceRuleWithoutConfig } from "../lib/rulekit";
import { effectiveSecurity } from "../lib/podspec";
import { isUnknown } from "../lib/values";
import { ResourceRule } from "../types";

/** `run-as-non-root`: every container runs with runAsNonRoot: true and never runAsUser 0. */
export const runAsNonRoot: ResourceRule<NoConfig> = resourceRuleWithoutConfig({
    name: "run-as-non-root",
    description: "Containers must run as non-root: runAsNonRoot true (pod or container) and never runAsUser 0.",
    remediation:
        "Set securityContext.runAsNonRoot: true (and a non-zero runAsUser if the image has no numeric USER) on the pod or container.",
    defaultLevel: "advisory",
    check: (o) =>
        eachContainer(o, (ref, pod, out) => {
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
        }),
});
