/**
 * The benchmark workload mix: every component of the package, in round-robin, with the dev stack's settings.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    ABTestDeployment,
    BlueGreenDeployment,
    CanaryDeployment,
    DatabaseBackup,
    LogCleanup,
    LogCollector,
    MigrationJob,
    MySqlCluster,
    NodeExporter,
    RedisCluster,
    RollingDeployment,
    StatefulService,
} from "../../components";

const NGINX = "nginxinc/nginx-unprivileged:1.27.3";
const NGINX_NEXT = "nginxinc/nginx-unprivileged:1.27.4";
const SMALL = { cpuRequest: "50m", memoryRequest: "64Mi", cpuLimit: "100m", memoryLimit: "128Mi" };
const DB_URL = { secretName: "db-credentials", key: "url" };

/** Settings shared by one workload build. */
export interface WorkloadContext {
    /** The namespace of the namespaced workloads. */
    readonly namespace: pulumi.Input<string>;
    /** A secret password for the MySQL and Redis components. */
    readonly password: pulumi.Output<string>;
}

/** Creates one workload named `name`. */
type WorkloadFactory = (name: string, ctx: WorkloadContext) => pulumi.ComponentResource;

const web = (namespace: pulumi.Input<string>) => ({
    namespace,
    security: { runAsNonRoot: true, runAsUser: 101 },
    resources: SMALL,
    readinessProbe: { path: "/" },
    livenessProbe: { path: "/" },
    env: { ENVIRONMENT: "bench" },
});

/** The four deployment strategies: they need no storage and no node-wide ports, so they also scale on a cluster. */
export const DEPLOYMENT_FACTORIES: readonly WorkloadFactory[] = [
    (name, { namespace }) => new RollingDeployment(name, { ...web(namespace), image: NGINX, replicas: 2, port: 8080 }),
    (name, { namespace }) =>
        new BlueGreenDeployment(name, {
            ...web(namespace),
            replicas: 1,
            port: 8080,
            blue: { image: NGINX },
            green: { image: NGINX_NEXT },
            activeColor: "blue",
        }),
    (name, { namespace }) =>
        new CanaryDeployment(name, {
            ...web(namespace),
            replicas: 2,
            port: 8080,
            stable: { image: NGINX },
            canary: { image: NGINX_NEXT },
            canaryWeight: 50,
            traffic: "replicas",
        }),
    (name, { namespace }) =>
        new ABTestDeployment(name, {
            ...web(namespace),
            port: 8080,
            variants: [
                { name: "a", image: NGINX, replicas: 1, env: { FEATURE_FLAG_NEW_UI: "false" } },
                { name: "b", image: NGINX, replicas: 1, env: { FEATURE_FLAG_NEW_UI: "true" } },
            ],
            routing: "none",
        }),
];

/** A CronJob workload that needs no storage: used with the deployments for the cluster scale test. */
export const LOG_CLEANUP_FACTORY: WorkloadFactory = (name, { namespace }) =>
    new LogCleanup(name, {
        namespace,
        schedule: "0 0 * * 0",
        maxAgeDays: 7,
        resources: SMALL,
        exemptions: ["run-as-non-root"],
        exemptionReason: "deletes root-owned log files under the node's /var/log",
    });

/** The other eight components (stateful, daemons, batch), for the mock benchmark's full mix. */
const OTHER_FACTORIES: readonly WorkloadFactory[] = [
    (name, { namespace }) =>
        new StatefulService(name, {
            namespace,
            image: NGINX,
            replicas: 2,
            port: 8080,
            security: { runAsNonRoot: true, runAsUser: 101 },
            volumes: [{ name: "data", mountPath: "/usr/share/nginx/html", size: "1Gi" }],
            readinessProbe: { path: "/" },
            livenessProbe: { path: "/" },
            resources: SMALL,
        }),
    (name, { namespace, password }) =>
        new MySqlCluster(name, { namespace, replicas: 1, storageSize: "2Gi", rootPassword: password }),
    (name, { namespace, password }) =>
        new RedisCluster(name, { namespace, nodes: 6, replicasPerPrimary: 1, storageSize: "1Gi", password }),
    (name, { namespace }) =>
        new LogCollector(name, {
            namespace,
            elasticsearch: { host: "elasticsearch-logging", port: 9200, scheme: "http" },
            resources: { cpuRequest: "50m", memoryRequest: "100Mi", memoryLimit: "200Mi" },
            exemptions: ["run-as-non-root"],
            exemptionReason: "fluentd reads root-owned container logs under /var/log",
        }),
    (name, { namespace }) => new NodeExporter(name, { namespace, resources: SMALL, headlessService: false }),
    (name, { namespace }) =>
        new MigrationJob(name, {
            namespace,
            image: "migrate/migrate:v4.17.0",
            databaseUrl: DB_URL,
            migrations: { "001_init.up.sql": "CREATE TABLE t (id INT);\n", "001_init.down.sql": "DROP TABLE t;\n" },
            resources: SMALL,
        }),
    (name, { namespace }) =>
        new DatabaseBackup(name, {
            namespace,
            schedule: "0 2 * * *",
            databaseUrl: DB_URL,
            retentionDays: 3,
            storageSize: "1Gi",
        }),
    LOG_CLEANUP_FACTORY,
];

/** All twelve components, in a fixed order. */
export const ALL_FACTORIES: readonly WorkloadFactory[] = [...DEPLOYMENT_FACTORIES, ...OTHER_FACTORIES];

/**
 * Creates `count` workloads named `<prefix>w<i>`, cycling through `factories`.
 * @returns the components, so that a caller can keep them alive until their registrations settle.
 */
export function buildWorkloads(
    count: number,
    prefix: string,
    ctx: WorkloadContext,
    factories: readonly WorkloadFactory[] = ALL_FACTORIES,
): pulumi.ComponentResource[] {
    const built: pulumi.ComponentResource[] = [];
    for (let i = 0; i < count; i++) {
        const factory = factories[i % factories.length];
        if (factory) {
            built.push(factory(`${prefix}w${i}`, ctx));
        }
    }
    return built;
}
