import { containerFinding, containerRule, resourceField } from "../lib/rulekit";

/** `memory-limit-required`: a memory limit on every container and init container. */
export const memoryLimitRequired = containerRule("memory-limit-required", {
    containers: "resourced",
    visit: (ref, _pod, out) => {
        const memory = resourceField(ref, "limits", "memory");
        if (memory === undefined || memory === null) {
            out.push(containerFinding(ref, "has no resources.limits.memory"));
        }
    },
});
