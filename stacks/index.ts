/**
 * The stack program: wires the workload patterns per environment (dev, staging, prod) from config.
 * Pulumi runs the compiled form of this file (bin/stacks/index.js); `npm run build` compiles it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { deployAgents } from "./agents";
import { deployBatch, deployMigration } from "./batch";
import { deployDeployments } from "./deployments";
import { deployStateful } from "./stateful";
import { StackSettings, environmentOf, networkPoliciesOf } from "./settings";

const config = new pulumi.Config();
const env = environmentOf(config, pulumi.getStack());
const namespaceName = config.get("namespace") ?? `workloads-${env}`;
const namespace = new k8s.core.v1.Namespace("namespace", {
    metadata: {
        name: namespaceName,
        labels: { "app.kubernetes.io/part-of": "k8s-workloads", "pod-security.kubernetes.io/warn": "baseline" },
    },
});
const settings: StackSettings = {
    env,
    namespace: namespace.metadata.name,
    config,
    protect: env === "prod",
    networkPolicies: networkPoliciesOf(config, env),
};
if (settings.networkPolicies) {
    // Every pod of the namespace is denied ingress unless a component's own NetworkPolicy allows it: this covers the
    // Jobs and CronJobs, which serve nothing.
    new k8s.networking.v1.NetworkPolicy("default-deny-ingress", {
        metadata: {
            name: "default-deny-ingress",
            namespace: namespace.metadata.name,
            labels: { "app.kubernetes.io/part-of": "k8s-workloads", "app.kubernetes.io/environment": env },
        },
        spec: { podSelector: {}, policyTypes: ["Ingress"] },
    });
}

// The migration runs (and completes) before the workloads that use the database roll out.
const migration = deployMigration(settings);
const strategies = deployDeployments(settings, [migration]);
const stateful = deployStateful(settings);
const agents = deployAgents(settings);
const batch = deployBatch(settings, migration);

export const environment = env;
export const appNamespace = namespace.metadata.name;
export const api = { serviceName: strategies.api.serviceName, deploymentName: strategies.api.deploymentName };
export const webapp = {
    activeColor: strategies.webapp.activeColor,
    serviceName: strategies.webapp.serviceName,
    previewServiceName: strategies.webapp.previewServiceName,
};
export const shop = {
    serviceName: strategies.shop.serviceName,
    stableReplicas: strategies.shop.stableReplicas,
    canaryReplicas: strategies.shop.canaryReplicas,
    canaryWeight: strategies.shop.canaryWeight,
};
export const experiment = {
    serviceName: strategies.experiment.serviceName,
    variants: strategies.experiment.variantServiceNames,
};
export const web = { headlessServiceName: stateful.web.headlessServiceName, podDnsNames: stateful.web.podDnsNames };
export const mysql = {
    primaryHost: stateful.mysql.primaryHost,
    readServiceName: stateful.mysql.readServiceName,
    secretName: stateful.mysql.secretName,
};
export const redis = { headlessServiceName: stateful.redis.headlessServiceName, seedNodes: stateful.redis.seedNodes };
export const logCollector = {
    daemonSetName: agents.logCollector.daemonSetName,
    namespace: agents.logCollector.namespace,
};
export const nodeExporter = {
    daemonSetName: agents.nodeExporter.daemonSetName,
    namespace: agents.nodeExporter.namespace,
};
export const migrationJob = migration.jobName;
export const backup = { cronJobName: batch.backup.cronJobName, claimName: batch.backup.claimName };
export const logCleanup = batch.logCleanup.cronJobName;
/** The namespaces `k8s-workloads verify --stack` checks. */
export const verifyNamespaces = pulumi
    .all([namespace.metadata.name, agents.logCollector.namespace, agents.nodeExporter.namespace])
    .apply((names) => [...new Set(names)]);
