import { UNKNOWN_FIELD, containerFinding, containerRule, resourceField } from "../lib/rulekit";
import { obj } from "../lib/values";

/**
 * `resource-requests-required`: cpu and memory requests on every container and init container (ephemeral
 * containers cannot have resources).
 */
export const resourceRequestsRequired = containerRule("resource-requests-required", {
    containers: "resourced",
    visit: (ref, _pod, out) => {
        const requests = resourceField(ref, "requests");
        if (requests === UNKNOWN_FIELD) {
            return;
        }
        const r = obj(requests) ?? {};
        const missing = ["cpu", "memory"].filter((k) => r[k] === undefined || r[k] === null);
        if (missing.length > 0) {
            out.push(containerFinding(ref, `has no resources.requests.${missing.join(" or ")}`));
        }
    },
});
