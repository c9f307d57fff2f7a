import { eachContainer, containerFinding, NoConfig, resourceRuleWithoutConfig } from "../lib/rulekit";
import { path } from "../lib/values";
import { ResourceRule } from "../types";

/** `no-privileged`: no container runs privileged. */
export const noPrivileged: ResourceRule<NoConfig> = resourceRuleWithoutConfig({
    name: "no-privileged",
    description: "Containers must not run privileged.",
    remediation:
        "Remove securityContext.privileged (or set it false); grant only the specific capability or hostPath the container needs.",
    defaultLevel: "mandatory",
    check: (o) =>
        eachContainer(o, (ref, _pod, out) => {
            if (path(ref.container, "securityContext", "privileged") === true) {
                out.push(containerFinding(ref, "runs privileged (securityContext.privileged: true)"));
            }
        }),
});
