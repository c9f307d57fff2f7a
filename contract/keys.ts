/**
 * Label and annotation keys that the components write and the policy pack and the CLI read. They are a contract:
 * changing one changes what deployed objects carry.
 */

/** The label prefix of this package. */
export const KEY_PREFIX = "k8s-workloads.io";

/** The annotation listing the rules a resource is exempt from: `"rule,rule"`. */
export const EXEMPT_ANNOTATION = "k8s-workloads.io/exempt";

/** The annotation that must justify an exemption. */
export const EXEMPT_REASON_ANNOTATION = "k8s-workloads.io/exempt-reason";

/** The annotation that records a Service's or a Deployment's role (`live`, `preview`, `stable`, `canary`, `variant`). */
export const ROLE_ANNOTATION = "k8s-workloads.io/role";

/** Label keys this package reads and writes on workloads, pods and Services. */
export const LABELS = {
    name: "app.kubernetes.io/name",
    instance: "app.kubernetes.io/instance",
    version: "app.kubernetes.io/version",
    component: "app.kubernetes.io/component",
    partOf: "app.kubernetes.io/part-of",
    managedBy: "app.kubernetes.io/managed-by",
    /** The guide's short app label, used by its selectors and by `kubectl -l app=...`. */
    app: "app",
    /** The guide's track label: `blue`/`green` for blue-green, `stable`/`canary` for canaries. */
    track: "version",
    /** The guide's A/B variant label. */
    variant: "variant",
    /** Marks which pattern made a resource, so `k8s-workloads verify` can find workloads by label. */
    pattern: "k8s-workloads.io/pattern",
} as const;

/** The pod annotation holding a hash of a mounted configuration, so a config change rolls the pods. */
export const CONFIG_HASH_ANNOTATION = "k8s-workloads.io/config-hash";

/** The label `verify` puts on the Jobs it triggers from CronJobs. */
export const VERIFY_LABEL = "k8s-workloads.io/verify";

/** The label of the local cluster's real node (`"true"`), and the key of its NoSchedule taint. */
export const REAL_NODE_LABEL = "k8s-workloads.io/real-node";

/** `app.kubernetes.io/part-of` value of everything this package makes. */
export const PART_OF = "k8s-workloads";

/** `app.kubernetes.io/managed-by` value of everything this package makes. */
export const MANAGED_BY = "pulumi";
