/**
 * Small helpers shared by the rule files.
 */
import { K8sObject, cloneObject } from "./objects";
import { ContainerRef, PodTemplate, containersOf, podTemplateOf } from "./podspec";
import { JsonObject, isUnknown, obj, path } from "./values";
import { RuleName } from "../../contract/rules";
import { EnforcementLevel, Finding, ResourceRule, StackRule } from "../types";

/** The config of a rule without settings. */
export type NoConfig = Record<string, never>;

/** Config parser for rules without settings. */
export function noConfig(): NoConfig {
    return {};
}

/** What a rule without settings declares itself: the scope, the empty schema and the parser are filled in. */
export type UnconfiguredRule<R> = Omit<R, "scope" | "configSchema" | "parseConfig">;

/** A per-object rule without settings: no config properties, an empty config. */
export function resourceRuleWithoutConfig(rule: UnconfiguredRule<ResourceRule<NoConfig>>): ResourceRule<NoConfig> {
    return { scope: "resource", configSchema: {}, parseConfig: noConfig, ...rule };
}

/** A whole-set rule without settings: no config properties, an empty config. */
export function stackRuleWithoutConfig(rule: UnconfiguredRule<StackRule<NoConfig>>): StackRule<NoConfig> {
    return { scope: "stack", configSchema: {}, parseConfig: noConfig, ...rule };
}

/** A finding about one container. */
export function containerFinding(ref: ContainerRef, message: string, extra: Partial<Finding> = {}): Finding {
    return { ...extra, message, container: ref.name };
}

/**
 * Visits every container of the object's pod template (none when the object has no pod template) and collects
 * the findings the visitor pushes.
 */
export function eachContainer(
    o: K8sObject,
    visit: (ref: ContainerRef, pod: PodTemplate, out: Finding[]) => void,
): Finding[] {
    const pod = podTemplateOf(o);
    if (pod === undefined) {
        return [];
    }
    const out: Finding[] = [];
    for (const ref of containersOf(pod.spec)) {
        visit(ref, pod, out);
    }
    return out;
}

/** The pod-spec-level findings of a visitor (none when the object has no pod template). */
export function withPod(o: K8sObject, visit: (pod: PodTemplate, out: Finding[]) => void): Finding[] {
    const pod = podTemplateOf(o);
    if (pod === undefined) {
        return [];
    }
    const out: Finding[] = [];
    visit(pod, out);
    return out;
}

/** Like `eachContainer`, but only containers and init containers (ephemeral containers have no resources). */
export function eachResourcedContainer(
    o: K8sObject,
    visit: (ref: ContainerRef, pod: PodTemplate, out: Finding[]) => void,
): Finding[] {
    return eachContainer(o, (ref, pod, out) => {
        if (ref.type !== "ephemeralContainer") {
            visit(ref, pod, out);
        }
    });
}

/** A container's `resources.<section>.<name>`, or UNKNOWN_FIELD when any step of that path is unknown. */
export function resourceField(ref: ContainerRef, section: "limits" | "requests", name?: string): unknown {
    const resources: unknown = ref.container.resources;
    const values: unknown = path(resources, section);
    const value: unknown = name === undefined ? values : path(values, name);
    return isUnknown(resources) || isUnknown(values) || isUnknown(value) ? UNKNOWN_FIELD : value;
}

/** Marks a field that cannot be known before deployment (a preview-time output). */
export const UNKNOWN_FIELD: unique symbol = Symbol("unknown field");

/**
 * A remediation over every container: `fix` returns the container's new securityContext, or undefined to leave
 * it. Returns the fixed copy, or undefined when nothing changed.
 */
export function remediateSecurityContexts(
    o: K8sObject,
    fix: (container: JsonObject, securityContext: JsonObject) => JsonObject | undefined,
): K8sObject | undefined {
    const copy = cloneObject(o);
    const pod = podTemplateOf(copy);
    if (pod === undefined) {
        return undefined;
    }
    let changed = false;
    for (const ref of containersOf(pod.spec)) {
        const c = ref.container;
        if (isUnknown(c.securityContext)) {
            continue;
        }
        const next = fix(c, obj(c.securityContext) ?? {});
        if (next !== undefined) {
            c.securityContext = next;
            changed = true;
        }
    }
    return changed ? copy : undefined;
}

/** A container's `securityContext.<key>`, or UNKNOWN_FIELD when the context or the value is unknown. */
export function securityContextField(ref: ContainerRef, key: string): unknown {
    const sc: unknown = ref.container.securityContext;
    const value: unknown = path(sc, key);
    return isUnknown(sc) || isUnknown(value) ? UNKNOWN_FIELD : value;
}

/** What a settings-free per-container rule declares. */
export interface ContainerRuleSpec {
    readonly name: RuleName;
    readonly description: string;
    readonly remediation: string;
    readonly defaultLevel: EnforcementLevel;
    /** `resourced`: containers and init containers; `all`: ephemeral containers too. */
    readonly containers: "resourced" | "all";
    readonly visit: (ref: ContainerRef, pod: PodTemplate, out: Finding[]) => void;
    readonly remediate?: (o: K8sObject) => K8sObject | undefined;
}

/** A resource rule without settings that visits every container of a pod template. */
export function containerRule(spec: ContainerRuleSpec): ResourceRule<Record<string, never>> {
    const { containers, visit, ...info } = spec;
    const each = containers === "resourced" ? eachResourcedContainer : eachContainer;
    return { ...info, scope: "resource", configSchema: {}, parseConfig: noConfig, check: (o) => each(o, visit) };
}
