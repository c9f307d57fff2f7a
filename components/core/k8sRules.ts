import * as pulumi from "@pulumi/pulumi";
import { isDns1123Subdomain, isLabelValue, isQualifiedName } from "../../contract";
import { Problems, show } from "./validation";

/**
 * Kubernetes' own rules that the API server enforces, checked before any child exists: object and key names,
 * label and annotation maps, types of strings and lists.
 */

const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const DATA_KEY_MAX = 253;
/** The total size Kubernetes allows for all annotations of one object. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Checks a name that must be a DNS-1123 subdomain (Secrets, ConfigMaps, classes); skips absent values. */
export function checkObjectName(problems: Problems, field: string, value: unknown, example: string): void {
    if (value === undefined || value === null || value === "") {
        return;
    }
    if (typeof value !== "string" || !isDns1123Subdomain(value)) {
        problems.add(
            field,
            `${field} must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters (got ${show(value)}); use a name such as "${example}"`,
        );
    }
}

/** Checks a Secret or ConfigMap key: [-._a-zA-Z0-9]+, at most 253 characters. */
export function checkDataKey(problems: Problems, field: string, value: unknown): void {
    if (value === undefined || value === null || value === "") {
        return;
    }
    if (
        typeof value !== "string" ||
        value.length > DATA_KEY_MAX ||
        !DATA_KEY.test(value) ||
        value === "." ||
        value === ".."
    ) {
        problems.add(
            field,
            `${field} must be a Secret/ConfigMap key: letters, digits, '-', '_' and '.', at most 253 characters (got ${show(value)}); for example "url"`,
        );
    }
}

/** Checks a map of label-like keys: every key a qualified name, every value a label value (or any string). */
function checkKeyValueMap(problems: Problems, field: string, map: unknown, valuesAreLabels: boolean): void {
    if (map === undefined || map === null) {
        return;
    }
    if (typeof map !== "object" || Array.isArray(map) || pulumi.Output.isInstance(map)) {
        problems.add(field, `${field} must be a map of strings such as { team: "shop" } (got ${show(map)})`);
        return;
    }
    for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
        const entry = `${field}[${JSON.stringify(key)}]`;
        if (!isQualifiedName(key)) {
            problems.add(
                entry,
                `${field} key ${show(key)} must be a qualified name: an optional DNS-1123 prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit; for example "example.com/team"`,
            );
        }
        if (pulumi.Output.isInstance(value) && !valuesAreLabels) {
            continue;
        }
        if (typeof value !== "string") {
            problems.add(entry, `${entry} must be a string (got ${show(value)}); quote it, for example "true"`);
        } else if (valuesAreLabels && !isLabelValue(value)) {
            problems.add(
                entry,
                `${entry} must be a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (got ${show(value)})`,
            );
        }
    }
}

/** Checks a labels map (labels, podLabels, nodeSelector). */
export function checkLabels(problems: Problems, field: string, map: unknown): void {
    checkKeyValueMap(problems, field, map, true);
}

/** Checks an annotations map: qualified-name keys, string values, 256 KiB in all. */
export function checkAnnotations(problems: Problems, field: string, map: unknown): void {
    checkKeyValueMap(problems, field, map, false);
    if (map && typeof map === "object" && !pulumi.Output.isInstance(map)) {
        const size = Object.entries(map as Record<string, unknown>).reduce(
            (total, [k, v]) => total + k.length + (typeof v === "string" ? v.length : 0),
            0,
        );
        if (size > ANNOTATIONS_MAX_BYTES) {
            problems.add(
                field,
                `${field} must total at most 256 KiB (got ${size} characters); move large data to a ConfigMap`,
            );
        }
    }
}

/** Checks that a value, when present, is a string or an Output of one. */
export function checkStringInput(problems: Problems, field: string, value: unknown, example: string): void {
    if (value === undefined || value === null || typeof value === "string" || pulumi.Output.isInstance(value)) {
        return;
    }
    if (value instanceof Promise) {
        return;
    }
    problems.add(field, `${field} must be a string (got ${show(value)}); for example ${show(example)}`);
}

