/**
 * The rule factories (every rule is made by one of them: its metadata comes from the rule catalog, so a rule file
 * holds only its check and its settings) and the small helpers the rule files share: container and pod visitors,
 * field readers and the securityContext remediation.
 */
import { RULE_CATALOG } from "../catalog";
import { K8sObject, cloneObject } from "./objects";
import { ContainerRef, PodTemplate, containersOf, podTemplateOf } from "./podspec";
import { JsonObject, isUnknown, obj, path } from "./values";
import { RuleName } from "../../contract/rules";
import { Finding, ResourceRule, RuleSettings, StackRule } from "../types";

/** The config of a rule without settings. */
export type NoConfig = Record<string, never>;

/** The settings of a rule without settings: no config properties, an empty config. */
const NO_SETTINGS: RuleSettings<NoConfig> = { configSchema: {}, parseConfig: () => ({}) };

/** What a per-object rule does: its check, and optionally a safe automatic fix. */
export type ResourceBehaviour<C> = Pick<ResourceRule<C>, "check" | "remediate">;

/** A per-object rule with settings; its description, remediation and level come from the catalog. */
export function configurableResourceRule<C>(
    name: RuleName,
    settings: RuleSettings<C>,
    behaviour: ResourceBehaviour<C>,
): ResourceRule<C> {
    return { scope: "resource", name, ...RULE_CATALOG[name], ...settings, ...behaviour };
}

/** A per-object rule without settings. */
export function resourceRule(name: RuleName, behaviour: ResourceBehaviour<NoConfig>): ResourceRule<NoConfig> {
    return configurableResourceRule(name, NO_SETTINGS, behaviour);
}

/** A whole-set rule with settings; its description, remediation and level come from the catalog. */
export function configurableStackRule<C>(
    name: RuleName,
    settings: RuleSettings<C>,
    check: StackRule<C>["check"],
): StackRule<C> {
    return { scope: "stack", name, ...RULE_CATALOG[name], ...settings, check };
}

/** A whole-set rule without settings. */
export function stackRule(name: RuleName, check: StackRule<NoConfig>["check"]): StackRule<NoConfig> {
    return configurableStackRule(name, NO_SETTINGS, check);
}

/** Looks at one container of a pod template and pushes its findings. */
export type ContainerVisitor = (ref: ContainerRef, pod: PodTemplate, out: Finding[]) => void;

/** What a container rule does: which containers it visits, what it looks at in each, and an optional fix. */
export interface ContainerChecks<C> {
    /** `resourced`: containers and init containers; `all`: ephemeral containers too. */
    readonly containers: "resourced" | "all";
    /** Looks at one container, with the rule's config, and pushes its findings. */
    readonly visit: (ref: ContainerRef, pod: PodTemplate, out: Finding[], config: C) => void;
    /** A safe automatic fix: the fixed copy, or undefined when nothing changes. */
    readonly remediate?: (o: K8sObject, config: C) => K8sObject | undefined;
}

/** A rule with settings that visits every container of a pod template. */
export function configurableContainerRule<C>(
    name: RuleName,
    settings: RuleSettings<C>,
    checks: ContainerChecks<C>,
): ResourceRule<C> {
    const { containers, visit, ...fix } = checks;
    const each = containers === "resourced" ? eachResourcedContainer : eachContainer;
    return configurableResourceRule(name, settings, {
        check: (o, config) => each(o, (ref, pod, out) => visit(ref, pod, out, config)),
        ...fix,
    });
}

/** A rule without settings that visits every container of a pod template. */
export function containerRule(name: RuleName, checks: ContainerChecks<NoConfig>): ResourceRule<NoConfig> {
    return configurableContainerRule(name, NO_SETTINGS, checks);
}

/** A rule with settings that looks at the pod template (objects without one have no findings). */
export function configurablePodRule<C>(
    name: RuleName,
    settings: RuleSettings<C>,
    visit: (pod: PodTemplate, out: Finding[], config: C) => void,
): ResourceRule<C> {
    return configurableResourceRule(name, settings, {
        check: (o, config) => withPod(o, (pod, out) => visit(pod, out, config)),
    });
}

/** A rule without settings that looks at the pod template (objects without one have no findings). */
export function podRule(name: RuleName, visit: (pod: PodTemplate, out: Finding[]) => void): ResourceRule<NoConfig> {
    return configurablePodRule(name, NO_SETTINGS, visit);
}

/** A finding about one container. */
export function containerFinding(ref: ContainerRef, message: string, extra: Partial<Finding> = {}): Finding {
    return { ...extra, message, container: ref.name };
}

/**
 * Visits every container of the object's pod template (none when the object has no pod template) and collects
 * the findings the visitor pushes.
 */
export function eachContainer(o: K8sObject, visit: ContainerVisitor): Finding[] {
    return withPod(o, (pod, out) => {
        for (const ref of containersOf(pod.spec)) {
            visit(ref, pod, out);
        }
    });
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
export function eachResourcedContainer(o: K8sObject, visit: ContainerVisitor): Finding[] {
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

/**
 * A visitor that requires `securityContext.<key>` to be `required`: a container whose value is known and different
 * gets the finding `message(value)`.
 */
export function securityContextRequired(
    key: string,
    required: boolean,
    message: (value: unknown) => string,
): ContainerVisitor {
    return (ref, _pod, out) => {
        const value = securityContextField(ref, key);
        if (value !== required && value !== UNKNOWN_FIELD) {
            out.push(containerFinding(ref, message(value)));
        }
    };
}
