import { kindOf, stringMap } from "../lib/objects";
import { podTemplateOf } from "../lib/podspec";
import { NoConfig, resourceRule } from "../lib/rulekit";
import { isEmptySelector, matchesMap, matchesSelector } from "../lib/selectors";
import { containsUnknown, isUnknown, obj, path } from "../lib/values";
import { Finding, ResourceRule } from "../types";

const SELECTOR_KINDS: ReadonlySet<string> = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"]);

/**
 * `selector-matches-template`: a controller's selector is present, not empty, and matches its own pod template's
 * labels (Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, and Jobs with manualSelector).
 */
export const selectorMatchesTemplate: ResourceRule<NoConfig> = resourceRule("selector-matches-template", {
    check: (o) => {
        const kind = kindOf(o);
        const pod = podTemplateOf(o);
        const selector: unknown = path(o, "spec", "selector");
        const templateLabels: unknown = path(o, ...(pod?.specPath.slice(0, -1) ?? []), "metadata", "labels");
        if (
            pod === undefined ||
            containsUnknown(selector) ||
            isUnknown(templateLabels) ||
            containsUnknown(templateLabels)
        ) {
            return [];
        }
        const out: Finding[] = [];
        if (kind === "ReplicationController") {
            const sel = stringMap(selector);
            if (obj(selector) !== undefined && !matchesMap(sel, pod.labels)) {
                out.push({ message: "spec.selector does not match spec.template.metadata.labels" });
            }
            return out;
        }
        if (kind === "Job" && path(o, "spec", "manualSelector") !== true) {
            return out;
        }
        if (!SELECTOR_KINDS.has(kind) && kind !== "Job") {
            return out;
        }
        if (selector === undefined || selector === null) {
            out.push({ message: "has no spec.selector" });
        } else if (isEmptySelector(selector)) {
            out.push({ message: "spec.selector is empty: it would select every pod in the namespace" });
        } else if (matchesSelector(selector, pod.labels) === false) {
            out.push({
                message: `spec.selector ${JSON.stringify(selector)} does not match the pod template labels ${JSON.stringify(pod.labels)}`,
            });
        }
        return out;
    },
});
