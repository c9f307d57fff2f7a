/**
 * k8s-workloads: Kubernetes workload patterns as typed Pulumi components.
 * @packageDocumentation
 */
export * as core from "./core";
export * from "./deployments/rollingDeployment";
