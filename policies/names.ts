/**
 * The names of every rule of the pack. These names are a contract: config keys, exemption annotations and reports
 * use them.
 */
export const RULE_NAMES = [
    "readiness-probe-required",
    "liveness-probe-required",
    "probe-sanity",
    "resource-requests-required",
    "memory-limit-required",
    "cpu-limit",
    "resource-bounds",
    "image-tag-pinned",
    "allowed-registries",
    "no-privileged",
    "no-host-namespaces",
    "host-path-restricted",
    "host-ports-restricted",
    "no-privilege-escalation",
    "capabilities-restricted",
    "seccomp-required",
    "run-as-non-root",
    "read-only-root-filesystem",
    "no-plaintext-secrets",
    "unsafe-pod-options",
    "selector-matches-template",
    "rollout-parameters-valid",
    "min-replicas",
    "pdb-required",
    "batch-limits",
    "progressive-delivery-consistency",
    "service-targets-workload",
    "exemption-reason-required",
] as const;

/** A rule name. */
export type RuleName = (typeof RULE_NAMES)[number];

/** The annotation listing the rules a resource is exempt from: `"rule,rule"`. */
export const EXEMPT_ANNOTATION = "k8s-workloads.io/exempt";

/** The annotation that must justify an exemption. */
export const EXEMPT_REASON_ANNOTATION = "k8s-workloads.io/exempt-reason";
