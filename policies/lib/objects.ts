/**
 * Identity of a Kubernetes object (kind, namespace, name, labels) and the mapping from Pulumi resource types
 * (`kubernetes:apps/v1:Deployment`) to plain Kubernetes objects.
 */
import { oncePerObject } from "./memo";
import { JsonObject, deepClone, isPlainObject, obj, path, pickedEntries, str } from "./values";

/** A plain Kubernetes object: at least a `kind`. */
export type K8sObject = JsonObject;

/** The kind of an object, or "" when absent. */
export function kindOf(o: K8sObject): string {
    return str(o.kind) ?? "";
}

/** The apiVersion of an object, or "" when absent. */
export function apiVersionOf(o: K8sObject): string {
    return str(o.apiVersion) ?? "";
}

/** The namespace of an object, or undefined (the default namespace). */
export function namespaceOf(o: K8sObject): string | undefined {
    return str(path(o, "metadata", "namespace"));
}

/** The name of an object, or undefined. */
export function nameOf(o: K8sObject): string | undefined {
    return str(path(o, "metadata", "name"));
}

/** The known strings of a record, computed once per record: every rule reads the same labels again. */
const knownStrings = oncePerObject((o: JsonObject): Record<string, string> => pickedEntries(o, str));

/**
 * A record of string values (labels, annotations, selectors), dropping entries that are not known strings.
 * The result is computed once per source object (objects are not changed while they are checked): do not modify it.
 */
export function stringMap(value: unknown): Record<string, string> {
    const o = obj(value);
    return o === undefined ? {} : knownStrings(o);
}

/** The object's labels. */
export function labelsOf(o: K8sObject): Record<string, string> {
    return stringMap(path(o, "metadata", "labels"));
}

/** The object's annotations. */
export function annotationsOf(o: K8sObject): Record<string, string> {
    return stringMap(path(o, "metadata", "annotations"));
}

/** `Kind namespace/name` for messages. */
export function describe(o: K8sObject): string {
    const ns = namespaceOf(o);
    return `${kindOf(o) || "object"} ${ns === undefined ? "" : `${ns}/`}${nameOf(o) ?? "(unnamed)"}`;
}

/** A Pulumi Kubernetes type token, split: `kubernetes:apps/v1:Deployment` → apiVersion `apps/v1`, kind. */
export interface PulumiKubernetesType {
    readonly apiVersion: string;
    readonly kind: string;
}

const TOKEN = /^kubernetes:([^:]+):([^:]+)$/;

/**
 * Parses a Pulumi Kubernetes resource type. Returns undefined for non-Kubernetes types, components
 * (`kubernetes:yaml:ConfigFile`, `kubernetes:helm.sh/v3:Chart`), providers, and `*Patch` / `*List` types.
 */
export function parsePulumiType(type: string): PulumiKubernetesType | undefined {
    const m = TOKEN.exec(type);
    if (m === null) {
        return undefined;
    }
    const [, groupVersion, kind] = m;
    if (groupVersion === undefined || kind === undefined || !groupVersion.includes("/")) {
        return undefined;
    }
    if (kind.endsWith("Patch") || kind.endsWith("List")) {
        return undefined;
    }
    const apiVersion = groupVersion.startsWith("core/") ? groupVersion.slice("core/".length) : groupVersion;
    return { apiVersion, kind };
}

/** The property `@pulumi/policy` uses to expose the target of its unknown-checking proxy. */
const PROXY_TARGET = "__getSpecialProxyTarget";

/**
 * Strips `@pulumi/policy`'s unknown-checking proxy (which throws when an unknown value is read) so that rules see
 * the raw values, where unknowns are sentinels that the accessors of `values.ts` treat as "unknown → skip".
 */
export function unwrapProps(props: unknown): JsonObject | undefined {
    if (typeof props !== "object" || props === null) {
        return undefined;
    }
    const target: unknown = (props as Record<string, unknown>)[PROXY_TARGET];
    const raw: unknown = typeof target === "object" && target !== null ? target : props;
    return isPlainObject(raw) ? raw : undefined;
}

/**
 * Turns a CrossGuard resource (`args.type`, `args.props`) into a plain Kubernetes object with `apiVersion` and
 * `kind`, or undefined when the type is not a Kubernetes object type.
 */
export function fromPulumi(type: string, props: unknown): K8sObject | undefined {
    const parsed = parsePulumiType(type);
    const raw = unwrapProps(props);
    if (parsed === undefined || raw === undefined) {
        return undefined;
    }
    if (str(raw.kind) === parsed.kind && str(raw.apiVersion) !== undefined) {
        return raw;
    }
    return { ...raw, apiVersion: parsed.apiVersion, kind: parsed.kind };
}

/** A deep copy of a Kubernetes object, for remediations. */
export function cloneObject(o: K8sObject): K8sObject {
    return deepClone(o);
}
