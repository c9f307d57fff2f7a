import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    DEFAULT_RESOURCES,
    LabelInput,
    Problems,
    SecretKeyRefArgs,
    SecurityArgs,
    buildContainer,
    buildPodTemplateFor,
    checkDnsLabel,
    checkMap,
    checkPinnedImage,
    checkStringList,
    childName,
    contentHash,
    exemptionAnnotations,
    objectMeta,
    setOutputs,
    show,
    validComponentType,
    validateSecretKeyRef,
    workloadLabels,
} from "../core";
import {
    BatchArgs,
    DEFAULT_TTL_SECONDS_AFTER_FINISHED,
    buildJobSpec,
    checkShellSafePath,
    jobTimeouts,
    validateBatchArgs,
} from "./common";

/**
 * Args of a {@link MigrationJob}.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export interface MigrationJobArgs extends BatchArgs {
    /**
     * The migration tool's image, pinned, for example "migrate/migrate:v4.17.0". A plain string: it is part of the
     * Job's name, so a new image re-runs the migrations.
     * @see https://kubernetes.io/docs/concepts/containers/images/
     */
    readonly image: string;
    /**
     * The Secret key holding the database URL, exposed as `DATABASE_URL` (the guide's `db-credentials`/`url`).
     * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
     */
    readonly databaseUrl: SecretKeyRefArgs;
    /**
     * Migration files by file name, for example `{ "001_init.up.sql": "CREATE TABLE ..." }`. Shipped as an
     * immutable, content-named ConfigMap mounted at `migrationsPath`. At most 1 MiB in total.
     * @see https://kubernetes.io/docs/concepts/configuration/configmap/#configmap-immutable
     */
    readonly migrations: Record<string, string>;
    /** Where the migrations are mounted. Default: "/migrations". @default "/migrations" */
    readonly migrationsPath?: string;
    /** The entrypoint. Default: ["migrate"] (golang-migrate). @default ["migrate"] (golang-migrate) */
    readonly command?: string[];
    /**
     * Arguments; `$(DATABASE_URL)` is expanded by Kubernetes. Default: ["-path", "/migrations", "-database",
     * "$(DATABASE_URL)", "up"] (the guide's).
     * @default ["-path", "/migrations", "-database", "$(DATABASE_URL)", "up"] (the guide's)
     * @see https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#use-environment-variables-to-define-arguments
     */
    readonly args?: string[];
}

/** The guide's Job settings for a migration. */
export const MIGRATION_JOB_DEFAULTS = {
    completions: 1,
    parallelism: 1,
    backoffLimit: 3,
    activeDeadlineSeconds: 600,
    restartPolicy: "Never",
} as const;
/** The migration container runs as nobody with a read-only root filesystem: it only reads files and connects out. */
export const MIGRATION_SECURITY: SecurityArgs = {
    runAsNonRoot: true,
    runAsUser: 65534,
    runAsGroup: 65534,
    readOnlyRootFilesystem: true,
};
/** Where the migrations are mounted. */
export const DEFAULT_MIGRATIONS_PATH = "/migrations";
/** golang-migrate's entrypoint. */
export const DEFAULT_MIGRATION_COMMAND: readonly string[] = ["migrate"];
/** The guide's arguments for `migrate up`, reading the files from a path. */
export function defaultMigrationArgs(path: string = DEFAULT_MIGRATIONS_PATH): string[] {
    return ["-path", path, "-database", "$(DATABASE_URL)", "up"];
}
/** The environment variable the database URL is exposed as. */
export const DATABASE_URL_ENV = "DATABASE_URL";
/** Longest component name: the Job is named `<name>-<10-character hash>` and Job names must fit a label (63). */
export const MAX_MIGRATION_NAME_LENGTH = 52;
/** ConfigMaps hold at most 1 MiB. */
export const MAX_CONFIGMAP_BYTES = 1024 * 1024;

const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

