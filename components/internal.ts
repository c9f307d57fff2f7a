/**
 * The internal entry: every renderer, validator and spec builder, for the unit tests. Not part of the
 * package's public API (components/index.ts); no stability promise.
 */
export * as core from "./core";
export * from "./deployments/common";
export * from "./deployments/rollout";
export * from "./deployments/autoscaling";
export * from "./deployments/traffic";
export * from "./deployments/rollingDeployment";
export * from "./deployments/blueGreenDeployment";
export * from "./deployments/canaryDeployment";
export * from "./deployments/canaryValidation";
export * from "./deployments/canaryRouting";
export * from "./deployments/split";
export * from "./deployments/abTestDeployment";
export * from "./deployments/abRouting";
export * from "./deployments/scaleDownDelay";
export * from "./deployments/rolloutAwait";
export * from "./daemons/common";
export * from "./daemons/logCollector";
export * from "./daemons/logCollectorDefaults";
export * from "./daemons/fluentConf";
export * from "./daemons/logCollectorAccess";
export * from "./daemons/logCollectorSpec";
export * from "./daemons/nodeExporter";
export * from "./daemons/nodeExporterDefaults";
export * from "./daemons/nodeExporterSpec";
export * from "./batch/common";
export * from "./batch/migrationJob";
export * from "./batch/databaseBackup";
export * from "./batch/databaseBackupSpec";
export * from "./batch/logCleanup";
export * from "./batch/logCleanupSpec";
export * from "./stateful/common";
export * from "./stateful/statefulService";
export * from "./stateful/statefulServiceSpec";
export * from "./stateful/mySqlCluster";
export * from "./stateful/mySqlDefaults";
export * from "./stateful/mySqlSpec";
export * from "./stateful/mySqlPod";
export * from "./stateful/mySqlWritable";
export * from "./stateful/redisCluster";
export * from "./stateful/redisDefaults";
export * from "./stateful/redisSpec";
export * from "./stateful/templates";
