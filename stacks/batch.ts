import * as k8s from "@pulumi/kubernetes";
import { DatabaseBackup, LogCleanup, MigrationJob, core } from "../components";
import { EnvironmentName, StackSettings, perEnv } from "./settings";

/** The Secret (in the app namespace) holding the database URL under {@link DB_URL_KEY}. */
export const DB_CREDENTIALS_SECRET = "db-credentials";
/** The key of the database URL in {@link DB_CREDENTIALS_SECRET}. */
export const DB_URL_KEY = "url";

/** The schema the stacks' migration applies (golang-migrate file names). */
export const STACK_MIGRATIONS: Record<string, string> = {
    "001_create_orders.up.sql":
        "CREATE TABLE IF NOT EXISTS orders (\n  id BIGINT PRIMARY KEY,\n  customer VARCHAR(255) NOT NULL,\n  total_cents BIGINT NOT NULL,\n  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n);\n",
    "001_create_orders.down.sql": "DROP TABLE IF EXISTS orders;\n",
};

/** Batch container sizes: dev small, prod the package defaults. */
const BATCH_RESOURCES: Record<EnvironmentName, core.ResourceArgs> = {
    dev: { cpuRequest: "50m", memoryRequest: "64Mi", cpuLimit: "100m", memoryLimit: "128Mi" },
    staging: { cpuRequest: "100m", memoryRequest: "128Mi", cpuLimit: "200m", memoryLimit: "256Mi" },
    prod: { cpuRequest: "100m", memoryRequest: "128Mi", cpuLimit: "200m", memoryLimit: "256Mi" },
};

/**
 * Creates the `db-credentials` Secret (from the encrypted config value `databaseUrl`, as `stringData`) and the
 * MigrationJob in the app namespace, and returns the MigrationJob. Pulumi waits for the Job to complete: pass the
 * result as `dependsOn` to the workloads that use the database so they roll out after the migration.
 *
 * Config keys (project namespace): `databaseUrl` (secret, required), `migrationImage` (default
 * "migrate/migrate:v4.17.0").
 */
export function deployMigration(settings: StackSettings): MigrationJob {
    const { env, config, namespace } = settings;
    const secret = new k8s.core.v1.Secret("db-credentials", {
        metadata: {
            name: DB_CREDENTIALS_SECRET,
            namespace,
            labels: { "app.kubernetes.io/part-of": "k8s-workloads", "app.kubernetes.io/environment": env },
        },
        type: "Opaque",
        stringData: { [DB_URL_KEY]: config.requireSecret("databaseUrl") },
    });
    return new MigrationJob(
        "db-migration",
        {
            namespace,
            image: config.get("migrationImage") ?? "migrate/migrate:v4.17.0",
            databaseUrl: { secretName: DB_CREDENTIALS_SECRET, key: DB_URL_KEY },
            migrations: STACK_MIGRATIONS,
            resources: BATCH_RESOURCES[env],
            labels: { "app.kubernetes.io/environment": env },
        },
        { dependsOn: [secret] },
    );
}

/** The scheduled batch components of a stack. */
export interface BatchStack {
    readonly backup: DatabaseBackup;
    readonly logCleanup: LogCleanup;
}

/**
 * Creates the guide's CronJobs in the app namespace: the DatabaseBackup (daily at 02:00, into a claim sized per
 * environment, protected in prod) and the weekly LogCleanup. They run after `migration` (and so after the
 * `db-credentials` Secret it depends on).
 *
 * Config keys (project namespace, all optional): `backupSchedule` (default "0 2 * * *"), `backupRetentionDays`
 * (dev 3, staging 7, prod 7), `backupStorageSize` (dev "1Gi", staging "5Gi", prod "10Gi"), `backupStorageClass`
 * (default: the cluster's default class), `logCleanupSchedule` (default "0 0 * * 0"), `logMaxAgeDays` (dev 7,
 * staging 14, prod 30).
 */
export function deployBatch(settings: StackSettings, migration: MigrationJob): BatchStack {
    const { env, config, namespace } = settings;
    const labels = { "app.kubernetes.io/environment": env };
    const backup = new DatabaseBackup(
        "database-backup",
        {
            namespace,
            schedule: config.get("backupSchedule") ?? "0 2 * * *",
            databaseUrl: { secretName: DB_CREDENTIALS_SECRET, key: DB_URL_KEY },
            retentionDays: config.getNumber("backupRetentionDays") ?? perEnv(env, { dev: 3, staging: 7, prod: 7 }),
            storageSize: config.get("backupStorageSize") ?? perEnv(env, { dev: "1Gi", staging: "5Gi", prod: "10Gi" }),
            storageClassName: config.get("backupStorageClass"),
            protect: settings.protect,
            labels,
        },
        { dependsOn: [migration] },
    );
    const logCleanup = new LogCleanup("log-cleanup", {
        namespace,
        schedule: config.get("logCleanupSchedule") ?? "0 0 * * 0",
        maxAgeDays: config.getNumber("logMaxAgeDays") ?? perEnv(env, { dev: 7, staging: 14, prod: 30 }),
        resources: BATCH_RESOURCES[env],
        labels,
        exemptions: ["run-as-non-root"],
        exemptionReason: "deletes root-owned log files under the node's /var/log",
    });
    return { backup, logCleanup };
}