/** Validates {@link MigrationJobArgs} and the component name; returns every problem found. */
export function validateMigrationJobArgs(name: string, args: MigrationJobArgs): Problems {
    const problems = new Problems();
    if (name.length > MAX_MIGRATION_NAME_LENGTH) {
        problems.add(
            "name",
            `name must be at most ${MAX_MIGRATION_NAME_LENGTH} characters, since the Job is named "<name>-<10-character hash>" (got ${show(name)}, ${name.length} characters); use a shorter name`,
        );
    } else {
        checkDnsLabel(problems, "name", name);
    }
    if (args.image === undefined || args.image === "") {
        problems.add(
            "image",
            `image is required (got ${show(args.image)}); give a pinned image such as "migrate/migrate:v4.17.0"`,
        );
    } else {
        checkPinnedImage(problems, "image", args.image);
    }
    validateSecretKeyRef(problems, "databaseUrl", args.databaseUrl);
    const example = `{ "001_init.up.sql": "CREATE TABLE ..." }`;
    const isMap = checkMap(problems, "migrations", args.migrations, example);
    const files = isMap ? Object.entries(args.migrations) : [];
    if (files.length === 0 && (isMap || args.migrations === undefined || args.migrations === null)) {
        problems.add(
            "migrations",
            `migrations must contain at least one file (got ${show(args.migrations)}); give { "001_init.up.sql": "CREATE TABLE ..." }`,
        );
    }
    let bytes = 0;
    for (const [file, content] of files) {
        if (file.length > 253 || !CONFIGMAP_KEY.test(file)) {
            problems.add(
                `migrations.${file}`,
                `migrations key ${show(file)} must be a file name of letters, digits, '-', '_' and '.' (at most 253 characters); rename it, for example "001_init.up.sql"`,
            );
        }
        if (typeof content !== "string" || content.trim() === "") {
            problems.add(
                `migrations.${file}`,
                `migrations.${file} must not be empty (got ${show(content)}); put the SQL in it or remove the file`,
            );
        } else {
            bytes += Buffer.byteLength(content, "utf8") + Buffer.byteLength(file, "utf8");
        }
    }
    if (bytes > MAX_CONFIGMAP_BYTES) {
        problems.add(
            "migrations",
            `migrations must total at most 1 MiB, the ConfigMap limit (got ${bytes} bytes); bake large migrations into the image instead`,
        );
    }
    checkShellSafePath(problems, "migrationsPath", args.migrationsPath, DEFAULT_MIGRATIONS_PATH);
    checkStringList(problems, "command", args.command, `["migrate"]`);
    checkStringList(problems, "args", args.args, `["-path", "/migrations", "up"]`);
    if (Array.isArray(args.command) && args.command.length === 0) {
        problems.add("command", `command must not be empty (got []); leave it out for ["migrate"]`);
    }
    validateBatchArgs(problems, args, DEFAULT_RESOURCES);
    return problems;
}

/** The migrations as a stable JSON text (sorted by file name), for hashing. */
function canonicalMigrations(migrations: Record<string, string>): string {
    return JSON.stringify(
        Object.keys(migrations)
            .sort()
            .map((file) => [file, migrations[file]]),
    );
}

/** Hash of the migration files: names the immutable ConfigMap. */
export function migrationsHash(migrations: Record<string, string>): string {
    return contentHash(canonicalMigrations(migrations));
}

/**
 * Hash of everything that decides what the migration does: image, files, command, arguments, path and the
 * database reference. It names the Job, so any change makes a new Job that Pulumi runs and waits for.
 */
export function migrationRunHash(args: MigrationJobArgs): string {
    return contentHash(
        args.image,
        canonicalMigrations(args.migrations),
        JSON.stringify(args.command ?? DEFAULT_MIGRATION_COMMAND),
        JSON.stringify(args.args ?? defaultMigrationArgs(args.migrationsPath)),
        args.migrationsPath ?? DEFAULT_MIGRATIONS_PATH,
        `${args.databaseUrl.secretName}/${args.databaseUrl.key}`,
    );
}

