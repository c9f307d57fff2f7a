/**
 * Reading typed values out of raw policy config (as given by CrossGuard's `getConfig()` or a preset file).
 */
import { JsonObject, arr, num, obj, str } from "./values";

/** A string config value, or the fallback. */
export function configString(raw: JsonObject, key: string, fallback: string): string {
    return str(raw[key]) ?? fallback;
}

/** A string config value restricted to a closed set, or the fallback. */
export function configChoice<T extends string>(raw: JsonObject, key: string, choices: readonly T[], fallback: T): T {
    const value = str(raw[key]);
    return value !== undefined && (choices as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** A number config value, or the fallback. */
export function configNumber(raw: JsonObject, key: string, fallback: number): number {
    return num(raw[key]) ?? fallback;
}

/** A list-of-strings config value, or the fallback. */
export function configStrings(raw: JsonObject, key: string, fallback: readonly string[]): readonly string[] {
    const value = arr(raw[key]);
    if (value === undefined) {
        return fallback;
    }
    return value.filter((v): v is string => typeof v === "string");
}

/** A map of string to number config value, or the fallback. */
export function configNumberMap(
    raw: JsonObject,
    key: string,
    fallback: Readonly<Record<string, number>>,
): Readonly<Record<string, number>> {
    const value = obj(raw[key]);
    if (value === undefined) {
        return fallback;
    }
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(value)) {
        const n = num(v);
        if (n !== undefined) {
            out[k] = n;
        }
    }
    return out;
}

/**
 * Compiles shell-style glob patterns (`*`, `?`) into one anchored regular expression. Compile once per config,
 * never per resource.
 */
export function compileGlobs(patterns: readonly string[]): RegExp | undefined {
    if (patterns.length === 0) {
        return undefined;
    }
    const parts = patterns.map((p) =>
        p
            .split("")
            .map((ch) => {
                if (ch === "*") {
                    return ".*";
                }
                if (ch === "?") {
                    return ".";
                }
                return ch.replace(/[.+^${}()|[\]\\/-]/g, "\\$&");
            })
            .join(""),
    );
    return new RegExp(`^(?:${parts.join("|")})$`);
}
