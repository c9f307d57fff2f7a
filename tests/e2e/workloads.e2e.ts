import * as assert from "assert";
import * as k8s from "@kubernetes/client-node";
import * as kube from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import {
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
import { Kube, isReady, time } from "./support/kube";
import { OFF_REAL_NODE, REAL_NODE_KEY } from "./support/real";
import { destroy, inlineStack, setConfig, up } from "./support/stack";

const SMALL = { cpuRequest: "10m", memoryRequest: "16Mi", cpuLimit: "50m", memoryLimit: "32Mi" };
const PASSWORD = "e2e-only-password-5b7e";

function namespace(name: string): pulumi.Output<string> {
    return new kube.core.v1.Namespace(name, { metadata: { name } }).metadata.name;
}

describe("e2e: stateful workloads, node agents and batch", function () {
    this.timeout(15 * 60 * 1000);
    const cluster = new Kube();

    describe("StatefulSet", () => {
        const ns = "e2e-stateful";
        let stack: Stack;
        after(async () => {
            if (stack) {
                await destroy(stack);
            }
        });

        it("StatefulSet: ordered creation, stable names and bound claims", async () => {
            stack = await inlineStack("e2e-stateful", async () => {
                const config = new pulumi.Config();
                const web = new StatefulService("web", {
                    namespace: namespace(ns),
                    image: "nginx:1.27.3",
                    replicas: config.getNumber("replicas") ?? 3,
                    port: 80,
                    resources: SMALL,
                    readinessProbe: { path: "/" },
                    livenessProbe: { path: "/" },
                    volumes: [
                        { name: "web-storage", mountPath: "/usr/share/nginx/html", size: "1Gi" },
                        { name: "config-storage", mountPath: "/etc/nginx/conf.d", size: "100Mi" },
                    ],
                });
                return { podDnsNames: web.podDnsNames };
            });
            const events: Array<{ name: string; ready: boolean }> = [];
            const watch = new k8s.Watch(cluster.config);
            // A watch on a namespace that does not exist yet sees its pods once the program creates them.
            const abort = await watch.watch(
                `/api/v1/namespaces/${ns}/pods`,
                { labelSelector: "app=web" },
                (_type: string, pod: k8s.V1Pod) => events.push({ name: pod.metadata?.name ?? "", ready: isReady(pod) }),
                () => undefined,
            );
            try {
                await up(stack);
            } finally {
                abort.abort();
            }
            const firstSeen = (name: string) => events.findIndex((e) => e.name === name);
            const firstReady = (name: string) => events.findIndex((e) => e.name === name && e.ready);
            assert.ok(firstReady("web-0") >= 0, "web-0 became ready");
            assert.ok(
                firstSeen("web-1") > firstReady("web-0"),
                `web-1 appeared before web-0 was ready: ${JSON.stringify(events)}`,
            );
            assert.ok(firstSeen("web-2") > firstReady("web-1"), `web-2 appeared before web-1 was ready`);

            const pods = await cluster.pods(ns, "app=web");
            assert.deepStrictEqual(pods.map((p) => p.metadata?.name).sort(), ["web-0", "web-1", "web-2"]);
            assert.ok(pods.every(isReady));
            const claims = await cluster.core.listNamespacedPersistentVolumeClaim({ namespace: ns });
            assert.deepStrictEqual(claims.items.map((c) => `${c.metadata?.name}:${c.status?.phase}`).sort(), [
                "config-storage-web-0:Bound",
                "config-storage-web-1:Bound",
                "config-storage-web-2:Bound",
                "web-storage-web-0:Bound",
                "web-storage-web-1:Bound",
                "web-storage-web-2:Bound",
            ]);
        });

        it("StatefulSet: after a scale-down the claims are retained", async () => {
            await setConfig(stack, { replicas: "1" });
            await up(stack);
            await cluster.waitFor("one web pod", async () =>
                (await cluster.pods(ns, "app=web")).length === 1 ? true : undefined,
            );
            const claims = await cluster.core.listNamespacedPersistentVolumeClaim({ namespace: ns });
            assert.strictEqual(claims.items.length, 6, "all six claims are still there");
            const set = await cluster.apps.readNamespacedStatefulSet({ name: "web", namespace: ns });
            assert.deepStrictEqual(
                { ...set.spec?.persistentVolumeClaimRetentionPolicy },
                {
                    whenDeleted: "Retain",
                    whenScaled: "Retain",
                },
            );
        });
    });

    describe("MySQL and Redis", () => {
        const ns = "e2e-data";
        let stack: Stack;
        after(async () => {
            if (stack) {
                await destroy(stack);
            }
        });

        it("MySQL and Redis: they come up and the Redis bootstrap Job completes", async () => {
            stack = await inlineStack(
                "e2e-data",
                async () => {
                    const config = new pulumi.Config();
                    const password = config.requireSecret("password");
                    const nsName = namespace(ns);
                    const mysql = new MySqlCluster("mysql", {
                        namespace: nsName,
                        replicas: 2,
                        storageSize: "1Gi",
                        rootPassword: password,
                    });
                    const redis = new RedisCluster("redis", {
                        namespace: nsName,
                        nodes: 6,
                        replicasPerPrimary: 1,
                        storageSize: "1Gi",
                        password,
                    });
                    return { primary: mysql.primaryHost, seeds: redis.seedNodes, job: redis.bootstrapJobName };
                },
                { "password!": PASSWORD },
            );
            await up(stack);
            const mysqlPods = await cluster.pods(ns, "app=mysql");
            assert.deepStrictEqual(mysqlPods.map((p) => p.metadata?.name).sort(), ["mysql-0", "mysql-1"]);
            assert.ok(mysqlPods.every(isReady));
            const redisNodes = (await cluster.pods(ns, "app=redis")).filter((p) =>
                /^redis-\d$/.test(p.metadata?.name ?? ""),
            );
            assert.strictEqual(redisNodes.filter(isReady).length, 6);
            const jobs = await cluster.batch.listNamespacedJob({ namespace: ns });
            const bootstrap = jobs.items.find((j) => j.metadata?.name?.includes("bootstrap"));
            assert.ok(bootstrap, "the bootstrap Job exists");
            assert.ok((bootstrap.status?.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True"));
            const secrets = await cluster.core.listNamespacedSecret({ namespace: ns });
            const configMaps = await cluster.core.listNamespacedConfigMap({ namespace: ns });
            assert.ok(!JSON.stringify(configMaps.items).includes(PASSWORD), "no password in a ConfigMap");
            assert.ok(secrets.items.length >= 2);
        });
    });

    describe("DaemonSets", () => {
        const ns = "e2e-agents";
        let stack: Stack;
        after(async () => stack && destroy(stack));

        it("DaemonSet: one pod per eligible (simulated) node, the control-plane node included for fluentd", async () => {
            stack = await inlineStack("e2e-agents", async () => {
                const nsName = namespace(ns);
                // The images are not on the real node (the real-pod tier runs the agents there): keep them on KWOK nodes.
                new LogCollector("e2e-fluentd", {
                    namespace: nsName,
                    affinity: OFF_REAL_NODE,
                    elasticsearch: { host: "elasticsearch-logging", port: 9200, scheme: "http" },
                });
                new NodeExporter("e2e-node-exporter", { namespace: nsName, affinity: OFF_REAL_NODE });
            });
            await up(stack);
            const nodes = (await cluster.core.listNode()).items.filter(
                (n) => n.metadata?.labels?.[REAL_NODE_KEY] === undefined,
            );
            const names = nodes.map((n) => n.metadata?.name ?? "").sort();
            const controlPlane = nodes
                .filter((n) => (n.spec?.taints ?? []).some((t) => t.key === "node-role.kubernetes.io/control-plane"))
                .map((n) => n.metadata?.name);
            assert.ok(controlPlane.length >= 1, "the cluster has a control-plane-tainted node");
            for (const app of ["e2e-fluentd", "e2e-node-exporter"]) {
                const pods = await cluster.waitFor(`${app} on every node`, async () => {
                    const found = (await cluster.pods(ns, `app=${app}`)).filter(isReady);
                    return found.length === names.length ? found : undefined;
                });
                assert.deepStrictEqual(pods.map((p) => p.spec?.nodeName).sort(), names, `${app}: one pod per node`);
            }
            const fluentdNodes = (await cluster.pods(ns, "app=e2e-fluentd")).map((p) => p.spec?.nodeName);
            assert.ok(
                controlPlane.every((n) => fluentdNodes.includes(n)),
                "fluentd runs on the control-plane node",
            );
        });
    });

    describe("batch", () => {
        const ns = "e2e-batch";
        let stack: Stack;
        after(async () => {
            if (stack) {
                await destroy(stack);
            }
        });

        it("migration Job: it completes before the Deployment that depends on it starts rolling out", async () => {
            stack = await inlineStack(
                "e2e-batch",
                async () => {
                    const config = new pulumi.Config();
                    const nsName = namespace(ns);
                    const secret = new kube.core.v1.Secret("db-credentials", {
                        metadata: { name: "db-credentials", namespace: nsName },
                        stringData: { url: config.requireSecret("databaseUrl") },
                    });
                    const migrate = new MigrationJob(
                        "db-migration",
                        {
                            namespace: nsName,
                            image: "migrate/migrate:v4.17.0",
                            databaseUrl: { secretName: "db-credentials", key: "url" },
                            migrations: {
                                "001_init.up.sql": "CREATE TABLE t (id int);",
                                "001_init.down.sql": "DROP TABLE t;",
                            },
                        },
                        { dependsOn: [secret] },
                    );
                    new RollingDeployment(
                        "app",
                        {
                            namespace: nsName,
                            image: "nginx:1.27.3",
                            replicas: 2,
                            port: 80,
                            resources: SMALL,
                            readinessProbe: { path: "/" },
                            livenessProbe: { path: "/" },
                        },
                        { dependsOn: [migrate] },
                    );
                    new DatabaseBackup("database-backup", {
                        namespace: nsName,
                        schedule: "0 2 * * *",
                        databaseUrl: { secretName: "db-credentials", key: "url" },
                        retentionDays: 7,
                        storageSize: "1Gi",
                    });
                    new LogCleanup("log-cleanup", { namespace: nsName, schedule: "0 0 * * 0", maxAgeDays: 30 });
                    return { job: migrate.jobName };
                },
                { "databaseUrl!": `postgres://app:${PASSWORD}@db:5432/app` },
            );
            await up(stack);
            const jobs = await cluster.batch.listNamespacedJob({ namespace: ns });
            const migration = jobs.items.find((j) => j.metadata?.name?.startsWith("db-migration"));
            assert.ok(migration?.status?.completionTime, "the migration Job completed");
            const deployment = await cluster.apps.readNamespacedDeployment({ name: "app", namespace: ns });
            const completed = time(migration.status.completionTime);
            const created = time(deployment.metadata?.creationTimestamp);
            assert.ok(
                completed <= created,
                `Job completed at ${String(migration.status.completionTime)}, Deployment created at ${String(deployment.metadata?.creationTimestamp)}`,
            );
        });

        it("CronJob: they exist with their schedules, and a Job triggered from one completes", async () => {
            const cronJobs = await cluster.batch.listNamespacedCronJob({ namespace: ns });
            assert.deepStrictEqual(cronJobs.items.map((c) => `${c.metadata?.name} ${c.spec?.schedule}`).sort(), [
                "database-backup 0 2 * * *",
                "log-cleanup 0 0 * * 0",
            ]);
            const backup = cronJobs.items.find((c) => c.metadata?.name === "database-backup");
            assert.strictEqual(backup?.spec?.concurrencyPolicy, "Forbid");
            const name = `database-backup-e2e-${Date.now().toString(36)}`;
            await cluster.batch.createNamespacedJob({
                namespace: ns,
                body: { metadata: { name, namespace: ns }, spec: backup?.spec?.jobTemplate.spec },
            });
            const done = await cluster.waitFor(`Job ${name} complete`, async () => {
                const job = await cluster.batch.readNamespacedJob({ name, namespace: ns });
                return (job.status?.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True")
                    ? job
                    : undefined;
            });
            assert.strictEqual(done.status?.succeeded, 1);
            await cluster.batch.deleteNamespacedJob({ name, namespace: ns, propagationPolicy: "Background" });
        });
    });
});
