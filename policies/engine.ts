/**
 * The engine shared by the CrossGuard pack and the offline checker: resolves presets and config, runs every rule
 * over a set of plain Kubernetes objects, applies exemptions and enforcement levels.
 */
import baselinePreset from "./presets/baseline.json";
import restrictedPreset from "./presets/restricted.json";
import { Exclusions, compileExclusions, isExempt } from "./exemptions";
import { K8sObject, fromPulumi, kindOf, nameOf, namespaceOf } from "./lib/objects";
import { JsonObject, isPlainObject, obj, str } from "./lib/values";
import { ALL_RULES } from "./rules";
import { EnforcementLevel, Finding, Rule, StackContext, StackFinding, Violation, isEnforcementLevel } from "./types";

/** The presets shipped with the pack. */
export type PresetName = "baseline" | "restricted";

/** The preset names, for validation. */
export const PRESET_NAMES: readonly PresetName[] = ["baseline", "restricted"];

/**
 * Policy pack config, in the format of `pulumi preview --policy-pack-config <file>`: policy name (or `all`) to an
 * enforcement level, or to an object with an optional `enforcementLevel` and the policy's properties.
 */
export type PolicyPackConfig = Readonly<Record<string, unknown>>;

/** Options of `checkResources`. */
export interface CheckOptions {
    /** The preset to start from (default `baseline`). */
    readonly preset?: PresetName;
    /** Config layered over the preset (one or more policy-pack-config objects; later ones win). */
    readonly config?: PolicyPackConfig | readonly PolicyPackConfig[];
    /** The environment (as the stack tag `environment` under CrossGuard), for environment-specific limits. */
    readonly environment?: string;
}

/** A rule with its resolved level, parsed config and compiled exclusions. */
export interface PreparedRule {
    readonly rule: Rule;
    readonly level: EnforcementLevel;
    readonly config: unknown;
    readonly exclusions: Exclusions;
}

/** Everything a check run needs, resolved once. */
export interface ResolvedConfig {
    readonly rules: readonly PreparedRule[];
    readonly environment?: string;
}

/** The raw config file of a preset. */
export function presetConfig(name: PresetName): PolicyPackConfig {
    switch (name) {
        case "baseline":
            return baselinePreset;
        case "restricted":
            return restrictedPreset;
        default: {
            const never: never = name;
            throw new Error(`unknown preset ${String(never)}`);
        }
    }
}

interface Layered {
    level?: EnforcementLevel;
    props: JsonObject;
}

/** Validates a policy-pack-config object; returns the problems (empty when valid). */
export function validatePolicyPackConfig(config: unknown): string[] {
    const problems: string[] = [];
    const c = obj(config);
    if (c === undefined) {
        return ["policy pack config must be a JSON object of policy name to level or settings"];
    }
    const known = new Set<string>(ALL_RULES.map((r) => r.name));
    for (const [key, value] of Object.entries(c)) {
        if (key !== "all" && !known.has(key)) {
            problems.push(`unknown policy "${key}"`);
            continue;
        }
        if (typeof value === "string") {
            if (!isEnforcementLevel(value)) {
                problems.push(
                    `${key}: "${value}" is not an enforcement level (advisory, mandatory, remediate, disabled)`,
                );
            }
        } else if (isPlainObject(value)) {
            if (value.enforcementLevel !== undefined && !isEnforcementLevel(value.enforcementLevel)) {
                problems.push(
                    `${key}.enforcementLevel: ${JSON.stringify(value.enforcementLevel)} is not an enforcement level`,
                );
            }
        } else {
            problems.push(`${key}: expected an enforcement level or an object`);
        }
    }
    return problems;
}

function layer(into: Map<string, Layered>, config: PolicyPackConfig): void {
    const all = config.all;
    const allLevel = typeof all === "string" ? all : str(obj(all)?.enforcementLevel);
    for (const rule of ALL_RULES) {
        const entry = into.get(rule.name) ?? { props: {} };
        if (allLevel !== undefined && isEnforcementLevel(allLevel)) {
            entry.level = allLevel;
        }
        const value = config[rule.name];
        if (typeof value === "string" && isEnforcementLevel(value)) {
            entry.level = value;
        } else if (isPlainObject(value)) {
            const { enforcementLevel, ...props } = value;
            if (isEnforcementLevel(enforcementLevel)) {
                entry.level = enforcementLevel;
            }
            entry.props = { ...entry.props, ...props };
        }
        into.set(rule.name, entry);
    }
}

/** Prepares one rule from its raw policy config (as CrossGuard's `getConfig()` returns it). */
export function prepareRule(rule: Rule, raw: JsonObject, level: EnforcementLevel = rule.defaultLevel): PreparedRule {
    return { rule, level, config: rule.parseConfig(raw), exclusions: compileExclusions(raw) };
}

