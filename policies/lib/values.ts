/**
 * Safe accessors over plain JSON-like Kubernetes objects.
 *
 * Every accessor treats a value that is not plain JSON (a Pulumi `Output`, a promise, a class instance) or one of
 * Pulumi's preview-time "unknown" sentinel strings as *unknown*: rules skip what they cannot know instead of
 * reporting it as a violation.
 */

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * The sentinel strings Pulumi uses for values that are not known during preview (`@pulumi/policy` proxy.ts and
 * `@pulumi/pulumi` runtime/rpc.ts).
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** The value tests (and callers) may use to mark a field as unknown, as Pulumi does during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True for a plain object (object literal or parsed JSON/YAML mapping), false for arrays and class instances. */
export function isPlainObject(value: unknown): value is JsonObject {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return false;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}

/**
 * True when a value cannot be known now: a Pulumi unknown sentinel, or anything that is not plain JSON
 * (a Pulumi Output, a promise, a function, a class instance).
 */
export function isUnknown(value: unknown): boolean {
    switch (typeof value) {
        case "undefined":
        case "boolean":
        case "number":
            return false;
        case "string":
            return value.length === 36 && UNKNOWN_SENTINELS.has(value);
        case "object":
            return value !== null && !Array.isArray(value) && !isPlainObject(value);
        default:
            return true;
    }
}

/** True when a value is absent (`undefined` or `null`). */
export function isMissing(value: unknown): value is undefined | null {
    return value === undefined || value === null;
}

/** The value as a plain object, or undefined. */
export function obj(value: unknown): JsonObject | undefined {
    return isPlainObject(value) ? value : undefined;
}

/** The value as an array, or undefined. */
export function arr(value: unknown): readonly unknown[] | undefined {
    return Array.isArray(value) ? value : undefined;
}

/** The value as a known string, or undefined (an unknown sentinel is not a string here). */
export function str(value: unknown): string | undefined {
    return typeof value === "string" && !isUnknown(value) ? value : undefined;
}

/** The value as a finite number, or undefined. */
export function num(value: unknown): number | undefined {
    return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The value as a boolean, or undefined. */
export function bool(value: unknown): boolean | undefined {
    return typeof value === "boolean" ? value : undefined;
}

/** Follows a path of keys through nested plain objects; undefined when any step is not a plain object. */
export function path(value: unknown, ...keys: readonly string[]): unknown {
    let current: unknown = value;
    for (const key of keys) {
        const o = obj(current);
        if (o === undefined) {
            return undefined;
        }
        current = o[key];
    }
    return current;
}

/** The elements of an array value that `pick` accepts (undefined drops an element). */
function picked<T>(value: unknown, pick: (item: unknown) => T | undefined): T[] {
    const out: T[] = [];
    for (const item of arr(value) ?? []) {
        const p = pick(item);
        if (p !== undefined) {
            out.push(p);
        }
    }
    return out;
}

/** The entries of a plain object whose values `pick` accepts, as a new record (undefined drops an entry). */
export function pickedEntries<T>(value: JsonObject, pick: (item: unknown) => T | undefined): Record<string, T> {
    const out: Record<string, T> = {};
    for (const [key, item] of Object.entries(value)) {
        const p = pick(item);
        if (p !== undefined) {
            out[key] = p;
        }
    }
    return out;
}

/** The plain objects of an array value (other elements are dropped). */
export function objects(value: unknown): JsonObject[] {
    return picked(value, obj);
}

/** The known strings of an array value. */
export function strings(value: unknown): string[] {
    return picked(value, str);
}

/** True when a value, or anything nested in it, is unknown. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknown);
    }
    if (isPlainObject(value)) {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}

/** Structural equality of two JSON-like values (object key order is ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a)) {
        return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    }
    if (isPlainObject(a) && isPlainObject(b)) {
        const ka = Object.keys(a).filter((k) => a[k] !== undefined);
        const kb = Object.keys(b).filter((k) => b[k] !== undefined);
        return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
    }
    return false;
}

/** A deep copy of plain objects and arrays; other values (including unknown ones) are shared. */
export function deepClone<T>(value: T): T {
    if (Array.isArray(value)) {
        return value.map((v: unknown) => deepClone(v)) as T;
    }
    if (isPlainObject(value)) {
        const out: JsonObject = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = deepClone(v);
        }
        return out as T;
    }
    return value;
}

/** A value for messages: strings as-is, anything else as JSON. */
export function show(value: unknown): string {
    return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}
