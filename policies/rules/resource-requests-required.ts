import { eachContainer, containerFinding, noConfig } from "../lib/rulekit";
import { isUnknown, obj, path } from "../lib/values";
import { ResourceRule } from "../types";

/**
 * `resource-requests-required`: cpu and memory requests on every container and init container (ephemeral
 * containers cannot have resources).
 */
export const resourceRequestsRequired: ResourceRule<Record<string, never>> = {
    scope: "resource",
    name: "resource-requests-required",
    description: "Every container and init container must request cpu and memory.",
    remediation:
        'Set resources.requests.cpu and resources.requests.memory (for example cpu "100m", memory "128Mi") from observed usage.',
    defaultLevel: "mandatory",
    configSchema: {},
    parseConfig: noConfig,
    check: (o) =>
        eachContainer(o, (ref, _pod, out) => {
            if (ref.type === "ephemeralContainer") {
                return;
            }
            const resources: unknown = ref.container.resources;
            const requests: unknown = path(resources, "requests");
            if (isUnknown(resources) || isUnknown(requests)) {
                return;
            }
            const r = obj(requests) ?? {};
            const missing = ["cpu", "memory"].filter((k) => r[k] === undefined || r[k] === null);
            if (missing.length > 0) {
                out.push(containerFinding(ref, `has no resources.requests.${missing.join(" or ")}`));
            }
        }),
};
