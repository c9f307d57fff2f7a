/**
 * Types shared by the rules, the engine, the CrossGuard wrappers and the offline checker.
 */
import { RuleName } from "../contract/rules";
import { K8sObject } from "./lib/objects";
import { JsonObject } from "./lib/values";

/** CrossGuard enforcement levels. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** The enforcement levels, for validation. */
export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** True when a value is an enforcement level. */
export function isEnforcementLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

/** A JSON schema for one config property (the subset the rules use; it is what CrossGuard's configSchema takes). */
export interface ConfigPropertySchema {
    readonly type: "string" | "number" | "integer" | "boolean" | "array" | "object";
    readonly description?: string;
    readonly enum?: readonly string[];
    readonly items?: ConfigPropertySchema;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly additionalProperties?: ConfigPropertySchema;
    readonly default?: unknown;
}

/** One problem a rule found in one object. */
export interface Finding {
    /** What is wrong, naming the field and the bad value. */
    readonly message: string;
    /** The container concerned, if any. */
    readonly container?: string;
    /**
     * Raises this finding to `mandatory` whatever the rule's level (for example a PDB that blocks every eviction
     * under the advisory `pdb-required`). Only applies while the rule is enabled.
     */
    readonly escalate?: boolean;
    /**
     * False for findings that no exemption can waive (an invalid exemption); "annotation-only" for findings that only
     * an explicit per-resource exemption annotation with a reason waives, never a config pattern (the runtime socket).
     */
    readonly exemptable?: boolean | "annotation-only";
}

/** A finding of a whole-set rule, tied to the object (by index into the checked set) it is about. */
export interface StackFinding extends Finding {
    readonly index: number;
}

/** Context a whole-set rule may use. */
export interface StackContext {
    /** The environment name, from the stack tag `environment` (CrossGuard) or undefined. */
    readonly environment?: string;
}

/** What the rule catalog says of a rule. */
export interface RuleMetadata {
    /** The level in the baseline preset. */
    readonly defaultLevel: EnforcementLevel;
    /** One sentence: what the rule requires. */
    readonly description: string;
    /** How to fix a violation. */
    readonly remediation: string;
}

/** The settings of a rule: its config properties and how raw config becomes its typed config. */
export interface RuleSettings<C> {
    /** Rule-specific config properties, with baseline defaults. */
    readonly configSchema: Readonly<Record<string, ConfigPropertySchema>>;
    /** Turns raw policy config (defaults already applied or not) into the rule's typed config. */
    parseConfig(raw: JsonObject): C;
}

/** What every rule declares. */
export interface RuleInfo<C> extends RuleMetadata, RuleSettings<C> {
    /** The rule's name: a contract, used in config, exemptions and reports. */
    readonly name: RuleName;
}

/** A rule that looks at one object at a time (CrossGuard `validateResource`). */
export interface ResourceRule<C> extends RuleInfo<C> {
    readonly scope: "resource";
    /** The pure core of the rule: findings for one plain Kubernetes object. */
    check(o: K8sObject, config: C): Finding[];
    /** A safe automatic fix (CrossGuard `remediateResource`): the fixed copy, or undefined when nothing changes. */
    remediate?(o: K8sObject, config: C): K8sObject | undefined;
}

/** A rule that looks at the whole set of objects (CrossGuard `validateStack`). */
export interface StackRule<C> extends RuleInfo<C> {
    readonly scope: "stack";
    /** The pure core of the rule: findings over every object of a stack or manifest set. */
    check(objects: readonly K8sObject[], config: C, context: StackContext): StackFinding[];
}

/** Any rule. */
export type Rule<C = unknown> = ResourceRule<C> | StackRule<C>;

/** A reported violation: a finding with its rule, level and object identity. */
export interface Violation {
    readonly policy: string;
    readonly enforcementLevel: "advisory" | "mandatory";
    readonly kind: string;
    readonly namespace?: string;
    readonly name?: string;
    readonly container?: string;
    readonly message: string;
    /** The rule's remediation text. */
    readonly fix: string;
    /** Index of the object in the checked set. */
    readonly index: number;
}
