import { containerRule, containerFinding, resourceField } from "../lib/rulekit";

/** `memory-limit-required`: a memory limit on every container and init container. */
export const memoryLimitRequired = containerRule({
    name: "memory-limit-required",
    description: "Every container and init container must set a memory limit.",
    remediation:
        "Set resources.limits.memory (typically 1-2x the memory request) so that a leak kills one container, not the node.",
    defaultLevel: "mandatory",
    containers: "resourced",
    visit: (ref, _pod, out) => {
        const memory = resourceField(ref, "limits", "memory");
        if (memory === undefined || memory === null) {
            out.push(containerFinding(ref, "has no resources.limits.memory"));
        }
    },
});