/**
 * Resolves a preset plus config layers into prepared rules. Do it once per run: it parses config and compiles
 * patterns.
 */
export function resolveConfig(options: CheckOptions = {}): ResolvedConfig {
    const layers = new Map<string, Layered>();
    layer(layers, presetConfig(options.preset ?? "baseline"));
    const extra = options.config === undefined ? [] : Array.isArray(options.config) ? options.config : [options.config];
    for (const c of extra as readonly PolicyPackConfig[]) {
        layer(layers, c);
    }
    const rules = ALL_RULES.map((rule) => {
        const l = layers.get(rule.name) ?? { props: {} };
        return prepareRule(rule, l.props, l.level ?? rule.defaultLevel);
    });
    return { rules, environment: options.environment };
}

/** The findings of a resource rule on one object, with exemptions applied. */
export function runResourceRule(p: PreparedRule, o: K8sObject): Finding[] {
    if (p.rule.scope !== "resource") {
        return [];
    }
    const name = p.rule.name;
    return p.rule.check(o, p.config).filter((f) => !isExempt(name, o, f, p.exclusions));
}

/** The findings of a stack rule over a set of objects, with exemptions applied. */
export function runStackRule(p: PreparedRule, objects: readonly K8sObject[], context: StackContext): StackFinding[] {
    if (p.rule.scope !== "stack") {
        return [];
    }
    const name = p.rule.name;
    return p.rule.check(objects, p.config, context).filter((f) => {
        const o = objects[f.index];
        return o !== undefined && !isExempt(name, o, f, p.exclusions);
    });
}

/** The level a finding is reported at: escalated findings and the remediate level report as mandatory. */
export function reportedLevel(level: EnforcementLevel, finding: Finding): "advisory" | "mandatory" {
    return finding.escalate === true || level === "mandatory" || level === "remediate" ? "mandatory" : "advisory";
}

function violation(p: PreparedRule, o: K8sObject, index: number, f: Finding): Violation {
    return {
        policy: p.rule.name,
        enforcementLevel: reportedLevel(p.level, f),
        kind: kindOf(o),
        namespace: namespaceOf(o),
        name: nameOf(o),
        container: f.container,
        message: f.message,
        fix: p.rule.remediation,
        index,
    };
}

function isResolved(options: CheckOptions | ResolvedConfig): options is ResolvedConfig {
    return "rules" in options;
}

/**
 * Runs every enabled rule (resource rules on each object, whole-set rules over all of them) and returns the
 * violations. Entries that are not plain objects with a `kind` are skipped; `Violation.index` points into
 * `objects`.
 */
export function checkResources(objects: readonly unknown[], options: CheckOptions | ResolvedConfig = {}): Violation[] {
    const resolved = isResolved(options) ? options : resolveConfig(options);
    const items: K8sObject[] = [];
    const indexes: number[] = [];
    objects.forEach((o, i) => {
        if (isPlainObject(o) && str(o.kind) !== undefined) {
            items.push(o);
            indexes.push(i);
        }
    });
    const out: Violation[] = [];
    const enabled = resolved.rules.filter((p) => p.level !== "disabled");
    items.forEach((o, i) => {
        for (const p of enabled) {
            if (p.rule.scope === "resource") {
                for (const f of runResourceRule(p, o)) {
                    out.push(violation(p, o, indexes[i] ?? i, f));
                }
            }
        }
    });
    const context: StackContext = { environment: resolved.environment };
    for (const p of enabled) {
        if (p.rule.scope === "stack") {
            for (const f of runStackRule(p, items, context)) {
                const o = items[f.index];
                if (o !== undefined) {
                    out.push(violation(p, o, indexes[f.index] ?? f.index, f));
                }
            }
        }
    }
    return out;
}

/** A Pulumi resource as mocks or CrossGuard see it: a type token and its properties. */
export interface PulumiResourceLike {
    readonly type: string;
    readonly props: unknown;
}

/**
 * `checkResources` for Pulumi resources (`kubernetes:apps/v1:Deployment` plus props): non-Kubernetes resources are
 * skipped; `Violation.index` points into `resources`.
 */
export function checkPulumiResources(
    resources: readonly PulumiResourceLike[],
    options: CheckOptions | ResolvedConfig = {},
): Violation[] {
    return checkResources(
        resources.map((r) => fromPulumi(r.type, r.props)),
        options,
    );
}

/** Names of the rules whose violations are mandatory under the given options. */
export function mandatoryRules(options: CheckOptions = {}): string[] {
    return resolveConfig(options)
        .rules.filter((p) => p.level === "mandatory" || p.level === "remediate")
        .map((p) => p.rule.name);
}
