import * as assert from "assert";
import * as k8s from "@kubernetes/client-node";
import * as kube from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { MySqlCluster, MySqlFlavor, RedisCluster, StatefulService } from "../../../components";
import { Kube, isReady } from "../support/kube";
import {
    ON_REAL_NODE,
    clientPod,
    deletePodNow,
    diagnoseFailures,
    localImage,
    nonce,
    shIn,
    skipUnlessRealNode,
} from "../support/real";
import { destroy, inlineStack, setConfig, up } from "../support/stack";

const PASSWORD = "e2e-real-only-7c1d";
const IMAGES = ["web:1.0.0", "mariadb:10.11", "redis:7.0"];

function namespace(name: string): pulumi.Output<string> {
    return new kube.core.v1.Namespace(name, { metadata: { name } }).metadata.name;
}

async function podReady(cluster: Kube, ns: string, name: string, notUid?: string): Promise<k8s.V1Pod> {
    return cluster.waitFor(
        `pod ${ns}/${name} Ready`,
        async () => {
            const pod = await cluster.core.readNamespacedPod({ name, namespace: ns }).catch(() => undefined);
            return pod && isReady(pod) && pod.metadata?.uid !== notUid ? pod : undefined;
        },
        240000,
    );
}

describe("e2e real pods: stateful workloads on real-0", function () {
    this.timeout(12 * 60 * 1000);
    const cluster = new Kube();
    before(async function () {
        await skipUnlessRealNode(this, cluster, IMAGES);
    });

    describe("StatefulSet", () => {
        const ns = "e2e-real-stateful";
        let stack: Stack | undefined;
        afterEach(diagnoseFailures(cluster, ns));
        after(async () => {
            if (stack) {
                await destroy(stack);
            }
        });

        it("StatefulSet: files written to web-0's and web-1's claims survive deleting web-0, and a scale-down to 1 and up to 2", async () => {
            stack = await inlineStack(
                ns,
                async () => {
                    const config = new pulumi.Config();
                    new StatefulService("web", {
                        ...ON_REAL_NODE,
                        namespace: namespace(ns),
                        image: localImage("web:1.0.0"),
                        replicas: config.requireNumber("replicas"),
                        port: 8080,
                        security: { runAsNonRoot: true, runAsUser: 101 },
                        resources: { cpuRequest: "10m", memoryRequest: "16Mi", cpuLimit: "100m", memoryLimit: "64Mi" },
                        volumes: [{ name: "data", mountPath: "/data", size: "1Gi" }],
                    });
                },
                { replicas: "2" },
            );
            await up(stack);
            const proof = { "web-0": `proof-0-${nonce()}`, "web-1": `proof-1-${nonce()}` };
            for (const [pod, text] of Object.entries(proof)) {
                await shIn(ns, pod, `echo ${text} > /data/proof.txt && sync`);
            }
            const before = await podReady(cluster, ns, "web-0");
            await deletePodNow(cluster, ns, "web-0");
            await podReady(cluster, ns, "web-0", before.metadata?.uid);
            assert.strictEqual((await shIn(ns, "web-0", "cat /data/proof.txt")).trim(), proof["web-0"]);

            await setConfig(stack, { replicas: "1" });
            await up(stack);
            await cluster.waitFor("web-1 gone", async () =>
                (await cluster.pods(ns, "app=web")).length === 1 ? true : undefined,
            );
            await setConfig(stack, { replicas: "2" });
            await up(stack);
            await podReady(cluster, ns, "web-1");
            assert.strictEqual((await shIn(ns, "web-1", "cat /data/proof.txt")).trim(), proof["web-1"]);
            assert.strictEqual((await shIn(ns, "web-0", "cat /data/proof.txt")).trim(), proof["web-0"]);
        });
    });

    describe("MariaDB", () => {
        const ns = "e2e-real-mariadb";
        let stack: Stack | undefined;
        afterEach(diagnoseFailures(cluster, ns));
        after(async () => {
            if (stack) {
                await destroy(stack);
            }
        });
        const sql = (pod: string, host: string, query: string) =>
            shIn(
                ns,
                pod,
                `MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mariadb -h ${host} -u root -N -B -e "${query}"`,
                pod === "client" ? undefined : "mysql",
            ).then((out) => out.trim());

        it("MariaDB flavor: a row inserted on the primary is read through the read Service from a replica; scaling 2 → 3 clones a replica that has it and replicates", async () => {
            stack = await inlineStack(
                ns,
                async () => {
                    const config = new pulumi.Config();
                    new MySqlCluster("mysql", {
                        ...ON_REAL_NODE,
                        namespace: namespace(ns),
                        flavor: MySqlFlavor.Mariadb,
                        image: localImage("mariadb:10.11"),
                        replicas: config.requireNumber("replicas"),
                        storageSize: "1Gi",
                        rootPassword: config.requireSecret("password"),
                        resources: { cpuRequest: "50m", memoryRequest: "256Mi", cpuLimit: "1", memoryLimit: "512Mi" },
                        xtrabackupResources: {
                            cpuRequest: "10m",
                            memoryRequest: "64Mi",
                            cpuLimit: "500m",
                            memoryLimit: "512Mi",
                        },
                    });
                },
                { replicas: "2", "password!": PASSWORD },
            );
            await up(stack);
            const row = `row-${nonce()}`;
            await sql(
                "mysql-0",
                "127.0.0.1",
                `CREATE DATABASE e2e; CREATE TABLE e2e.t (id INT PRIMARY KEY, v VARCHAR(64)); INSERT INTO e2e.t VALUES (1, '${row}');`,
            );
            await clientPod(cluster, ns, "client", localImage("mariadb:10.11"), {
                env: [
                    {
                        name: "MYSQL_ROOT_PASSWORD",
                        valueFrom: { secretKeyRef: { name: "mysql-credentials", key: "root-password" } },
                    },
                ],
            });
            // The read Service balances over the primary and the replica: ask until the replica answers with the row.
            const fromReplica = await cluster.waitFor(
                "the row from mysql-1 through mysql-read",
                async () => {
                    const answer = await sql("client", "mysql-read", "SELECT @@hostname, v FROM e2e.t WHERE id = 1");
                    return answer.startsWith("mysql-1") ? answer : undefined;
                },
                120000,
            );
            assert.strictEqual(fromReplica, `mysql-1\t${row}`);
            assert.match(
                await sql("client", "mysql-1.mysql-headless", "SELECT @@read_only"),
                /^1$/,
                "the replica is read-only",
            );

            await setConfig(stack, { replicas: "3" });
            await up(stack);
            assert.strictEqual(await sql("client", "mysql-2.mysql-headless", "SELECT v FROM e2e.t WHERE id = 1"), row);
            const later = `later-${nonce()}`;
            await sql("mysql-0", "127.0.0.1", `INSERT INTO e2e.t VALUES (2, '${later}');`);
            const replicated = await cluster.waitFor("the second row on mysql-2", async () => {
                const v = await sql("client", "mysql-2.mysql-headless", "SELECT v FROM e2e.t WHERE id = 2");
                return v === "" ? undefined : v;
            });
            assert.strictEqual(replicated, later, "the cloned replica replicates from the primary");
            // All of it ran on read-only roots: only the data claim and each container's emptyDirs are writable.
            for (const container of ["mysql", "mariabackup"]) {
                assert.match(
                    await shIn(ns, "mysql-2", "touch /rootfs-probe 2>&1 || true", container),
                    /Read-only file system/,
                    `${container}: the root filesystem is read-only`,
                );
                assert.strictEqual(
                    (await shIn(ns, "mysql-2", "touch /tmp/probe && echo writable", container)).trim(),
                    "writable",
                    `${container}: /tmp is writable`,
                );
            }
        });
    });

    describe("Redis", () => {
        const ns = "e2e-real-redis";
        let stack: Stack | undefined;
        afterEach(diagnoseFailures(cluster, ns));
        after(async () => {
            if (stack) {
                await destroy(stack);
            }
        });
        const cli = (pod: string, command: string) => shIn(ns, pod, `redis-cli ${command}`, "redis");
        /** id, role, primary id and slots of every node, from `cluster nodes`. */
        const topology = async () =>
            (await cli("redis-0", "cluster nodes"))
                .trim()
                .split("\n")
                .map((line) => line.split(" "))
                .map((f) => [f[0], f[2].replace("myself,", ""), f[3], f.slice(8).join(" ")].join(" "))
                .sort();

        it("Redis: the bootstrap Job forms 3 primaries with 1 replica each (cluster_state:ok); SET/GET in cluster mode; no password, no access; a second bootstrap changes nothing", async () => {
            stack = await inlineStack(
                ns,
                async () => {
                    const config = new pulumi.Config();
                    new RedisCluster("redis", {
                        ...ON_REAL_NODE,
                        namespace: namespace(ns),
                        image: localImage("redis:7.0"),
                        nodes: 6,
                        replicasPerPrimary: 1,
                        storageSize: "1Gi",
                        password: config.requireSecret("password"),
                        resources: { cpuRequest: "10m", memoryRequest: "32Mi", cpuLimit: "200m", memoryLimit: "128Mi" },
                    });
                },
                { "password!": PASSWORD },
            );
            await up(stack);
            const job = await cluster.batch.readNamespacedJob({ name: "redis-bootstrap", namespace: ns });
            assert.ok((job.status?.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True"));
            assert.match(await cli("redis-0", "cluster info"), /cluster_state:ok/);
            const nodes = await topology();
            const primaries = nodes.filter((n) => n.split(" ")[1] === "master");
            const replicas = nodes.filter((n) => n.split(" ")[1] === "slave");
            assert.strictEqual(primaries.length, 3, nodes.join("\n"));
            assert.strictEqual(replicas.length, 3, nodes.join("\n"));
            for (const p of primaries) {
                const id = p.split(" ")[0];
                assert.strictEqual(replicas.filter((r) => r.split(" ")[2] === id).length, 1, `replicas of ${id}`);
            }

            const value = `v-${nonce()}`;
            assert.match(await cli("redis-1", `-c set e2e:key ${value}`), /OK/);
            assert.strictEqual((await cli("redis-4", "-c get e2e:key")).trim(), value);
            const refused = await shIn(
                ns,
                "redis-2",
                "env -u REDISCLI_AUTH redis-cli --no-auth-warning get e2e:key 2>&1",
                "redis",
            );
            assert.match(refused, /NOAUTH/);

            const spec = job.spec?.template;
            assert.ok(spec?.spec, "the bootstrap Job has a pod template");
            const labels = Object.fromEntries(
                Object.entries(spec.metadata?.labels ?? {}).filter(([k]) => !/controller-uid|job-name/.test(k)),
            );
            await cluster.batch.createNamespacedJob({
                namespace: ns,
                body: {
                    metadata: { name: "redis-bootstrap-again", namespace: ns },
                    spec: { backoffLimit: 0, template: { metadata: { labels }, spec: spec.spec } },
                },
            });
            await cluster.waitFor(
                "the second bootstrap to complete",
                async () => {
                    const again = await cluster.batch.readNamespacedJob({
                        name: "redis-bootstrap-again",
                        namespace: ns,
                    });
                    const conditions = again.status?.conditions ?? [];
                    if (conditions.some((c) => c.type === "Failed" && c.status === "True")) {
                        throw new Error("the second bootstrap failed");
                    }
                    return conditions.some((c) => c.type === "Complete" && c.status === "True") ? true : undefined;
                },
                180000,
            );
            assert.deepStrictEqual(await topology(), nodes, "the second bootstrap changed the cluster");
            assert.strictEqual((await cli("redis-0", "-c get e2e:key")).trim(), value);
        });
    });
});
