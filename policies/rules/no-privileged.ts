import { containerFinding, containerRule, NoConfig } from "../lib/rulekit";
import { path } from "../lib/values";
import { ResourceRule } from "../types";

/** `no-privileged`: no container runs privileged. */
export const noPrivileged: ResourceRule<NoConfig> = containerRule("no-privileged", {
    containers: "all",
    visit: (ref, _pod, out) => {
        if (path(ref.container, "securityContext", "privileged") === true) {
            out.push(containerFinding(ref, "runs privileged (securityContext.privileged: true)"));
        }
    },
});
