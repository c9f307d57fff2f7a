import { eachContainer, containerFinding, noConfig } from "../lib/rulekit";
import { isUnknown, path } from "../lib/values";
import { ResourceRule } from "../types";

/** `memory-limit-required`: a memory limit on every container and init container. */
export const memoryLimitRequired: ResourceRule<Record<string, never>> = {
    scope: "resource",
    name: "memory-limit-required",
    description: "Every container and init container must set a memory limit.",
    remediation:
        "Set resources.limits.memory (typically 1-2x the memory request) so that a leak kills one container, not the node.",
    defaultLevel: "mandatory",
    configSchema: {},
    parseConfig: noConfig,
    check: (o) =>
        eachContainer(o, (ref, _pod, out) => {
            if (ref.type === "ephemeralContainer") {
                return;
            }
            const resources: unknown = ref.container.resources;
            const limits: unknown = path(resources, "limits");
            const memory: unknown = path(limits, "memory");
            if (isUnknown(resources) || isUnknown(limits) || isUnknown(memory)) {
                return;
            }
            if (memory === undefined || memory === null) {
                out.push(containerFinding(ref, "has no resources.limits.memory"));
            }
        }),
};
