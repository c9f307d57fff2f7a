import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, at, find, ofType, render } from "../../harness/mocks";
import { deployAgents } from "../../../stacks/agents";
import { STACK_MIGRATIONS, deployBatch, deployMigration } from "../../../stacks/batch";
import { ENVIRONMENTS, EnvironmentName, StackSettings } from "../../../stacks/settings";
import { MigrationJob } from "../../../components/internal";
import { checkPulumiResources } from "../../../policies/engine";

/** The key Pulumi marks serialized secret values with. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const DB_URL = "postgres://app:s3cret@db:5432/app";

function settings(env: EnvironmentName): StackSettings {
    pulumi.runtime.setConfig("k8s-workloads:databaseUrl", DB_URL);
    return {
        env,
        namespace: `workloads-${env}`,
        config: new pulumi.Config("k8s-workloads"),
        protect: env === "prod",
        networkPolicies: env !== "dev",
    };
}

async function renderStack(env: EnvironmentName): Promise<{ resources: RecordedResource[]; migration?: MigrationJob }> {
    let migration: MigrationJob | undefined;
    const resources = await render(() => {
        const s = settings(env);
        deployAgents(s);
        migration = deployMigration(s);
        deployBatch(s, migration);
    });
    return { resources, migration };
}

describe("stacks: agents and batch", () => {
    for (const env of ENVIRONMENTS) {
        it(`creates every agent and batch component in ${env}, with no credential in plain text`, async () => {
            const { resources, migration } = await renderStack(env);
            const names = resources.map((r) => `${r.type} ${r.name}`);
            for (const expected of [
                "kubernetes:core/v1:Namespace monitoring",
                "k8s-workloads:index:LogCollector fluentd",
                "k8s-workloads:index:NodeExporter node-exporter",
                "kubernetes:core/v1:Secret db-credentials",
                "k8s-workloads:index:MigrationJob db-migration",
                "k8s-workloads:index:DatabaseBackup database-backup",
                "k8s-workloads:index:LogCleanup log-cleanup",
            ]) {
                assert.ok(names.includes(expected), `missing ${expected} in ${env}`);
            }
            const ns = find(resources, "kubernetes:core/v1:Namespace", "monitoring").inputs;
            assert.strictEqual(at(ns, "metadata.name"), "monitoring");
            const exporter = find(resources, "kubernetes:apps/v1:DaemonSet", "node-exporter").inputs;
            assert.strictEqual(at(exporter, "metadata.namespace"), "monitoring");
            assert.strictEqual(ofType(resources, "kubernetes:core/v1:Service").length, env === "dev" ? 0 : 1);
            const secret = find(resources, "kubernetes:core/v1:Secret", "db-credentials").inputs;
            assert.strictEqual(at(secret, "metadata.name"), "db-credentials");
            assert.strictEqual(at(secret, "metadata.namespace"), `workloads-${env}`);
            // stringData is a Pulumi secret (the engine's secret signature), holding the config value.
            assert.deepStrictEqual(at(secret, "stringData"), {
                [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270",
                value: { url: DB_URL },
            });
            // The URL appears only in the Secret.
            const leaks = resources.filter(
                (r) => r !== undefined && r.name !== "db-credentials" && JSON.stringify(r.inputs).includes("s3cret"),
            );
            assert.deepStrictEqual(
                leaks.map((r) => r.name),
                [],
            );
            const job = find(resources, "kubernetes:batch/v1:Job", "db-migration").inputs;
            assert.strictEqual(at(job, "metadata.namespace"), `workloads-${env}`);
            assert.deepStrictEqual(
                at(find(resources, "kubernetes:core/v1:ConfigMap", "db-migration-migrations").inputs, "data"),
                STACK_MIGRATIONS,
            );
            const pvc = find(resources, "kubernetes:core/v1:PersistentVolumeClaim", "database-backup-storage").inputs;
            assert.strictEqual(
                at(pvc, "spec.resources.requests.storage"),
                { dev: "1Gi", staging: "5Gi", prod: "10Gi" }[env],
            );
            const cleanup = find(resources, "kubernetes:batch/v1:CronJob", "log-cleanup").inputs;
            assert.match(
                at(cleanup, "spec.jobTemplate.spec.template.spec.containers.0.command.2") as string,
                new RegExp(`-mtime \\+${{ dev: 7, staging: 14, prod: 30 }[env]} `),
            );
            assert.ok(migration);
            const mandatory = checkPulumiResources(
                resources.map((r) => ({ type: r.type, props: r.inputs })),
                {
                    environment: env,
                },
            ).filter((v) => v.enforcementLevel === "mandatory");
            assert.deepStrictEqual(mandatory, []);
        });
    }
});
