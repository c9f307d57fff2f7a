import * as assert from "assert";
import * as fs from "fs";
import * as k8s from "@kubernetes/client-node";
import * as kube from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { DatabaseBackup, LogCleanup, MigrationJob, RollingDeployment } from "../../../components";
import { Kube, time } from "../support/kube";
import {
    ON_REAL_NODE,
    clientPod,
    diagnoseFailures,
    localImage,
    nonce,
    deleteClientPods,
    shIn,
    skipUnlessRealNode,
} from "../support/real";
import { destroy, inlineStack, output, setConfig, up } from "../support/stack";

const PASSWORD = "e2e-real-pg-3f9a";
const IMAGES = ["postgres:15", "web:1.0.0", "busybox:1.35"];
const SMALL = { cpuRequest: "10m", memoryRequest: "32Mi", cpuLimit: "200m", memoryLimit: "256Mi" };

function namespace(name: string): pulumi.Output<string> {
    return new kube.core.v1.Namespace(name, { metadata: { name } }).metadata.name;
}

/**
 * A PostgreSQL 15 server on the real node (database `app`, user postgres) and a Secret `db-credentials` whose `url`
 * points at it: what the batch components connect to.
 */
function postgres(
    ns: pulumi.Input<string>,
    password: pulumi.Output<string>,
): { secret: kube.core.v1.Secret; host: pulumi.Output<string> } {
    const db = new RollingDeployment("db", {
        ...ON_REAL_NODE,
        namespace: ns,
        image: localImage("postgres:15"),
        // A read-only root filesystem (the web workloads' default): PGDATA is the image's VOLUME, which the container
        // runtime mounts writable, and the socket and initdb's temporary file are in /tmp, the default writable path.
        replicas: 1,
        port: 5432,
        portName: "postgres",
        servicePort: 5432,
        env: { POSTGRES_DB: "app" },
        secretEnv: [{ name: "POSTGRES_PASSWORD", secretName: "db-credentials", key: "password" }],
        security: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999 },
        resources: SMALL,
        readinessProbe: { type: "exec", command: ["pg_isready", "-h", "127.0.0.1", "-U", "postgres"] },
        livenessProbe: { type: "exec", command: ["pg_isready", "-h", "127.0.0.1", "-U", "postgres"] },
    });
    const secret = new kube.core.v1.Secret("db-credentials", {
        metadata: { name: "db-credentials", namespace: ns },
        stringData: {
            password,
            url: pulumi.interpolate`postgres://postgres:${password}@${db.serviceDnsName}:5432/app?sslmode=disable`,
        },
    });
    return { secret, host: db.serviceDnsName };
}

/** Runs SQL as postgres in the server's pod, against database `db`. */
async function psql(cluster: Kube, ns: string, query: string, db = "app"): Promise<string> {
    const pod = (await cluster.pods(ns, "app=db"))[0]?.metadata?.name ?? "";
    return (
        await shIn(ns, pod, `PGPASSWORD="$POSTGRES_PASSWORD" psql -h 127.0.0.1 -U postgres -d ${db} -At -c "${query}"`)
    ).trim();
}

async function jobComplete(cluster: Kube, ns: string, name: string): Promise<k8s.V1Job> {
    return cluster.waitFor(
        `Job ${ns}/${name} complete`,
        async () => {
            const job = await cluster.batch.readNamespacedJob({ name, namespace: ns });
            const conditions = job.status?.conditions ?? [];
            if (conditions.some((c) => c.type === "Failed" && c.status === "True")) {
                throw new Error(`Job ${name} failed`);
            }
            return conditions.some((c) => c.type === "Complete" && c.status === "True") ? job : undefined;
        },
        180000,
    );
}

/** Starts a Job from a CronJob's template, as `kubectl create job --from=cronjob/...` does. */
async function triggerCronJob(cluster: Kube, ns: string, cronJob: string): Promise<string> {
    const cron = await cluster.batch.readNamespacedCronJob({ name: cronJob, namespace: ns });
    const name = `${cronJob}-e2e-${nonce()}`;
    // As `kubectl create job --from=cronjob/...`: owned by the CronJob, so deleting the CronJob collects the Job
    // and its pods (a completed pod that mounts a claim keeps the claim from being deleted).
    const owner = { apiVersion: "batch/v1", kind: "CronJob", name: cronJob, uid: cron.metadata?.uid ?? "" };
    await cluster.batch.createNamespacedJob({
        namespace: ns,
        body: {
            metadata: {
                name,
                namespace: ns,
                annotations: { "cronjob.kubernetes.io/instantiate": "manual" },
                ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }],
            },
            spec: cron.spec?.jobTemplate.spec,
        },
    });
    return name;
}

