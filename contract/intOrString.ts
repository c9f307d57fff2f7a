/**
 * IntOrString values given as strings: a count (`"2"`) or a percentage (`"25%"`), as Kubernetes takes them for
 * `maxSurge`, `maxUnavailable`, `minAvailable` and `partition`-like fields.
 */

const PERCENT = /^([0-9]+)%$/;
const COUNT = /^[0-9]+$/;

/** A parsed count-or-percentage. */
export type CountOrPercent = { kind: "count"; value: number } | { kind: "percent"; value: number };

/** Parses `"2"` or `"25%"` (surrounding white space ignored); undefined when it is neither. */
export function parseCountOrPercent(value: string): CountOrPercent | undefined {
    const text = value.trim();
    const percent = PERCENT.exec(text);
    if (percent) {
        return { kind: "percent", value: Number(percent[1]) };
    }
    if (COUNT.test(text)) {
        return { kind: "count", value: Number(text) };
    }
    return undefined;
}

/**
 * Parses an IntOrString as found in a manifest: a non-negative integer number, or a string count or percentage.
 * Undefined for anything else (negative or fractional numbers included).
 */
export function parseIntOrString(value: unknown): CountOrPercent | undefined {
    if (typeof value === "number") {
        return Number.isInteger(value) && value >= 0 ? { kind: "count", value } : undefined;
    }
    return typeof value === "string" ? parseCountOrPercent(value) : undefined;
}

/**
 * Converts a count-or-percentage string to the IntOrString Kubernetes expects: a number for a count,
 * the string for a percentage.
 */
export function toIntOrString(value: string): number | string {
    const parsed = parseCountOrPercent(value);
    return parsed?.kind === "count" ? parsed.value : value;
}

/** Resolves a count-or-percentage against a total, rounding as Kubernetes does for the given direction. */
export function resolveCountOrPercent(value: CountOrPercent, total: number, round: "up" | "down"): number {
    if (value.kind === "count") {
        return value.value;
    }
    const exact = (value.value * total) / 100;
    return round === "up" ? Math.ceil(exact) : Math.floor(exact);
}
