/**
 * The rule registry: every rule of the pack keyed by its name, so the compiler proves each name of RULE_NAMES has
 * exactly one rule. Report order is RULE_NAMES order.
 */
import { RULE_NAMES, RuleName } from "../../contract/rules";
import { Rule } from "../types";
import { networkPolicyRequired } from "./network-policy-required";
import { serviceAccountToken } from "./service-account-token";
import { volumeTypesRestricted } from "./volume-types-restricted";
import { deprecatedApiVersions } from "./deprecated-api-versions";
import { hpaConsistency } from "./hpa-consistency";
import { replicasSpread } from "./replicas-spread";
import { secretValues } from "./secret-values";
import { sysctlValues } from "./sysctl-values";
import { allowedRegistries } from "./allowed-registries";
import { batchLimits } from "./batch-limits";
import { capabilitiesRestricted } from "./capabilities-restricted";
import { cpuLimit } from "./cpu-limit";
import { exemptionReasonRequired } from "./exemption-reason-required";
import { hostPathRestricted } from "./host-path-restricted";
import { hostPortsRestricted } from "./host-ports-restricted";
import { imageTagPinned } from "./image-tag-pinned";
import { livenessProbeRequired } from "./liveness-probe-required";
import { memoryLimitRequired } from "./memory-limit-required";
import { minReplicas } from "./min-replicas";
import { noHostNamespaces } from "./no-host-namespaces";
import { noPlaintextSecrets } from "./no-plaintext-secrets";
import { noPrivilegeEscalation } from "./no-privilege-escalation";
import { noPrivileged } from "./no-privileged";
import { pdbRequired } from "./pdb-required";
import { probeSanity } from "./probe-sanity";
import { progressiveDeliveryConsistency } from "./progressive-delivery-consistency";
import { readOnlyRootFilesystem } from "./read-only-root-filesystem";
import { readinessProbeRequired } from "./readiness-probe-required";
import { resourceBounds } from "./resource-bounds";
import { resourceRequestsRequired } from "./resource-requests-required";
import { rolloutParametersValid } from "./rollout-parameters-valid";
import { runAsNonRoot } from "./run-as-non-root";
import { seccompRequired } from "./seccomp-required";
import { selectorMatchesTemplate } from "./selector-matches-template";
import { serviceTargetsWorkload } from "./service-targets-workload";
import { unsafePodOptions } from "./unsafe-pod-options";

/** Every rule by name. */
export const RULES: Readonly<Record<RuleName, Rule>> = {
    "readiness-probe-required": readinessProbeRequired,
    "liveness-probe-required": livenessProbeRequired,
    "probe-sanity": probeSanity,
    "resource-requests-required": resourceRequestsRequired,
    "memory-limit-required": memoryLimitRequired,
    "cpu-limit": cpuLimit,
    "resource-bounds": resourceBounds,
    "image-tag-pinned": imageTagPinned,
    "allowed-registries": allowedRegistries,
    "no-privileged": noPrivileged,
    "no-host-namespaces": noHostNamespaces,
    "host-path-restricted": hostPathRestricted,
    "host-ports-restricted": hostPortsRestricted,
    "no-privilege-escalation": noPrivilegeEscalation,
    "capabilities-restricted": capabilitiesRestricted,
    "seccomp-required": seccompRequired,
    "run-as-non-root": runAsNonRoot,
    "read-only-root-filesystem": readOnlyRootFilesystem,
    "no-plaintext-secrets": noPlaintextSecrets,
    "unsafe-pod-options": unsafePodOptions,
    "selector-matches-template": selectorMatchesTemplate,
    "rollout-parameters-valid": rolloutParametersValid,
    "min-replicas": minReplicas,
    "pdb-required": pdbRequired,
    "batch-limits": batchLimits,
    "progressive-delivery-consistency": progressiveDeliveryConsistency,
    "service-targets-workload": serviceTargetsWorkload,
    "network-policy-required": networkPolicyRequired,
    "service-account-token": serviceAccountToken,
    "volume-types-restricted": volumeTypesRestricted,
    "deprecated-api-versions": deprecatedApiVersions,
    "hpa-consistency": hpaConsistency,
    "replicas-spread": replicasSpread,
    "secret-values": secretValues,
    "sysctl-values": sysctlValues,
    "exemption-reason-required": exemptionReasonRequired,
};

/** Every rule, in the order of RULE_NAMES. */
export const ALL_RULES: readonly Rule[] = RULE_NAMES.map((name) => RULES[name]);

/** The rule of a name. */
export function ruleNamed(name: RuleName): Rule {
    return RULES[name];
}
