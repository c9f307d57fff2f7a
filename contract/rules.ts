/**
 * The names of every rule of the policy pack. They are a contract: config keys, presets, exemption annotations,
 * reports and the components' own exemptions use them.
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
    "network-policy-required",
    "service-account-token",
    "volume-types-restricted",
    "deprecated-api-versions",
    "hpa-consistency",
    "replicas-spread",
    "secret-values",
    "sysctl-values",
    "exemption-reason-required",
] as const;

/** A rule name. */
export type RuleName = (typeof RULE_NAMES)[number];

/** True when `value` names a rule of the pack. */
export function isRuleName(value: string): value is RuleName {
    return (RULE_NAMES as readonly string[]).includes(value);
}