/**
 * The guide's database migration Job: one pod (`restartPolicy: Never`, 3 retries, 600 s deadline) running
 * `migrate up` against `DATABASE_URL` from a Secret, with the migration files in a ConfigMap at /migrations.
 *
 * Pulumi waits for the Job to complete, so pass the component in `dependsOn` of the workloads that need the new
 * schema. The Job is named `<name>-<hash>` of the image, files, command and arguments, and the ConfigMap
 * `<name>-migrations-<hash>` of the files (immutable): a changed migration or image makes a new Job, which runs,
 * instead of a finished Job that Kubernetes would never run again.
 *
 * @example
 * const migrate = new MigrationJob("db-migration", {
 *     image: "migrate/migrate:v4.17.0",
 *     databaseUrl: { secretName: "db-credentials", key: "url" },
 *     migrations: { "001_init.up.sql": "CREATE TABLE t (id int);", "001_init.down.sql": "DROP TABLE t;" },
 * });
 */
export class MigrationJob extends pulumi.ComponentResource {
    /** The Job's name (`<name>-<hash>`); it changes whenever the migration must run again. */
    public readonly jobName!: pulumi.Output<string>;
    /** The immutable ConfigMap holding the migration files. */
    public readonly configMapName!: pulumi.Output<string>;
    /** The hash naming the Job. */
    public readonly runHash!: pulumi.Output<string>;

    constructor(name: string, args: MigrationJobArgs, opts?: pulumi.ComponentResourceOptions) {
        super(validComponentType("MigrationJob", name, validateMigrationJobArgs(name, args)), name, {}, opts);

        const labelInput: LabelInput = { instance: name, app: args.appName, pattern: "job", component: "migration" };
        const labels = workloadLabels(labelInput, args.labels);
        const path = args.migrationsPath ?? DEFAULT_MIGRATIONS_PATH;
        const runHash = migrationRunHash(args);
        const configMapName = `${childName(name, "migrations")}-${migrationsHash(args.migrations)}`;

        const security = { ...MIGRATION_SECURITY, ...(args.security ?? {}) };
        const configMap = new k8s.core.v1.ConfigMap(
            childName(name, "migrations"),
            {
                metadata: objectMeta(configMapName, args.namespace, labels, args.annotations),
                immutable: true,
                data: { ...args.migrations },
            },
            { parent: this },
        );
        const container = buildContainer({
            name: "migration",
            image: args.image,
            command: [...(args.command ?? DEFAULT_MIGRATION_COMMAND)],
            args: args.args ?? defaultMigrationArgs(path),
            imagePullPolicy: args.imagePullPolicy,
            secretEnv: [{ name: DATABASE_URL_ENV, ...args.databaseUrl }],
            resources: args.resources,
            readinessProbe: null,
            livenessProbe: null,
            security,
            volumeMounts: [{ name: "migrations", mountPath: path, readOnly: true }],
        });
        const template = buildPodTemplateFor(args, {
            labels,
            containers: [container],
            volumes: [{ name: "migrations", configMap: { name: configMap.metadata.name } }],
            restartPolicy: MIGRATION_JOB_DEFAULTS.restartPolicy,
            security: { runAsNonRoot: security.runAsNonRoot },
        });
        const activeDeadlineSeconds = args.activeDeadlineSeconds ?? MIGRATION_JOB_DEFAULTS.activeDeadlineSeconds;
        const job = new k8s.batch.v1.Job(
            name,
            {
                metadata: objectMeta(`${name}-${runHash}`, args.namespace, labels, {
                    ...(args.annotations ?? {}),
                    ...exemptionAnnotations(undefined, args),
                }),
                spec: buildJobSpec(
                    {
                        completions: MIGRATION_JOB_DEFAULTS.completions,
                        parallelism: MIGRATION_JOB_DEFAULTS.parallelism,
                        backoffLimit: args.backoffLimit ?? MIGRATION_JOB_DEFAULTS.backoffLimit,
                        activeDeadlineSeconds,
                        ttlSecondsAfterFinished: args.ttlSecondsAfterFinished ?? DEFAULT_TTL_SECONDS_AFTER_FINISHED,
                    },
                    template,
                ),
            },
            { parent: this, customTimeouts: jobTimeouts(activeDeadlineSeconds) },
        );

        this.registerOutputs(
            setOutputs<MigrationJob>(this, {
                jobName: job.metadata.name,
                configMapName: configMap.metadata.name,
                runHash: pulumi.output(runHash),
            }),
        );
    }
}