/** Checks that a value, when present, is a list of strings (a string is not split into characters). */
export function checkStringList(problems: Problems, field: string, value: unknown, example: string): void {
    if (value === undefined || value === null || pulumi.Output.isInstance(value)) {
        return;
    }
    if (!Array.isArray(value)) {
        problems.add(field, `${field} must be a list of strings (got ${show(value)}); for example ${example}`);
        return;
    }
    value.forEach((item: unknown, i) => {
        if (typeof item !== "string" && !pulumi.Output.isInstance(item)) {
            problems.add(
                `${field}[${i}]`,
                `${field}[${i}] must be a string (got ${show(item)}); for example ${example}`,
            );
        }
    });
}

/**
 * Checks that a value, when present, is a map (a plain object, not a list, a string or an Output); true when its
 * entries can be read.
 */
export function checkMap(problems: Problems, field: string, value: unknown, example: string): boolean {
    if (value === undefined || value === null) {
        return false;
    }
    if (typeof value !== "object" || Array.isArray(value) || pulumi.Output.isInstance(value)) {
        problems.add(field, `${field} must be a map (got ${show(value)}); for example ${example}`);
        return false;
    }
    return true;
}

/** Checks that a value, when present, is a list (of objects); `null` items are reported by index. */
export function checkObjectList(problems: Problems, field: string, value: unknown, example: string): boolean {
    if (value === undefined) {
        return true;
    }
    if (!Array.isArray(value)) {
        problems.add(field, `${field} must be a list (got ${show(value)}); for example ${example}`);
        return false;
    }
    let ok = true;
    value.forEach((item: unknown, i) => {
        if (item === null || typeof item !== "object" || Array.isArray(item)) {
            problems.add(
                `${field}[${i}]`,
                `${field}[${i}] must be an object (got ${show(item)}); for example ${example}`,
            );
            ok = false;
        }
    });
    return ok;
}

/** Checks that the values at `names` are unique, reporting each duplicate with both fields. */
export function checkUnique(
    problems: Problems,
    what: string,
    entries: readonly { readonly field: string; readonly value: string | number | undefined }[],
): void {
    const seen = new Map<string | number, string>();
    for (const entry of entries) {
        if (entry.value === undefined) {
            continue;
        }
        const first = seen.get(entry.value);
        if (first !== undefined) {
            problems.add(
                entry.field,
                `${entry.field} repeats the ${what} ${show(entry.value)} of ${first}; every ${what} must be unique`,
            );
        } else {
            seen.set(entry.value, entry.field);
        }
    }
}

const TOLERATION_OPERATORS = ["Exists", "Equal"];
const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** Checks tolerations: a known operator and effect, no value with `Exists`, a qualified-name key. */
export function checkTolerations(problems: Problems, field: string, tolerations: unknown): void {
    if (
        !checkObjectList(
            problems,
            field,
            tolerations,
            `[{ key: "dedicated", operator: "Exists", effect: "NoSchedule" }]`,
        )
    ) {
        return;
    }
    ((tolerations ?? []) as Record<string, unknown>[]).forEach((t, i) => {
        const at = `${field}[${i}]`;
        const operator = t.operator ?? "Equal";
        if (typeof operator !== "string" || !TOLERATION_OPERATORS.includes(operator)) {
            problems.add(`${at}.operator`, `${at}.operator must be "Exists" or "Equal" (got ${show(t.operator)})`);
        }
        if (t.effect !== undefined && (typeof t.effect !== "string" || !TAINT_EFFECTS.includes(t.effect))) {
            problems.add(
                `${at}.effect`,
                `${at}.effect must be one of "NoSchedule", "PreferNoSchedule", "NoExecute" (got ${show(t.effect)})`,
            );
        }
        if (operator === "Exists" && t.value !== undefined && t.value !== "") {
            problems.add(
                `${at}.value`,
                `${at}.value must be empty when operator is "Exists" (got ${show(t.value)}); drop the value or use "Equal"`,
            );
        }
        if ((t.key === undefined || t.key === "") && operator === "Equal") {
            problems.add(
                `${at}.operator`,
                `${at}.operator must be "Exists" when no key is given (got ${show(t.operator ?? "Equal")}); give a key, or use operator "Exists" to tolerate every taint`,
            );
        }
        if (t.key !== undefined && t.key !== "" && (typeof t.key !== "string" || !isQualifiedName(t.key))) {
            problems.add(`${at}.key`, `${at}.key must be a qualified name such as "dedicated" (got ${show(t.key)})`);
        }
        if (typeof t.value === "string" && t.value !== "" && !isLabelValue(t.value)) {
            problems.add(`${at}.value`, `${at}.value must be a label value (got ${show(t.value)})`);
        }
    });
}
