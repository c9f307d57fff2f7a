/**
 * CrossGuard wrappers: turn each rule into a `ResourceValidationPolicy` (`validateResource`, `remediateResource`)
 * or a `StackValidationPolicy` (`validateStack`) that calls the same pure rule functions as the offline checker.
 */
import type {
    Policies,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { PreparedRule, prepareRule, runResourceRule, runStackRule } from "./engine";
import { EXCLUSION_SCHEMA, annotationExemptions, isExcluded } from "./exemptions";
import { K8sObject, describe, fromPulumi } from "./lib/objects";
import { JsonObject, obj } from "./lib/values";
import { ALL_RULES } from "./rules";
import { ConfigPropertySchema, Finding, ResourceRule, Rule, StackRule } from "./types";

/** The name of the policy pack. */
export const PACK_NAME = "k8s-workloads";

/** The object form of a violation report, which `@pulumi/policy`'s reportViolation accepts at run time. */
interface ViolationReport {
    readonly message: string;
    readonly urn?: string;
    readonly enforcementLevel?: "mandatory";
}

/** `reportViolation` is typed as taking a string, but the SDK (server.ts) also takes an object with a level. */
type ReportAny = (report: string | ViolationReport, urn?: string) => void;

function toJsonSchema(p: ConfigPropertySchema): PolicyConfigJSONSchema {
    const out: PolicyConfigJSONSchema = { type: p.type };
    if (p.description !== undefined) {
        out.description = p.description;
    }
    if (p.enum !== undefined) {
        out.enum = [...p.enum];
    }
    if (p.items !== undefined) {
        out.items = toJsonSchema(p.items);
    }
    if (p.minimum !== undefined) {
        out.minimum = p.minimum;
    }
    if (p.maximum !== undefined) {
        out.maximum = p.maximum;
    }
    if (p.additionalProperties !== undefined) {
        out.additionalProperties = toJsonSchema(p.additionalProperties);
    }
    if (p.default !== undefined) {
        out.default = JSON.parse(JSON.stringify(p.default)) as PolicyConfigJSONSchema["default"];
    }
    return out;
}

/** The CrossGuard configSchema of a rule: its own properties plus the exclusion patterns. */
export function configSchemaOf(rule: Rule): PolicyConfigSchema {
    const properties: Record<string, PolicyConfigJSONSchema> = {};
    for (const [key, schema] of Object.entries({ ...rule.configSchema, ...EXCLUSION_SCHEMA })) {
        properties[key] = toJsonSchema(schema);
    }
    return { properties };
}

function text(f: Finding, o: K8sObject | undefined): string {
    const where = o === undefined ? "" : `${describe(o)}: `;
    return `${where}${f.container !== undefined ? `container "${f.container}" ` : ""}${f.message}`;
}

function report(reportViolation: ReportViolation, f: Finding, o: K8sObject | undefined, urn?: string): void {
    const message = text(f, o);
    if (f.escalate === true) {
        const reportAny = reportViolation as unknown as ReportAny;
        reportAny(
            urn === undefined
                ? { message, enforcementLevel: "mandatory" }
                : { message, urn, enforcementLevel: "mandatory" },
        );
    } else {
        reportViolation(message, urn);
    }
}

function configOf(args: { getConfig<T extends object>(): T }): JsonObject {
    return obj(args.getConfig<JsonObject>()) ?? {};
}

/**
 * Prepares a rule for the config CrossGuard hands over, reusing the last preparation while the config is unchanged
 * (CrossGuard calls once per resource; parsing config and compiling patterns each time would be wasted work).
 */
function preparer(rule: Rule): (raw: JsonObject) => PreparedRule {
    let lastKey: string | undefined;
    let last: PreparedRule | undefined;
    return (raw) => {
        const key = JSON.stringify(raw);
        if (last === undefined || key !== lastKey) {
            last = prepareRule(rule, raw);
            lastKey = key;
        }
        return last;
    };
}

/** Wraps a resource rule as a CrossGuard ResourceValidationPolicy. */
export function toResourcePolicy(rule: ResourceRule<unknown>): ResourceValidationPolicy {
    const prepare = preparer(rule);
    const policy: ResourceValidationPolicy = {
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.defaultLevel,
        remediationSteps: rule.remediation,
        configSchema: configSchemaOf(rule),
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            const o = fromPulumi(args.type, args.props);
            if (o === undefined) {
                args.notApplicable("not a Kubernetes object");
                return;
            }
            for (const f of runResourceRule(prepare(configOf(args)), o)) {
                report(reportViolation, f, undefined);
            }
        },
    };
    if (rule.remediate !== undefined) {
        policy.remediateResource = (args: ResourceValidationArgs) => {
            const o = fromPulumi(args.type, args.props);
            if (o === undefined) {
                return undefined;
            }
            const prepared = prepare(configOf(args));
            if (annotationExemptions(o).has(rule.name) || isExcluded(o, prepared.exclusions)) {
                return undefined;
            }
            return rule.remediate?.(o, prepared.config);
        };
    }
    return policy;
}

/** Wraps a whole-set rule as a CrossGuard StackValidationPolicy. */
export function toStackPolicy(rule: StackRule<unknown>): StackValidationPolicy {
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.defaultLevel,
        remediationSteps: rule.remediation,
        configSchema: configSchemaOf(rule),
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const objects: K8sObject[] = [];
            const urns: string[] = [];
            for (const r of args.resources) {
                const o = fromPulumi(r.type, r.props);
                if (o !== undefined) {
                    objects.push(o);
                    urns.push(r.urn);
                }
            }
            if (objects.length === 0) {
                args.notApplicable("no Kubernetes objects in the stack");
                return;
            }
            const prepared = prepareRule(rule, configOf(args));
            for (const f of runStackRule(prepared, objects, { environment: args.stackTags.get("environment") })) {
                report(reportViolation, f, objects[f.index], urns[f.index]);
            }
        },
    };
}

/** Wraps any rule as a CrossGuard policy. */
export function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
    return rule.scope === "resource" ? toResourcePolicy(rule) : toStackPolicy(rule);
}

/** Every rule as a CrossGuard policy, for `new PolicyPack(PACK_NAME, { policies: buildPolicies() })`. */
export function buildPolicies(): Policies {
    return ALL_RULES.map(toPolicy);
}
