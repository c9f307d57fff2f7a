/**
 * k8s-workloads: Kubernetes workload patterns as typed Pulumi components.
 *
 * The public API: the components, their args and output types, their documented defaults and the documented
 * helpers of `core`. Renderers and validators are internal (components/internal.ts, for tests).
 * @packageDocumentation
 */
export * as core from "./core/public";
export * from "../contract/keys";
export { NGINX_CANARY, ISTIO_API_VERSION, SKIP_AWAIT_ANNOTATION } from "./deployments/common";
export { WAIT_FOR_ANNOTATION, rolloutCompleteConditions } from "./deployments/rolloutAwait";
export { DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE, DEFAULT_ROLLOUT_TIMEOUT } from "./deployments/rollout";
export type { RolloutArgs } from "./deployments/rollout";
export type { AutoscalingArgs } from "./deployments/autoscaling";
export { TRAFFIC_MODES, TrafficMode, DEFAULT_INGRESS_CLASS } from "./deployments/traffic";
export { DEFAULT_ROLLING_REPLICAS, RollingDeployment } from "./deployments/rollingDeployment";
export type { RollingDeploymentArgs } from "./deployments/rollingDeployment";
export { COLORS, Color, CANARY_TRACKS, CONCURRENCY_POLICIES, ConcurrencyPolicy } from "../contract/patterns";
export type { CanaryTrack } from "../contract/patterns";
export { DEFAULT_BLUE_GREEN_REPLICAS, BlueGreenDeployment } from "./deployments/blueGreenDeployment";
export { DEFAULT_SCALE_DOWN_DELAY_SECONDS } from "./deployments/scaleDownDelay";
export type { ColorArgs, BlueGreenDeploymentArgs } from "./deployments/blueGreenDeployment";
export { DEFAULT_CANARY_REPLICAS, CanaryDeployment } from "./deployments/canaryDeployment";
export type { TrackArgs, CanaryDeploymentArgs } from "./deployments/canaryDeployment";
export type { ReplicaSplit } from "./deployments/canaryRouting";
export type { ProxyRoutingArgs } from "./deployments/split";
export {
    AB_ROUTING_MODES,
    AbRoutingMode,
    DEFAULT_VARIANT_REPLICAS,
    DEFAULT_VARIANT_HEADER,
    ABTestDeployment,
} from "./deployments/abTestDeployment";
export type { VariantArgs, ABTestDeploymentArgs } from "./deployments/abTestDeployment";
export { DEFAULT_AGENT_MAX_UNAVAILABLE, DEFAULT_AGENT_GRACE_PERIOD_SECONDS } from "./daemons/common";
export type { NodeAgentArgs } from "./daemons/common";
export * from "./daemons/logCollectorDefaults";
export { LogCollector } from "./daemons/logCollector";
export { LOG_COLLECTOR_RBAC_RULES } from "./daemons/logCollectorAccess";
export type { ElasticsearchArgs, LogCollectorArgs } from "./daemons/logCollector";
export * from "./daemons/nodeExporterDefaults";
export { NodeExporter } from "./daemons/nodeExporter";
export type { NodeExporterArgs } from "./daemons/nodeExporter";
export {
    DEFAULT_TTL_SECONDS_AFTER_FINISHED,
    DEFAULT_STARTING_DEADLINE_SECONDS,
    DEFAULT_CONCURRENCY_POLICY,
    DEFAULT_FAILED_JOBS_HISTORY_LIMIT,
} from "./batch/common";
export type { BatchArgs, CronArgs } from "./batch/common";
export {
    MIGRATION_JOB_DEFAULTS,
    MIGRATION_SECURITY,
    DEFAULT_MIGRATIONS_PATH,
    DEFAULT_MIGRATION_COMMAND,
    DATABASE_URL_ENV,
    MAX_MIGRATION_NAME_LENGTH,
    MAX_CONFIGMAP_BYTES,
    MigrationJob,
} from "./batch/migrationJob";
export type { MigrationJobArgs } from "./batch/migrationJob";
export {
    DATABASE_BACKUP_DEFAULTS,
    DEFAULT_BACKUP_IMAGE,
    DEFAULT_AWS_CLI_IMAGE,
    BACKUP_MOUNT_PATH,
    BACKUP_USER,
    BACKUP_SECURITY,
    BACKUP_RESOURCES,
    DatabaseBackup,
} from "./batch/databaseBackup";
export type { S3UploadArgs, DatabaseBackupArgs } from "./batch/databaseBackup";
export {
    LOG_CLEANUP_DEFAULTS,
    DEFAULT_LOG_CLEANUP_IMAGE,
    DEFAULT_DOCKER_CLI_IMAGE,
    LOG_CLEANUP_SECURITY,
    JOB_CONTROLLER_UID_LABEL,
    LogCleanup,
} from "./batch/logCleanup";
export type { LogCleanupArgs } from "./batch/logCleanup";
export {
    POD_MANAGEMENT_POLICIES,
    PodManagementPolicy,
    STATEFUL_UPDATE_STRATEGIES,
    StatefulUpdateStrategy,
    PVC_RETENTION_POLICIES,
    PvcRetentionPolicy,
    ACCESS_MODES,
    AccessMode,
    DEFAULT_POD_MANAGEMENT_POLICY,
    DEFAULT_ACCESS_MODES,
    DEFAULT_PVC_RETENTION,
    DOWNWARD_API_ENV,
} from "./stateful/args";
export type { DataSafetyArgs, StatefulBaseArgs, StatefulVolumeArgs, StatefulUpdateArgs } from "./stateful/args";
export { DEFAULT_STATEFUL_REPLICAS, StatefulService } from "./stateful/statefulService";
export type { StatefulServiceArgs } from "./stateful/statefulService";
/** Every default of the MySQL cluster is public. */
export * from "./stateful/mySqlDefaults";
export { DEFAULT_MARIADB_IMAGE, MySqlFlavor, MySqlCluster } from "./stateful/mySqlCluster";
export type { MySqlClusterArgs } from "./stateful/mySqlCluster";
/** Every default of the Redis cluster is public. */
export * from "./stateful/redisDefaults";
export { RedisCluster } from "./stateful/redisCluster";
export type { RedisBootstrapArgs, RedisClusterArgs } from "./stateful/redisCluster";
export * from "./deployments/rolloutState";
