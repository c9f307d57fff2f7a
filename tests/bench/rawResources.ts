/**
 * The raw baseline: constructs recorded Kubernetes resources directly with `new k8s.<group>.<version>.<Kind>`,
 * without the component layer.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RecordedK8s } from "./mocks";

/** A @pulumi/kubernetes resource class. */
type K8sConstructor = new (
    name: string,
    args: Record<string, unknown>,
    opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

function member(value: unknown, key: string): unknown {
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Splits `kubernetes:apps/v1:Deployment` into its API group ("core" for the legacy group), version and kind. */
export function parseToken(type: string): { group: string; version: string; kind: string } {
    const [, apiVersion = "", kind = ""] = type.split(":");
    const [group = "", version = ""] = apiVersion.split("/");
    return { group, version, kind };
}

/** The SDK module of a built-in API group (`networking.k8s.io` → `networking`), or undefined for a CRD group. */
function sdkModule(group: string): string | undefined {
    if (!group.includes(".")) {
        return group;
    }
    return group.endsWith(".k8s.io") ? group.split(".")[0] : undefined;
}

const constructors = new Map<string, K8sConstructor>();

/** The class for a type token: the typed SDK class, or `apiextensions.CustomResource` for CRD kinds. */
export function constructorFor(type: string): K8sConstructor {
    const cached = constructors.get(type);
    if (cached) {
        return cached;
    }
    const { group, version, kind } = parseToken(type);
    const module = sdkModule(group);
    const found = module === undefined ? undefined : member(member(member(k8s, module), version), kind);
    const ctor =
        typeof found === "function"
            ? (found as K8sConstructor)
            : (k8s.apiextensions.CustomResource as unknown as K8sConstructor);
    constructors.set(type, ctor);
    return ctor;
}

/** Registers every recorded resource again, directly, with `prefix` added to its Pulumi name. */
export function buildRaw(records: readonly RecordedK8s[], prefix: string): pulumi.CustomResource[] {
    return records.map((r) => new (constructorFor(r.type))(`${prefix}${r.name}`, r.inputs));
}
