import * as assert from "assert";
import { at, find, render, validationError, valueOf } from "../../harness/mocks";
import {
    MigrationJob,
    MigrationJobArgs,
    migrationRunHash,
    migrationsHash,
    validateMigrationJobArgs,
} from "../../../components/batch/migrationJob";

const JOB = "kubernetes:batch/v1:Job";
const CONFIGMAP = "kubernetes:core/v1:ConfigMap";

const ARGS: MigrationJobArgs = {
    image: "migrate/migrate:v4.17.0",
    databaseUrl: { secretName: "db-credentials", key: "url" },
    migrations: { "001_init.up.sql": "CREATE TABLE t (id int);", "001_init.down.sql": "DROP TABLE t;" },
};

function messages(args: MigrationJobArgs, name = "db-migration"): string[] {
    return validateMigrationJobArgs(name, args)
        .list()
        .map((p) => p.message);
}

async function jobName(args: MigrationJobArgs): Promise<{ job: string; configMap: string }> {
    const resources = await render(() => new MigrationJob("db-migration", args));
    return {
        job: at(find(resources, JOB, "db-migration").inputs, "metadata.name") as string,
        configMap: at(find(resources, CONFIGMAP, "db-migration-migrations").inputs, "metadata.name") as string,
    };
}

describe("MigrationJob", () => {
    it("renders the guide's Job with the migrations in an immutable, content-named ConfigMap", async () => {
        let migration: MigrationJob | undefined;
        const resources = await render(() => {
            migration = new MigrationJob("db-migration", ARGS);
        });
        const hash = migrationRunHash(ARGS);
        const filesHash = migrationsHash(ARGS.migrations);
        assert.match(hash, /^[0-9a-f]{10}$/);
        const cm = find(resources, CONFIGMAP, "db-migration-migrations").inputs;
        assert.strictEqual(at(cm, "metadata.name"), `db-migration-migrations-${filesHash}`);
        assert.strictEqual(at(cm, "immutable"), true);
        assert.deepStrictEqual(at(cm, "data"), ARGS.migrations);

        const job = find(resources, JOB, "db-migration").inputs;
        assert.strictEqual(at(job, "metadata.name"), `db-migration-${hash}`);
        assert.strictEqual(at(job, "metadata.annotations"), undefined);
        assert.strictEqual((at(job, "metadata.labels") as Record<string, string>)["k8s-workloads.io/pattern"], "job");
        const spec = at(job, "spec");
        assert.strictEqual(at(spec, "completions"), 1);
        assert.strictEqual(at(spec, "parallelism"), 1);
        assert.strictEqual(at(spec, "backoffLimit"), 3);
        assert.strictEqual(at(spec, "activeDeadlineSeconds"), 600);
        assert.strictEqual(at(spec, "ttlSecondsAfterFinished"), 86400);
        const pod = at(spec, "template.spec");
        assert.strictEqual(at(pod, "restartPolicy"), "Never");
        assert.strictEqual(at(pod, "automountServiceAccountToken"), false);
        assert.deepStrictEqual(at(pod, "volumes"), [
            { name: "migrations", configMap: { name: `db-migration-migrations-${filesHash}` } },
        ]);
        assert.strictEqual((at(spec, "template.metadata.labels") as Record<string, string>).app, "db-migration");
        const container = at(pod, "containers.0");
        assert.strictEqual(at(container, "name"), "migration");
        assert.strictEqual(at(container, "image"), "migrate/migrate:v4.17.0");
        assert.deepStrictEqual(at(container, "command"), ["migrate"]);
        assert.deepStrictEqual(at(container, "args"), ["-path", "/migrations", "-database", "$(DATABASE_URL)", "up"]);
        assert.deepStrictEqual(at(container, "env"), [
            { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "db-credentials", key: "url" } } },
        ]);
        assert.deepStrictEqual(at(container, "volumeMounts"), [
            { name: "migrations", mountPath: "/migrations", readOnly: true },
        ]);
        assert.strictEqual(at(container, "readinessProbe"), undefined);
        assert.strictEqual(at(container, "livenessProbe"), undefined);
        assert.deepStrictEqual(at(container, "resources"), {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "200m", memory: "256Mi" },
        });
        assert.deepStrictEqual(at(container, "securityContext"), {
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
            runAsNonRoot: true,
            runAsUser: 65534,
            runAsGroup: 65534,
            readOnlyRootFilesystem: true,
        });
        assert.deepStrictEqual(at(pod, "securityContext"), {
            seccompProfile: { type: "RuntimeDefault" },
            runAsNonRoot: true,
        });

        assert.ok(migration);
        assert.strictEqual(await valueOf(migration.jobName), `db-migration-${hash}`);
        assert.strictEqual(await valueOf(migration.configMapName), `db-migration-migrations-${filesHash}`);
        assert.strictEqual(await valueOf(migration.runHash), hash);
    });

    it("renames the Job (so Pulumi replaces and re-runs it) when a migration changes", async () => {
        const before = await jobName(ARGS);
        const edited = await jobName({
            ...ARGS,
            migrations: { ...ARGS.migrations, "001_init.up.sql": "CREATE TABLE t (id bigint);" },
        });
        const added = await jobName({
            ...ARGS,
            migrations: { ...ARGS.migrations, "002_more.up.sql": "ALTER TABLE t ADD c int;" },
        });
        assert.notStrictEqual(edited.job, before.job);
        assert.notStrictEqual(edited.configMap, before.configMap);
        assert.notStrictEqual(added.job, before.job);
        assert.notStrictEqual(added.job, edited.job);
        assert.notStrictEqual(added.configMap, before.configMap);
    });

    it("renames the Job when the image, command or arguments change, but keeps the ConfigMap", async () => {
        const before = await jobName(ARGS);
        const image = await jobName({ ...ARGS, image: "migrate/migrate:v4.18.1" });
        const args = await jobName({
            ...ARGS,
            args: ["-path", "/migrations", "-database", "$(DATABASE_URL)", "up", "1"],
        });
        const command = await jobName({ ...ARGS, command: ["/usr/local/bin/migrate"] });
        for (const changed of [image, args, command]) {
            assert.notStrictEqual(changed.job, before.job);
            assert.strictEqual(changed.configMap, before.configMap);
        }
    });

    it("keeps the same names for the same content, whatever the key order", async () => {
        const before = await jobName(ARGS);
        const reordered = await jobName({
            ...ARGS,
            migrations: { "001_init.down.sql": "DROP TABLE t;", "001_init.up.sql": "CREATE TABLE t (id int);" },
        });
        assert.deepStrictEqual(reordered, before);
    });

    it("applies every option", async () => {
        const resources = await render(
            () =>
                new MigrationJob("mig", {
                    ...ARGS,
                    namespace: "shop",
                    appName: "shop-migrations",
                    migrationsPath: "/sql",
                    command: ["flyway"],
                    args: ["migrate"],
                    backoffLimit: 0,
                    activeDeadlineSeconds: 1200,
                    ttlSecondsAfterFinished: 600,
                    resources: { memoryLimit: "1Gi" },
                    imagePullPolicy: "Always",
                    serviceAccountName: "migrator",
                    labels: { team: "db" },
                    annotations: { owner: "db" },
                    podAnnotations: { "sidecar.istio.io/inject": "false" },
                    nodeSelector: { pool: "batch" },
                    tolerations: [{ key: "batch", operator: "Exists" }],
                    priorityClassName: "high",
                    security: { runAsNonRoot: false, runAsUser: 0, readOnlyRootFilesystem: false },
                    exemptions: ["batch-limits"],
                    exemptionReason: "testing",
                }),
        );
        const job = find(resources, JOB, "mig").inputs;
        assert.strictEqual(at(job, "metadata.namespace"), "shop");
        assert.deepStrictEqual(at(job, "metadata.annotations"), {
            owner: "db",
            "k8s-workloads.io/exempt": "batch-limits",
            "k8s-workloads.io/exempt-reason": "testing",
        });
        assert.strictEqual(at(job, "metadata.labels.team"), "db");
        assert.strictEqual(at(job, "spec.backoffLimit"), 0);
        assert.strictEqual(at(job, "spec.activeDeadlineSeconds"), 1200);
        assert.strictEqual(at(job, "spec.ttlSecondsAfterFinished"), 600);
        assert.strictEqual(at(job, "spec.template.metadata.labels.app"), "shop-migrations");
        assert.deepStrictEqual(at(job, "spec.template.metadata.annotations"), { "sidecar.istio.io/inject": "false" });
        const pod = at(job, "spec.template.spec");
        assert.strictEqual(at(pod, "serviceAccountName"), "migrator");
        assert.strictEqual(at(pod, "automountServiceAccountToken"), true);
        assert.deepStrictEqual(at(pod, "nodeSelector"), { pool: "batch" });
        assert.deepStrictEqual(at(pod, "tolerations"), [{ key: "batch", operator: "Exists" }]);
        assert.strictEqual(at(pod, "priorityClassName"), "high");
        assert.strictEqual(at(pod, "securityContext.runAsNonRoot"), false);
        assert.strictEqual(at(pod, "containers.0.securityContext.runAsUser"), 0);
        assert.strictEqual(at(pod, "containers.0.securityContext.readOnlyRootFilesystem"), false);
        const container = at(pod, "containers.0");
        assert.deepStrictEqual(at(container, "command"), ["flyway"]);
        assert.deepStrictEqual(at(container, "args"), ["migrate"]);
        assert.strictEqual(at(container, "imagePullPolicy"), "Always");
        assert.strictEqual(at(container, "resources.limits.memory"), "1Gi");
        assert.deepStrictEqual(at(container, "volumeMounts"), [
            { name: "migrations", mountPath: "/sql", readOnly: true },
        ]);
        const cm = find(resources, CONFIGMAP, "mig-migrations").inputs;
        assert.strictEqual(at(cm, "metadata.namespace"), "shop");
        assert.strictEqual(at(cm, "metadata.annotations.owner"), "db");
    });

    it("points the default arguments at a custom migrations path", async () => {
        const resources = await render(() => new MigrationJob("p", { ...ARGS, migrationsPath: "/db/sql" }));
        assert.deepStrictEqual(at(find(resources, JOB, "p").inputs, "spec.template.spec.containers.0.args"), [
            "-path",
            "/db/sql",
            "-database",
            "$(DATABASE_URL)",
            "up",
        ]);
    });

    it("rejects an empty migrations map, empty secret name and key, and a bad image", () => {
        assert.deepStrictEqual(
            messages({ image: "migrate/migrate", databaseUrl: { secretName: "", key: "" }, migrations: {} }),
            [
                `image must be pinned to a version tag or digest, not untagged (got "migrate/migrate"); for example "migrate/migrate:1.2.3"`,
                `databaseUrl.secretName is required (got ""); name the Secret that holds the value, for example "db-credentials"`,
                `databaseUrl.key is required (got ""); name the key inside the Secret, for example "url"`,
                `migrations must contain at least one file (got {}); give { "001_init.up.sql": "CREATE TABLE ..." }`,
            ],
        );
    });

    it("rejects missing args, bad file names, empty files and bad settings", () => {
        assert.deepStrictEqual(messages({} as MigrationJobArgs), [
            `image is required (got undefined); give a pinned image such as "migrate/migrate:v4.17.0"`,
            `databaseUrl is required (got undefined); give { secretName: "db-credentials", key: "url" }`,
            `migrations must contain at least one file (got undefined); give { "001_init.up.sql": "CREATE TABLE ..." }`,
        ]);
        assert.deepStrictEqual(
            messages({
                ...ARGS,
                migrations: { "001 init.sql": "SELECT 1;", "002.sql": " " },
                migrationsPath: "migrations",
                command: [],
                backoffLimit: -1,
                activeDeadlineSeconds: 0,
                ttlSecondsAfterFinished: 1.5,
                namespace: "Shop",
                serviceAccountName: "Migrator",
                // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
                imagePullPolicy: "always",
                resources: { cpuRequest: "lots" },
                security: { runAsUser: -1, runAsGroup: 1.5 },
            }),
            [
                `migrations key "001 init.sql" must be a file name of letters, digits, '-', '_' and '.' (at most 253 characters); rename it, for example "001_init.up.sql"`,
                `migrations.002.sql must not be empty (got " "); put the SQL in it or remove the file`,
                `migrationsPath must be an absolute path of letters, digits, '.', '_', '-' and '/' (got "migrations"); for example "/migrations"`,
                `command must not be empty (got []); leave it out for ["migrate"]`,
                `namespace must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (got "Shop"); use a name such as "shop"`,
                `imagePullPolicy must be one of "Always", "IfNotPresent", "Never" (got "always")`,
                `resources.cpuRequest must be a Kubernetes quantity such as "500m", "256Mi" or "10Gi" (got "lots")`,
                `serviceAccountName must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (got "Migrator"); use a name such as "migrator"`,
                `security.runAsUser must be a whole number of at least 0 (got -1)`,
                `security.runAsGroup must be a whole number of at least 0 (got 1.5)`,
                `backoffLimit must be a whole number of at least 0 (got -1); use 0 for no retries`,
                `activeDeadlineSeconds must be a whole number of at least 1 (got 0); give the longest time a run may take, for example 600`,
                `ttlSecondsAfterFinished must be a whole number of at least 0 (got 1.5); for example 86400 to keep a finished Job for a day`,
            ],
        );
    });

    it("rejects migrations above the ConfigMap limit", () => {
        assert.deepStrictEqual(messages({ ...ARGS, migrations: { "001_big.up.sql": "x".repeat(1024 * 1024) } }), [
            `migrations must total at most 1 MiB, the ConfigMap limit (got 1048590 bytes); bake large migrations into the image instead`,
        ]);
    });

    it("rejects names that leave no room for the hash, or are not DNS labels", () => {
        const long = "a".repeat(53);
        assert.deepStrictEqual(messages(ARGS, long), [
            `name must be at most 52 characters, since the Job is named "<name>-<10-character hash>" (got "${long}", 53 characters); use a shorter name`,
        ]);
        assert.deepStrictEqual(messages(ARGS, "DB_Migration"), [
            `name must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (got "DB_Migration"); use a name such as "web-storage"`,
        ]);
    });

    it("throws one error before creating any child", async () => {
        let message = "";
        const resources = await render(() => {
            message = validationError(() => new MigrationJob("bad", { ...ARGS, migrations: {} }));
        });
        assert.strictEqual(
            message,
            `MigrationJob "bad" has invalid args:\n  - migrations must contain at least one file (got {}); give { "001_init.up.sql": "CREATE TABLE ..." }`,
        );
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("kubernetes:")),
            [],
        );
    });
});
