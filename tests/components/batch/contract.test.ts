import * as assert from "assert";
import * as wl from "k8s-workloads";
import { at, find, render } from "../../harness/mocks";

describe("contract: node agents and batch (issue example, verbatim)", () => {
    it("type-checks and renders the issue's lines", async () => {
        let migrationJob: unknown;
        const resources = await render(() => {
            // --- the contract lines, verbatim ---
            new wl.LogCollector("fluentd", { elasticsearch: { host: "elasticsearch-logging", port: 9200, scheme: "http" } });
            new wl.NodeExporter("node-exporter", { namespace: "monitoring" });
            const migrate = new wl.MigrationJob("db-migration", { image: "migrate/migrate:v4.17.0",
              databaseUrl: { secretName: "db-credentials", key: "url" },
              migrations: { "001_init.up.sql": "CREATE TABLE t (id int);", "001_init.down.sql": "DROP TABLE t;" } });
            new wl.DatabaseBackup("database-backup", { schedule: "0 2 * * *", databaseUrl: { secretName: "db-credentials", key: "url" }, retentionDays: 7 });
            new wl.LogCleanup("log-cleanup", { schedule: "0 0 * * 0", maxAgeDays: 30 });
            // --- end of the contract lines ---
            migrationJob = migrate;
            // The migration gates the app's rollout.
            new wl.RollingDeployment("app", { image: "nginx:1.21", port: 80 }, { dependsOn: [migrate] });
        });
        assert.ok(migrationJob instanceof wl.MigrationJob);
        const types = resources.map((r) => `${r.type} ${r.name}`);
        for (const expected of [
            "k8s-workloads:index:LogCollector fluentd",
            "kubernetes:apps/v1:DaemonSet fluentd",
            "k8s-workloads:index:NodeExporter node-exporter",
            "kubernetes:apps/v1:DaemonSet node-exporter",
            "k8s-workloads:index:MigrationJob db-migration",
            "kubernetes:batch/v1:Job db-migration",
            "kubernetes:core/v1:ConfigMap db-migration-migrations",
            "k8s-workloads:index:DatabaseBackup database-backup",
            "kubernetes:batch/v1:CronJob database-backup",
            "kubernetes:core/v1:PersistentVolumeClaim database-backup-storage",
            "k8s-workloads:index:LogCleanup log-cleanup",
            "kubernetes:batch/v1:CronJob log-cleanup",
        ]) {
            assert.ok(types.includes(expected), `missing ${expected}`);
        }
        assert.strictEqual(at(find(resources, "kubernetes:apps/v1:DaemonSet", "node-exporter").inputs, "metadata.namespace"), "monitoring");
        assert.strictEqual(at(find(resources, "kubernetes:batch/v1:CronJob", "log-cleanup").inputs, "spec.schedule"), "0 0 * * 0");
    });
});
