import { kindOf, namespaceOf, stringMap } from "../lib/objects";
import { NoConfig, stackRule } from "../lib/rulekit";
import { matchesMap } from "../lib/selectors";
import { containsUnknown, path, str } from "../lib/values";
import { indexWorkloads, isBlueGreenService, namespaceUnknown, workloadsOf } from "../lib/workloads";
import { StackFinding, StackRule } from "../types";

/**
 * `service-targets-workload`: a Service with a selector selects the pods of at least one workload in the set (a
 * typo in a selector silently black-holes traffic). Blue-green Services are checked by
 * progressive-delivery-consistency instead.
 */
export const serviceTargetsWorkload: StackRule<NoConfig> = stackRule("service-targets-workload", (objects) => {
    const out: StackFinding[] = [];
    const pods = indexWorkloads(workloadsOf(objects));
    const seen = new Map<string, boolean>();
    objects.forEach((o, index) => {
        if (kindOf(o) !== "Service" || isBlueGreenService(o) || str(path(o, "spec", "type")) === "ExternalName") {
            return;
        }
        const raw: unknown = path(o, "spec", "selector");
        if (containsUnknown(raw) || namespaceUnknown(o) || pods.anyUncertain) {
            return;
        }
        const selector = stringMap(raw);
        if (Object.keys(selector).length === 0) {
            return;
        }
        const ns = namespaceOf(o) ?? "";
        const key = `${ns}\u0000${JSON.stringify(selector)}`;
        let matched = seen.get(key);
        if (matched === undefined) {
            matched = pods.candidates(ns, selector).some((w) => matchesMap(selector, w.podLabels));
            seen.set(key, matched);
        }
        if (!matched) {
            out.push({
                index,
                message: `selector ${JSON.stringify(selector)} matches no workload's pods in the set`,
            });
        }
    });
    return out;
});
