import { apiVersionOf, kindOf } from "../lib/objects";
import { NoConfig, resourceRule } from "../lib/rulekit";
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
/** What replaces PodSecurityPolicy. */
const POD_SECURITY_ADMISSION = "Pod Security admission (namespace labels pod-security.kubernetes.io/enforce)";

/** The rows of {@link REMOVED_APIS}: `[apiVersion, kind, removedIn, replacement]`. */
const REMOVED_API_ROWS: readonly (readonly [string, string, string, string])[] = [
    ["extensions/v1beta1", "Deployment", "1.16", APPS_V1],
    ["extensions/v1beta1", "DaemonSet", "1.16", APPS_V1],
    ["extensions/v1beta1", "ReplicaSet", "1.16", APPS_V1],
    ["extensions/v1beta1", "NetworkPolicy", "1.16", "networking.k8s.io/v1"],
    ["extensions/v1beta1", "PodSecurityPolicy", "1.16", POD_SECURITY_ADMISSION],
    ["extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"],
    ["apps/v1beta1", "*", "1.16", APPS_V1],
    ["apps/v1beta2", "*", "1.16", APPS_V1],
    ["policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1"],
    ["policy/v1beta1", "PodSecurityPolicy", "1.25", POD_SECURITY_ADMISSION],
    ["batch/v1beta1", "CronJob", "1.25", "batch/v1"],
    ["batch/v2alpha1", "CronJob", "1.21", "batch/v1"],
    ["autoscaling/v2beta1", "*", "1.25", "autoscaling/v2"],
    ["autoscaling/v2beta2", "*", "1.26", "autoscaling/v2"],
    ["networking.k8s.io/v1beta1", "*", "1.22", "networking.k8s.io/v1"],
    ["discovery.k8s.io/v1beta1", "*", "1.25", "discovery.k8s.io/v1"],
    ["events.k8s.io/v1beta1", "*", "1.25", "events.k8s.io/v1"],
    ["node.k8s.io/v1beta1", "*", "1.25", "node.k8s.io/v1"],
    ["rbac.authorization.k8s.io/v1beta1", "*", "1.22", "rbac.authorization.k8s.io/v1"],
    ["rbac.authorization.k8s.io/v1alpha1", "*", "1.22", "rbac.authorization.k8s.io/v1"],
    ["scheduling.k8s.io/v1beta1", "*", "1.22", "scheduling.k8s.io/v1"],
    ["scheduling.k8s.io/v1alpha1", "*", "1.22", "scheduling.k8s.io/v1"],
    ["storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27", "storage.k8s.io/v1"],
    ["storage.k8s.io/v1beta1", "*", "1.22", "storage.k8s.io/v1"],
    ["coordination.k8s.io/v1beta1", "*", "1.22", "coordination.k8s.io/v1"],
    ["certificates.k8s.io/v1beta1", "*", "1.22", "certificates.k8s.io/v1"],
    ["apiextensions.k8s.io/v1beta1", "*", "1.22", "apiextensions.k8s.io/v1"],
    ["apiregistration.k8s.io/v1beta1", "*", "1.22", "apiregistration.k8s.io/v1"],
    ["admissionregistration.k8s.io/v1beta1", "*", "1.22", "admissionregistration.k8s.io/v1"],
    ["authentication.k8s.io/v1beta1", "*", "1.22", "authentication.k8s.io/v1"],
    ["authorization.k8s.io/v1beta1", "*", "1.22", "authorization.k8s.io/v1"],
    ["flowcontrol.apiserver.k8s.io/v1beta1", "*", "1.26", "flowcontrol.apiserver.k8s.io/v1"],
    ["flowcontrol.apiserver.k8s.io/v1beta2", "*", "1.29", "flowcontrol.apiserver.k8s.io/v1"],
    ["flowcontrol.apiserver.k8s.io/v1beta3", "*", "1.32", "flowcontrol.apiserver.k8s.io/v1"],
];

/** The removed API versions of the kinds a workload repository holds (Kubernetes' deprecation guide). */
export const REMOVED_APIS: readonly RemovedApi[] = REMOVED_API_ROWS.map(
    ([apiVersion, kind, removedIn, replacement]) => ({
        apiVersion,
        kind,
        removedIn,
        replacement,
    }),
);

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
export const deprecatedApiVersions: ResourceRule<NoConfig> = resourceRule("deprecated-api-versions", {
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
});
