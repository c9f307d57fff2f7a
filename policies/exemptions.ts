/**
 * Exemptions: per-policy config patterns (`excludeNamespaces`, `excludeNames`) and the per-resource annotation
 * `k8s-workloads.io/exempt: "<rule>,<rule>"` with its required `k8s-workloads.io/exempt-reason`.
 */
import { compileGlobs, ruleSettings, stringListSetting } from "./lib/config";
import { K8sObject, annotationsOf, nameOf, namespaceOf } from "./lib/objects";
import { oncePerObject } from "./lib/memo";
import { JsonObject } from "./lib/values";
import { EXEMPT_ANNOTATION, EXEMPT_REASON_ANNOTATION } from "../contract/keys";
import { ConfigPropertySchema, Finding } from "./types";

/** The settings every policy accepts: the exclusion patterns. */
const EXCLUSION_SETTINGS = ruleSettings({
    excludeNamespaces: stringListSetting("Namespaces (glob patterns) this policy does not check."),
    excludeNames: stringListSetting(
        'Resources this policy does not check, as "name" or "namespace/name" glob patterns.',
    ),
});

/** Config properties every policy accepts. */
export const EXCLUSION_SCHEMA: Readonly<Record<string, ConfigPropertySchema>> = EXCLUSION_SETTINGS.configSchema;

/** Compiled config exclusions of one policy. */
export interface Exclusions {
    readonly namespaces: RegExp | undefined;
    readonly names: RegExp | undefined;
    readonly qualifiedNames: RegExp | undefined;
}

/** Compiles the exclusion patterns of a policy's raw config (once per config, never per resource). */
export function compileExclusions(raw: JsonObject): Exclusions {
    const { excludeNamespaces, excludeNames: names } = EXCLUSION_SETTINGS.parseConfig(raw);
    return {
        namespaces: compileGlobs(excludeNamespaces),
        names: compileGlobs(names.filter((n) => !n.includes("/"))),
        qualifiedNames: compileGlobs(names.filter((n) => n.includes("/"))),
    };
}

/** True when config patterns exclude the object. */
export function isExcluded(o: K8sObject, exclusions: Exclusions): boolean {
    if (
        exclusions.namespaces === undefined &&
        exclusions.names === undefined &&
        exclusions.qualifiedNames === undefined
    ) {
        return false;
    }
    const ns = namespaceOf(o) ?? "default";
    const name = nameOf(o) ?? "";
    return (
        (exclusions.namespaces?.test(ns) ?? false) ||
        (exclusions.names?.test(name) ?? false) ||
        (exclusions.qualifiedNames?.test(`${ns}/${name}`) ?? false)
    );
}

/** The rule names listed in an exemption annotation value. */
export function parseExemptList(value: string): string[] {
    return value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
}

/** True for the names that would exempt from every rule (`*`, `all`): never honoured. */
export function isBlanketExemption(name: string): boolean {
    return name === "*" || name === "all";
}

/**
 * The rules an object is validly exempt from by annotation: the listed names, only when a non-empty reason is
 * given and the list is not a blanket `*`/`all`. (Invalid exemptions are reported by `exemption-reason-required`.)
 * Computed once per object.
 */
export const annotationExemptions: (o: K8sObject) => ReadonlySet<string> = oncePerObject(validExemptions);

function validExemptions(o: K8sObject): ReadonlySet<string> {
    const annotations = annotationsOf(o);
    const value = annotations[EXEMPT_ANNOTATION];
    const reason = (annotations[EXEMPT_REASON_ANNOTATION] ?? "").trim();
    return value === undefined || reason === ""
        ? new Set<string>()
        : new Set(parseExemptList(value).filter((name) => !isBlanketExemption(name)));
}

/** True when a finding of `rule` on `o` is waived by config or annotation. */
export function isExempt(rule: string, o: K8sObject, finding: Finding, exclusions: Exclusions): boolean {
    if (finding.exemptable === false) {
        return false;
    }
    if (finding.exemptable === "annotation-only") {
        return annotationExemptions(o).has(rule);
    }
    return annotationExemptions(o).has(rule) || isExcluded(o, exclusions);
}
