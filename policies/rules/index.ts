/**
 * Every rule of the pack, in report order.
 */
import { Rule } from "../types";
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

export {
    allowedRegistries,
    batchLimits,
    capabilitiesRestricted,
    cpuLimit,
    exemptionReasonRequired,
    hostPathRestricted,
    hostPortsRestricted,
    imageTagPinned,
    livenessProbeRequired,
    memoryLimitRequired,
    minReplicas,
    noHostNamespaces,
    noPlaintextSecrets,
    noPrivilegeEscalation,
    noPrivileged,
    pdbRequired,
    probeSanity,
    progressiveDeliveryConsistency,
    readOnlyRootFilesystem,
    readinessProbeRequired,
    resourceBounds,
    resourceRequestsRequired,
    rolloutParametersValid,
    runAsNonRoot,
    seccompRequired,
    selectorMatchesTemplate,
    serviceTargetsWorkload,
    unsafePodOptions,
};

/** Every rule, in the order of RULE_NAMES. */
export const ALL_RULES: readonly Rule[] = [
    readinessProbeRequired,
    livenessProbeRequired,
    probeSanity,
    resourceRequestsRequired,
    memoryLimitRequired,
    cpuLimit,
    resourceBounds,
    imageTagPinned,
    allowedRegistries,
    noPrivileged,
    noHostNamespaces,
    hostPathRestricted,
    hostPortsRestricted,
    noPrivilegeEscalation,
    capabilitiesRestricted,
    seccompRequired,
    runAsNonRoot,
    readOnlyRootFilesystem,
    noPlaintextSecrets,
    unsafePodOptions,
    selectorMatchesTemplate,
    rolloutParametersValid,
    minReplicas,
    pdbRequired,
    batchLimits,
    progressiveDeliveryConsistency,
    serviceTargetsWorkload,
    exemptionReasonRequired,
] as readonly Rule[];
