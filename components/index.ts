/**
 * k8s-workloads: Kubernetes workload patterns as typed Pulumi components.
 * @packageDocumentation
 */
export * as core from "./core";
export * from "./deployments/rollingDeployment";
export * from "./deployments/blueGreenDeployment";
export * from "./deployments/canaryDeployment";
export * from "./deployments/abTestDeployment";
export * from "./daemons/logCollector";
export * from "./daemons/nodeExporter";
export * from "./batch/migrationJob";
export * from "./batch/databaseBackup";
export * from "./batch/logCleanup";
export * from "./stateful/common";
export * from "./stateful/statefulService";
export * from "./stateful/mySqlCluster";
export * from "./stateful/redisCluster";
export * from "./deployments/rolloutState";