/** The migration image's runner: every `*.up.sql` in name order through psql (the image has no `migrate`). */
const PSQL_MIGRATE = [
    "sh",
    "-c",
    'set -eu; for f in $(ls /migrations/*.up.sql | sort); do echo "applying $f"; psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q -f "$f"; done',
];

function migrations(version: string): Record<string, string> {
    const extra = version === "v2" ? "ALTER TABLE items ADD COLUMN IF NOT EXISTS price int;\n" : "";
    return {
        "001_init.up.sql": [
            "CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY, name text);",
            "CREATE TABLE IF NOT EXISTS migration_runs (version text, at timestamptz DEFAULT now());",
            `INSERT INTO migration_runs (version) VALUES ('${version}');`,
            extra,
        ].join("\n"),
        "001_init.down.sql": "DROP TABLE items; DROP TABLE migration_runs;",
    };
}

describe("e2e real pods: batch on real-0", function () {
    this.timeout(10 * 60 * 1000);
    const cluster = new Kube();
    before(async function () {
        await skipUnlessRealNode(this, cluster, IMAGES);
    });

    describe("MigrationJob", () => {
        const ns = "e2e-real-migration";
        let stack: Stack | undefined;
        afterEach(diagnoseFailures(cluster, ns));
        after(async () => stack && destroy(stack));

        it("MigrationJob: a SQL migration runs against PostgreSQL before the dependent Deployment is created; an edited migration runs again", async () => {
            stack = await inlineStack(
                ns,
                async () => {
                    const config = new pulumi.Config();
                    const nsName = namespace(ns);
                    const { secret } = postgres(nsName, config.requireSecret("password"));
                    const migrate = new MigrationJob(
                        "db-migration",
                        {
                            ...ON_REAL_NODE,
                            namespace: nsName,
                            image: localImage("postgres:15"),
                            command: PSQL_MIGRATE,
                            args: [],
                            databaseUrl: { secretName: "db-credentials", key: "url" },
                            migrations: migrations(config.require("version")),
                            backoffLimit: 6,
                        },
                        { dependsOn: [secret] },
                    );
                    new RollingDeployment(
                        "app",
                        {
                            ...ON_REAL_NODE,
                            namespace: nsName,
                            image: localImage("web:1.0.0"),
                            replicas: 1,
                            port: 8080,
                            security: { runAsNonRoot: true, runAsUser: 101 },
                            resources: SMALL,
                        },
                        { dependsOn: [migrate] },
                    );
                    return { job: migrate.jobName };
                },
                { "password!": PASSWORD, version: "v1" },
            );
            await up(stack);
            const first = await output<string>(stack, "job");
            const job = await jobComplete(cluster, ns, first);
            const deployment = await cluster.apps.readNamespacedDeployment({ name: "app", namespace: ns });
            assert.ok(
                time(job.status?.completionTime) <= time(deployment.metadata?.creationTimestamp),
                `Job completed at ${String(job.status?.completionTime)}, Deployment created at ${String(deployment.metadata?.creationTimestamp)}`,
            );
            assert.strictEqual(await psql(cluster, ns, "SELECT string_agg(version, ',') FROM migration_runs"), "v1");

            await setConfig(stack, { version: "v2" });
            await up(stack);
            const second = await output<string>(stack, "job");
            assert.notStrictEqual(second, first, "an edited migration is a new Job");
            await jobComplete(cluster, ns, second);
            assert.strictEqual(
                await psql(cluster, ns, "SELECT string_agg(version, ',' ORDER BY at) FROM migration_runs"),
                "v1,v2",
            );
            assert.strictEqual(
                await psql(cluster, ns, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'price'"),
                "1",
            );
        });
    });

    describe("DatabaseBackup", () => {
        const ns = "e2e-real-backup";
        let stack: Stack | undefined;
        afterEach(diagnoseFailures(cluster, ns));
        after(async () => {
            if (stack) {
                await deleteClientPods(cluster, ns);
                await destroy(stack);
            }
        });

        it("DatabaseBackup: a Job triggered from the CronJob writes a pg_dump to the claim, and the dump restores into a fresh database", async () => {
            stack = await inlineStack(
                ns,
                async () => {
                    const config = new pulumi.Config();
                    const nsName = namespace(ns);
                    const { secret, host } = postgres(nsName, config.requireSecret("password"));
                    const backup = new DatabaseBackup(
                        "database-backup",
                        {
                            ...ON_REAL_NODE,
                            namespace: nsName,
                            image: localImage("postgres:15"),
                            schedule: "0 2 * * *",
                            databaseUrl: { secretName: "db-credentials", key: "url" },
                            retentionDays: 7,
                            storageSize: "1Gi",
                        },
                        { dependsOn: [secret] },
                    );
                    return { claim: backup.claimName, cronJob: backup.cronJobName, host };
                },
                { "password!": PASSWORD },
            );
            await up(stack);
            const row = `item-${nonce()}`;
            await psql(
                cluster,
                ns,
                `CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items VALUES (1, '${row}')`,
            );
            const job = await triggerCronJob(cluster, ns, await output<string>(stack, "cronJob"));
            await jobComplete(cluster, ns, job);

            await clientPod(cluster, ns, "restore", localImage("postgres:15"), {
                user: 999,
                env: [{ name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "db-credentials", key: "password" } } }],
                volumeMounts: [{ name: "backup", mountPath: "/backup" }],
                volumes: [
                    { name: "backup", persistentVolumeClaim: { claimName: await output<string>(stack, "claim") } },
                ],
            });
            const dump = (await shIn(ns, "restore", "cat /backup/.latest")).trim();
            assert.match(dump, /^\/backup\/backup-\d{8}-\d{6}\.sql$/);
            assert.match(await shIn(ns, "restore", `grep -c '${row}' ${dump}`), /^1/);
            const host = await output<string>(stack, "host");
            await shIn(
                ns,
                "restore",
                `createdb -h ${host} -U postgres restored && psql -h ${host} -U postgres -d restored -v ON_ERROR_STOP=1 -q -f ${dump}`,
            );
            assert.strictEqual(await psql(cluster, ns, "SELECT name FROM items WHERE id = 1", "restored"), row);
        });
    });

    describe("LogCleanup", () => {
        const ns = "e2e-real-log-cleanup";
        const dir = `/tmp/k8sw-e2e-logs-${nonce()}`;
        let stack: Stack | undefined;
        afterEach(diagnoseFailures(cluster, ns));
        after(async () => {
            if (stack) {
                await destroy(stack);
            }
            fs.rmSync(dir, { recursive: true, force: true });
        });

        it("LogCleanup: on real-0, *.log files under a hostPath older than the cutoff are deleted and newer ones kept, by an unprivileged container", async () => {
            fs.mkdirSync(`${dir}/app`, { recursive: true });
            const days = (n: number) => new Date(Date.now() - n * 86400 * 1000);
            const files = { "app/old.log": 45, "old.log": 31, "app/new.log": 2, "new.log": 0, "old.txt": 60 };
            for (const [file, age] of Object.entries(files)) {
                fs.writeFileSync(`${dir}/${file}`, "line\n");
                fs.utimesSync(`${dir}/${file}`, days(age), days(age));
            }
            stack = await inlineStack(ns, async () => {
                const cleanup = new LogCleanup("log-cleanup", {
                    ...ON_REAL_NODE,
                    namespace: namespace(ns),
                    image: localImage("busybox:1.35"),
                    schedule: "0 0 * * 0",
                    maxAgeDays: 30,
                    logPath: dir,
                });
                return { cronJob: cleanup.cronJobName };
            });
            await up(stack);
            const job = await triggerCronJob(cluster, ns, await output<string>(stack, "cronJob"));
            await jobComplete(cluster, ns, job);
            const remaining = Object.keys(files).filter((f) => fs.existsSync(`${dir}/${f}`));
            assert.deepStrictEqual(remaining.sort(), ["app/new.log", "new.log", "old.txt"]);

            const pods = await cluster.core.listNamespacedPod({ namespace: ns, labelSelector: `job-name=${job}` });
            const pod = pods.items[0];
            assert.strictEqual(pod?.spec?.nodeName, "real-0");
            const security = pod.spec?.containers[0].securityContext;
            assert.strictEqual(security?.privileged, false);
            assert.strictEqual(security?.allowPrivilegeEscalation, false);
            assert.deepStrictEqual(security?.capabilities?.drop, ["ALL"]);
            assert.ok(!pod.spec?.hostPID && !pod.spec?.hostNetwork, "no host namespaces");
        });
    });
});
