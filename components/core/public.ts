/**
 * The public part of core: the shared argument types, the documented defaults and the documented helpers.
 * Spec builders and validators stay internal.
 */
export { IMAGE_PULL_POLICIES, ImagePullPolicy } from "./args";
export type { ObjectArgs, PodArgs, PodIdentityArgs } from "./args";
export { PORT_PROTOCOLS, PortProtocol } from "./container";
export type { PortArgs } from "./container";
export { CRON_MACROS, checkCronSchedule } from "./cron";
export type { DisruptionBudgetArgs } from "./disruption";
export type { ConfigMapEnvArgs, SecretEnvArgs, SecretKeyRefArgs } from "./env";
export { POLICY_RULES } from "./exemptions";
export type { ExemptionArgs } from "./exemptions";
export { DEFAULT_NETWORK_PEERS } from "./networkPolicy";
export type { NetworkPeerArgs, NetworkPolicyArgs, NetworkPolicyOptionArgs } from "./networkPolicy";
export { COMPONENT_NAMES, TYPE_PREFIX, childName, serviceDnsName, statefulPodDnsNames, typeToken } from "./naming";
export type { ComponentName } from "./naming";
export type { SchedulingArgs } from "./pod";
export {
    DEFAULT_LIVENESS_TIMINGS,
    DEFAULT_PROBE_PATH,
    DEFAULT_READINESS_TIMINGS,
    PROBE_TYPES,
    PROBE_SCHEMES,
    ProbeType,
    ProbeScheme,
} from "./probes";
export type { ProbeArgs, ProbeTimings } from "./probes";
export { DEFAULT_RESOURCES } from "./resources";
export type { ResourceArgs, ResourceDefaults } from "./resources";
export type { SecurityArgs } from "./security";
export { SERVICE_TYPES, ServiceType } from "./service";
export { SPREAD_TOPOLOGY_KEY } from "./spread";
export type { SpreadArgs } from "./spread";
export type { ServiceAwaitArgs } from "./service";
export { DEFAULT_SERVICE_PORT } from "./workload";
export type { TrackArgsInput, WorkloadArgs } from "./workload";
export { DEFAULT_WRITABLE_PATHS } from "./writablePaths";
