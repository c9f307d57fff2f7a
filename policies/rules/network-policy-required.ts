import { K8sObject, kindOf, namespaceOf } from "../lib/objects";
import { podTemplateOf } from "../lib/podspec";
import { NoConfig, stackRule } from "../lib/rulekit";
import { matchesSelector } from "../lib/selectors";
import { isUnknown, path } from "../lib/values";
import { Workload, namespaceUnknown, workloadsOf } from "../lib/workloads";
import { StackFinding, StackRule } from "../types";

/** The pod selectors of the NetworkPolicies of one namespace. */
type PolicySelectors = ReadonlyMap<string, readonly unknown[]>;

function policySelectors(objects: readonly K8sObject[]): PolicySelectors {
    const out = new Map<string, unknown[]>();
    for (const o of objects) {
        if (kindOf(o) === "NetworkPolicy") {
            const namespace = namespaceOf(o) ?? "";
            out.set(namespace, [...(out.get(namespace) ?? []), path(o, "spec", "podSelector")]);
        }
    }
    return out;
}

/** True when a NetworkPolicy of the workload's namespace selects (or may select) its pods. */
function isSelected(w: Workload, selectors: PolicySelectors): boolean {
    return (selectors.get(w.namespace) ?? []).some((s) => matchesSelector(s, w.podLabels) !== false);
}

/** Pods on the host network are outside NetworkPolicy's reach: a policy cannot select them usefully. */
function onHostNetwork(w: Workload): boolean {
    return podTemplateOf(w.object)?.spec.hostNetwork === true;
}

/**
 * `network-policy-required`: every namespace with workloads has a NetworkPolicy whose podSelector selects each
 * workload's pods (an empty podSelector selects all). Host-network pods are skipped.
 */
export const networkPolicyRequired: StackRule<NoConfig> = stackRule("network-policy-required", (objects) => {
    const all = policySelectors(objects);
    const uncertain = objects.some(
        (o) => kindOf(o) === "NetworkPolicy" && (namespaceUnknown(o) || isUnknown(path(o, "spec"))),
    );
    if (uncertain) {
        return [];
    }
    const out: StackFinding[] = [];
    for (const w of workloadsOf(objects)) {
        if (w.uncertain || onHostNetwork(w) || isSelected(w, all)) {
            continue;
        }
        const namespace = w.namespace === "" ? "default" : w.namespace;
        const labels = Object.entries(w.podLabels)
            .map(([k, v]) => `${k}=${v}`)
            .join(",");
        out.push({
            index: w.index,
            message: `no NetworkPolicy in namespace "${namespace}" selects its pods (labels ${labels || "none"}): add one whose spec.podSelector matches them`,
        });
    }
    return out;
});
