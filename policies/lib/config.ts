/**
 * Rule settings: each setting is declared once, with its JSON schema, its baseline default and how its typed value
 * is read out of raw policy config (as given by CrossGuard's `getConfig()` or a preset file), so a default is never
 * written twice.
 */
import { ConfigPropertySchema, RuleSettings } from "../types";
import { JsonObject, arr, num, obj, pickedEntries, str } from "./values";

/** A string config value, or the fallback. */
function configString(raw: JsonObject, key: string, fallback: string): string {
    return str(raw[key]) ?? fallback;
}

/** A string config value restricted to a closed set, or the fallback. */
export function configChoice<T extends string>(raw: JsonObject, key: string, choices: readonly T[], fallback: T): T {
    const value = str(raw[key]);
    return value !== undefined && (choices as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** A number config value, or the fallback. */
function configNumber(raw: JsonObject, key: string, fallback: number): number {
    return num(raw[key]) ?? fallback;
}

/** A list-of-strings config value, or the fallback. */
function configStrings(raw: JsonObject, key: string, fallback: readonly string[]): readonly string[] {
    const value = arr(raw[key]);
    if (value === undefined) {
        return fallback;
    }
    return value.filter((v): v is string => typeof v === "string");
}

/** A map of string to number config value, or the fallback. */
function configNumberMap(
    raw: JsonObject,
    key: string,
    fallback: Readonly<Record<string, number>>,
): Readonly<Record<string, number>> {
    const value = obj(raw[key]);
    return value === undefined ? fallback : pickedEntries(value, num);
}

/** One setting of a rule: its config property (with the baseline default) and how its value is read. */
export interface Setting<T> {
    /** The config property, its `default` the baseline default. */
    readonly schema: ConfigPropertySchema;
    /** The typed value of the setting `key` in raw config, or the default. */
    read(raw: JsonObject, key: string): T;
}

/** The typed config that a record of settings reads. */
export type SettingValues<S> = { readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/** Options of a list-of-strings setting. */
export interface StringListOptions {
    /** The values an item may take, in the schema. */
    readonly choices?: readonly string[];
    /** Applied to each item of the value read (the default's too). */
    readonly normalize?: (item: string) => string;
}

/** A list of strings. */
export function stringListSetting(
    description: string,
    fallback: readonly string[] = [],
    options: StringListOptions = {},
): Setting<readonly string[]> {
    const { choices, normalize } = options;
    const items: ConfigPropertySchema = choices === undefined ? { type: "string" } : { type: "string", enum: choices };
    return {
        schema: { type: "array", items, default: fallback, description },
        read: (raw, key) => {
            const value = configStrings(raw, key, fallback);
            return normalize === undefined ? value : value.map(normalize);
        },
    };
}

/** A string. */
export function stringSetting(description: string, fallback: string): Setting<string> {
    return {
        schema: { type: "string", default: fallback, description },
        read: (raw, key) => configString(raw, key, fallback),
    };
}

/** One string of a closed set (a value outside it reads as the default). */
export function choiceSetting<T extends string>(description: string, choices: readonly T[], fallback: T): Setting<T> {
    return {
        schema: { type: "string", enum: choices, default: fallback, description },
        read: (raw, key) => configChoice(raw, key, choices, fallback),
    };
}

/** The JSON-schema bounds of a number setting. */
export interface NumberBounds {
    /** The schema type `integer` instead of `number`. */
    readonly integer?: boolean;
    readonly minimum?: number;
    readonly maximum?: number;
}

/** A number, with optional schema bounds. */
export function numberSetting(description: string, fallback: number, bounds: NumberBounds = {}): Setting<number> {
    const { integer, ...range } = bounds;
    return {
        schema: { type: integer === true ? "integer" : "number", ...range, default: fallback, description },
        read: (raw, key) => configNumber(raw, key, fallback),
    };
}

/** A map of names to numbers, empty by default. */
export function numberMapSetting(description: string): Setting<Readonly<Record<string, number>>> {
    return {
        schema: { type: "object", additionalProperties: { type: "number" }, default: {}, description },
        read: (raw, key) => configNumberMap(raw, key, {}),
    };
}

/** The config schema and parser of a rule, from its settings by config key (in schema order). */
export function ruleSettings<S extends Readonly<Record<string, Setting<unknown>>>>(
    settings: S,
): RuleSettings<SettingValues<S>> {
    const entries = Object.entries(settings);
    return {
        configSchema: Object.fromEntries(entries.map(([key, setting]) => [key, setting.schema])),
        parseConfig: (raw) =>
            Object.fromEntries(entries.map(([key, setting]) => [key, setting.read(raw, key)])) as SettingValues<S>,
    };
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
