import * as assert from "assert";
import { render } from "../../harness/mocks";
import { checkPulumiResources } from "../../../policies/engine";
import { DatabaseBackup, LogCleanup, LogCollector, MigrationJob, NodeExporter } from "../../../components/internal";

const DB = { secretName: "db-credentials", key: "url" };

/** The pack's mandatory findings (baseline preset) on what a program renders, as "rule kind/name: message". */
async function mandatory(program: () => unknown): Promise<string[]> {
    const resources = await render(program);
    return checkPulumiResources(resources.map((r) => ({ type: r.type, props: r.inputs })))
        .filter((v) => v.enforcementLevel === "mandatory")
        .map((v) => `${v.policy} ${v.kind}/${v.name}: ${v.message}`);
}

describe("policy pack (baseline): node agent and batch components", () => {
    const defaults: [string, () => unknown][] = [
        ["LogCollector", () => new LogCollector("fluentd", { elasticsearch: { host: "elasticsearch-logging" } })],
        ["NodeExporter", () => new NodeExporter("node-exporter", { headlessService: true })],
        [
            "MigrationJob",
            () =>
                new MigrationJob("db-migration", {
                    image: "migrate/migrate:v4.17.0",
                    databaseUrl: DB,
                    migrations: { "001_init.up.sql": "CREATE TABLE t (id int);" },
                }),
        ],
        ["DatabaseBackup", () => new DatabaseBackup("database-backup", { databaseUrl: DB })],
        [
            "DatabaseBackup with S3",
            () =>
                new DatabaseBackup("s3-backup", {
                    databaseUrl: DB,
                    s3: { bucket: "my-backups", credentialsSecret: "aws-credentials" },
                }),
        ],
        ["LogCleanup", () => new LogCleanup("log-cleanup", {})],
        ["LogCleanup on every node", () => new LogCleanup("log-cleanup-all", { nodeCount: 3 })],
    ];
    for (const [label, program] of defaults) {
        it(`passes every mandatory rule with the defaults: ${label}`, async () => {
            assert.deepStrictEqual(await mandatory(program), []);
        });
    }

    it("LogCollector's default resources raise no cpu-limit or resource-bounds advisory (400m is 4 times 100m)", async () => {
        const resources = await render(
            () => new LogCollector("fluentd-cpu", { elasticsearch: { host: "elasticsearch-logging" } }),
        );
        const findings = checkPulumiResources(resources.map((r) => ({ type: r.type, props: r.inputs })))
            .filter((v) => v.policy === "cpu-limit" || v.policy === "resource-bounds")
            .map((v) => `${v.policy} ${v.kind}/${v.name}: ${v.message}`);
        assert.deepStrictEqual(findings, []);
    });

    it("flags the Docker prune opt-in until the CronJob carries an exemption with a reason", async () => {
        assert.deepStrictEqual(await mandatory(() => new LogCleanup("prune", { dockerPrune: true })), [
            `host-path-restricted CronJob/prune: volume "varlog" mounts hostPath /var/log, which is not on allowedHostPaths`,
            `host-path-restricted CronJob/prune: volume "dockersock" mounts the container-runtime socket path /var/run/docker.sock: that is root on the node; only an explicit k8s-workloads.io/exempt annotation on this resource, with a reason, waives it`,
            `host-path-restricted CronJob/prune: volume "dockercontainers" mounts hostPath /var/lib/docker/containers, which is not on allowedHostPaths`,
        ]);
        assert.deepStrictEqual(
            await mandatory(
                () =>
                    new LogCleanup("prune-exempt", {
                        dockerPrune: true,
                        exemptions: ["host-path-restricted"],
                        exemptionReason: "Docker nodes only",
                    }),
            ),
            [],
        );
    });
});
