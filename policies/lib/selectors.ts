/**
 * Label selectors (`matchLabels` / `matchExpressions`, and plain maps for Services) evaluated against labels.
 */
import { stringMap } from "./objects";
import { JsonObject, isUnknown, objects, obj, str, strings } from "./values";

/** The result of matching: true, false, or undefined when the selector is unknown. */
export type Match = boolean | undefined;

/** Matches a plain equality map (Service `spec.selector`). An empty map matches everything. */
export function matchesMap(
    selector: Readonly<Record<string, string>>,
    labels: Readonly<Record<string, string>>,
): boolean {
    for (const [k, v] of Object.entries(selector)) {
        if (labels[k] !== v) {
            return false;
        }
    }
    return true;
}

/**
 * Matches a LabelSelector. An empty selector matches everything; a missing one (undefined) matches nothing.
 * Returns undefined when part of the selector is unknown.
 */
export function matchesSelector(selector: unknown, labels: Readonly<Record<string, string>>): Match {
    if (isUnknown(selector)) {
        return undefined;
    }
    const sel = obj(selector);
    if (sel === undefined) {
        return false;
    }
    if (isUnknown(sel.matchLabels) || isUnknown(sel.matchExpressions)) {
        return undefined;
    }
    if (!matchesMap(stringMap(sel.matchLabels), labels)) {
        return false;
    }
    for (const expr of objects(sel.matchExpressions)) {
        const result = matchesExpression(expr, labels);
        if (result !== true) {
            return result;
        }
    }
    return true;
}

function matchesExpression(expr: JsonObject, labels: Readonly<Record<string, string>>): Match {
    const key = str(expr.key);
    const operator = str(expr.operator);
    if (key === undefined || operator === undefined) {
        return undefined;
    }
    const values = strings(expr.values);
    const value = labels[key];
    switch (operator) {
        case "In":
            return value !== undefined && values.includes(value);
        case "NotIn":
            return value === undefined || !values.includes(value);
        case "Exists":
            return value !== undefined;
        case "DoesNotExist":
            return value === undefined;
        default:
            return undefined;
    }
}

/** True when a LabelSelector is present but selects everything (no labels, no expressions). */
export function isEmptySelector(selector: unknown): boolean {
    const sel = obj(selector);
    if (sel === undefined) {
        return false;
    }
    return Object.keys(stringMap(sel.matchLabels)).length === 0 && objects(sel.matchExpressions).length === 0;
}
