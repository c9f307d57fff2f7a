import { apiVersionOf, kindOf } from "../lib/objects";
import { noConfig } from "../lib/rulekit";
import { ResourceRule } from "../types";

/** A removed API version of a kind (or of every kind of a group version, `*`) and what replaces it. */
interface RemovedApi {
    readonly apiVersion: string;
    readonly kind: string;
    /** The Kubernetes minor version that stopped serving it. */
    readonly removedIn: string;
    readonly replacement: string;
}

const APPS_V1 = "apps/v1";

/** The removed API versions of the kinds a workload repository holds (Kubernetes' deprecation guide). */
export const REMOVED_APIS: readonly RemovedApi[] = [
    { apiVersion: "extensions/v1beta1", kind: "Deployment", removedIn: "1.16", replacement: APPS_V1 },
    { apiVersion: "extensions/v1beta1", kind: "DaemonSet", removedIn: "1.16", replacement: APPS_V1 },
    { apiVersion: "extensions/v1beta1", kind: "ReplicaSet", removedIn: "1.16", replacement: APPS_V1 },
    { apiVersion: "extensions/v1beta1", kind: "NetworkPolicy", removedIn: "1.16", replacement: "networking.k8s.io/v1" },
    {
        apiVersion: "extensions/v1beta1",
        kind: "PodSecurityPolicy",
        removedIn: "1.16",
        replacement: "Pod Security admission (namespace labels pod-security.kubernetes.io/enforce)",
    },
    { apiVersion: "extensions/v1beta1", kind: "Ingress", removedIn: "1.22", replacement: "networking.k8s.io/v1" },
    { apiVersion: "apps/v1beta1", kind: "*", removedIn: "1.16", replacement: APPS_V1 },
    { apiVersion: "apps/v1beta2", kind: "*", removedIn: "1.16", replacement: APPS_V1 },
    { apiVersion: "policy/v1beta1", kind: "PodDisruptionBudget", removedIn: "1.25", replacement: "policy/v1" },
    {
        apiVersion: "policy/v1beta1",
        kind: "PodSecurityPolicy",
        removedIn: "1.25",
        replacement: "Pod Security admission (namespace labels pod-security.kubernetes.io/enforce)",
    },
    { apiVersion: "batch/v1beta1", kind: "CronJob", removedIn: "1.25", replacement: "batch/v1" },
    { apiVersion: "batch/v2alpha1", kind: "CronJob", removedIn: "1.21", replacement: "batch/v1" },
    { apiVersion: "autoscaling/v2beta1", kind: "*", removedIn: "1.25", replacement: "autoscaling/v2" },
    { apiVersion: "autoscaling/v2beta2", kind: "*", removedIn: "1.26", replacement: "autoscaling/v2" },
    { apiVersion: "networking.k8s.io/v1beta1", kind: "*", removedIn: "1.22", replacement: "networking.k8s.io/v1" },
    { apiVersion: "discovery.k8s.io/v1beta1", kind: "*", removedIn: "1.25", replacement: "discovery.k8s.io/v1" },
    { apiVersion: "events.k8s.io/v1beta1", kind: "*", removedIn: "1.25", replacement: "events.k8s.io/v1" },
    { apiVersion: "node.k8s.io/v1beta1", kind: "*", removedIn: "1.25", replacement: "node.k8s.io/v1" },
    {
        apiVersion: "rbac.authorization.k8s.io/v1beta1",
        kind: "*",
        removedIn: "1.22",
        replacement: "rbac.authorization.k8s.io/v1",
    },
    {
        apiVersion: "rbac.authorization.k8s.io/v1alpha1",
        kind: "*",
        removedIn: "1.22",
        replacement: "rbac.authorization.k8s.io/v1",
    },
    { apiVersion: "scheduling.k8s.io/v1beta1", kind: "*", removedIn: "1.22", replacement: "scheduling.k8s.io/v1" },
    { apiVersion: "scheduling.k8s.io/v1alpha1", kind: "*", removedIn: "1.22", replacement: "scheduling.k8s.io/v1" },
    {
        apiVersion: "storage.k8s.io/v1beta1",
        kind: "CSIStorageCapacity",
        removedIn: "1.27",
        replacement: "storage.k8s.io/v1",
    },
    { apiVersion: "storage.k8s.io/v1beta1", kind: "*", removedIn: "1.22", replacement: "storage.k8s.io/v1" },
    { apiVersion: "coordination.k8s.io/v1beta1", kind: "*", removedIn: "1.22", replacement: "coordination.k8s.io/v1" },
    { apiVersion: "certificates.k8s.io/v1beta1", kind: "*", removedIn: "1.22", replacement: "certificates.k8s.io/v1" },
    {
        apiVersion: "apiextensions.k8s.io/v1beta1",
        kind: "*",
        removedIn: "1.22",
        replacement: "apiextensions.k8s.io/v1",
    },
    {
        apiVersion: "apiregistration.k8s.io/v1beta1",
        kind: "*",
        removedIn: "1.22",
        replacement: "apiregistration.k8s.io/v1",
    },
    {
        apiVersion: "admissionregistration.k8s.io/v1beta1",
        kind: "*",
        removedIn: "1.22",
        replacement: "admissionregistration.k8s.io/v1",
    },
    {
        apiVersion: "authentication.k8s.io/v1beta1",
        kind: "*",
        removedIn: "1.22",
        replacement: "authentication.k8s.io/v1",
    },
    {
        apiVersion: "authorization.k8s.io/v1beta1",
        kind: "*",
        removedIn: "1.22",
        replacement: "authorization.k8s.io/v1",
    },
    {
        apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1",
        kind: "*",
        removedIn: "1.26",
        replacement: "flowcontrol.apiserver.k8s.io/v1",
    },
    {
        apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2",
        kind: "*",
        removedIn: "1.29",
        replacement: "flowcontrol.apiserver.k8s.io/v1",
    },
    {
        apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3",
        kind: "*",
        removedIn: "1.32",
        replacement: "flowcontrol.apiserver.k8s.io/v1",
    },
];

/** The removal entry of an apiVersion and kind, the kind's own entry before its group version's. */
export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
    const entries = REMOVED_APIS.filter((r) => r.apiVersion === apiVersion);
    return entries.find((r) => r.kind === kind) ?? entries.find((r) => r.kind === "*");
}

/**
 * `deprecated-api-versions`: objects use served API versions, not ones deprecated and removed from Kubernetes
 * (extensions/v1beta1, apps/v1beta1/v1beta2, policy/v1beta1, batch/v1beta1, autoscaling/v2beta1/v2beta2,
 * networking.k8s.io/v1beta1 and others). The message names the replacement.
 */
export const deprecatedApiVersions: ResourceRule<Record<string, never>> = {
    scope: "resource",
    name: "deprecated-api-versions",
    description: "Objects must not use API versions removed from supported Kubernetes versions.",
    remediation:
        "Change apiVersion to the replacement the message names and adapt the fields that changed with it (for apps/v1, spec.selector is required).",
    defaultLevel: "mandatory",
    configSchema: {},
    parseConfig: noConfig,
    check: (o) => {
        const apiVersion = apiVersionOf(o);
        const kind = kindOf(o);
        const removed = removedApi(apiVersion, kind);
        if (removed === undefined) {
            return [];
        }
        return [
            {
                message: `apiVersion ${apiVersion} of ${kind} is deprecated and no longer served since Kubernetes ${removed.removedIn}: use ${removed.replacement}`,
            },
        ];
    },
};
