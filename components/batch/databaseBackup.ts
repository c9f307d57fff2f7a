import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    LabelInput,
    ResourceDefaults,
    SecretKeyRefArgs,
    SecurityArgs,
    childName,
    setOutputs,
    validComponentType,
    workloadLabels,
} from "../core";
import { BatchArgs, CronArgs } from "./common";

import { renderBackupClaim, renderBackupCronJob, validateDatabaseBackupArgs } from "./databaseBackupSpec";

/**
 * Upload of each backup to S3 (or an S3-compatible store), with credentials from a Secret.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
 */
export interface S3UploadArgs {
    /** The bucket, for example "my-backups". */
    readonly bucket: string;
    /**
     * Key prefix inside the bucket, without leading or trailing "/". Default: "database" (the guide's).
     * @default "database" (the guide's)
     */
    readonly prefix?: string;
    /** The Secret holding the access key pair (the guide's `aws-credentials`). */
    readonly credentialsSecret: string;
    /**
     * Key of the access key ID in the Secret. Default: "access-key" (the guide's).
     * @default "access-key" (the guide's)
     */
    readonly accessKeyIdKey?: string;
    /**
     * Key of the secret access key in the Secret. Default: "secret-key" (the guide's).
     * @default "secret-key" (the guide's)
     */
    readonly secretAccessKeyKey?: string;
    /** AWS region. Default: none (the CLI's default). @default none (the CLI's default) */
    readonly region?: string;
    /** Endpoint URL of an S3-compatible store, for example "https://minio.example.com". Default: AWS. @default AWS */
    readonly endpoint?: string;
    /** The AWS CLI image, pinned. Default: "amazon/aws-cli:2.17.50". @default "amazon/aws-cli:2.17.50" */
    readonly image?: string;
}

/**
 * Args of a {@link DatabaseBackup}.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export interface DatabaseBackupArgs extends BatchArgs, CronArgs {
    /**
     * When backups run. Default: "0 2 * * *" (the guide's: daily at 02:00).
     * @default "0 2 * * *" (the guide's: daily at 02:00)
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
     */
    readonly schedule?: string;
    /**
     * The Secret key holding the PostgreSQL URL, exposed as `DATABASE_URL` (the guide's `db-credentials`/`url`).
     * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
     */
    readonly databaseUrl: SecretKeyRefArgs;
    /**
     * Days local backups are kept; older `backup-*.sql` files are deleted after each run (`find -mtime +N`). Default: 7
     * (the guide's).
     * @default 7 (the guide's)
     */
    readonly retentionDays?: number;
    /**
     * The image with `pg_dump`, pinned; its major version must be at least the server's. Default: "postgres:14.13".
     * @default "postgres:14.13"
     * @see https://www.postgresql.org/docs/current/app-pgdump.html
     */
    readonly image?: string;
    /**
     * Size of the PersistentVolumeClaim the component creates for the backups. Ignored with `existingClaim`. Default:
     * "10Gi".
     * @default "10Gi"
     * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims
     */
    readonly storageSize?: string;
    /**
     * StorageClass of the created claim. Default: the cluster's default class.
     * @default the cluster's default class
     * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
     */
    readonly storageClassName?: string;
    /**
     * Use this existing PersistentVolumeClaim instead of creating one (the guide's `backup-pvc`). Default: none (a
     * claim `<name>-storage` is created).
     * @default none (a claim `<name>-storage` is created)
     * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#claims-as-volumes
     */
    readonly existingClaim?: string;
    /** Also upload each backup to S3. Default: none (local backups only). @default none (local backups only) */
    readonly s3?: S3UploadArgs;
    /**
     * Protect the created claim (and so the backups on it) from deletion by Pulumi. Default: false.
     * @default false
     * @see https://www.pulumi.com/docs/iac/concepts/options/protect/
     */
    readonly protect?: boolean;
}

/** The guide's backup settings. */
export const DATABASE_BACKUP_DEFAULTS = {
    schedule: "0 2 * * *",
    backoffLimit: 2,
    activeDeadlineSeconds: 3600,
    successfulJobsHistoryLimit: 3,
    retentionDays: 7,
    restartPolicy: "OnFailure",
    storageSize: "10Gi",
    s3Prefix: "database",
    accessKeyIdKey: "access-key",
    secretAccessKeyKey: "secret-key",
} as const;
/** The pinned pg_dump image (the guide's `postgres:14`, at a patch release). */
export const DEFAULT_BACKUP_IMAGE = "postgres:14.13";
/** The pinned AWS CLI image for uploads. */
export const DEFAULT_AWS_CLI_IMAGE = "amazon/aws-cli:2.17.50";
/** Where the backup volume is mounted. */
export const BACKUP_MOUNT_PATH = "/backup";
/** The postgres image's own user and group (999), which owns the backup volume through fsGroup. */
export const BACKUP_USER = 999;
/** The backup containers run as the postgres user with a read-only root filesystem and a scratch /tmp. */
export const BACKUP_SECURITY: SecurityArgs = {
    runAsNonRoot: true,
    runAsUser: BACKUP_USER,
    runAsGroup: BACKUP_USER,
    readOnlyRootFilesystem: true,
};
/** Requests and limits of the backup containers: pg_dump streams, but wants more memory than the default. */
export const BACKUP_RESOURCES: ResourceDefaults = {
    cpuRequest: "250m",
    memoryRequest: "256Mi",
    cpuLimit: "500m",
    memoryLimit: "512Mi",
};

/**
 * The guide's database backup CronJob: pg_dump of `DATABASE_URL` (from a Secret) to a PersistentVolumeClaim on a
 * schedule (daily at 02:00 by default), never two runs at once, 2 retries within an hour, 3 successful and 1
 * failed Jobs kept, old backups deleted after `retentionDays`, and optionally an upload to S3 with credentials
 * from a Secret. No credential is ever a literal value.
 *
 * @example
 * new DatabaseBackup("database-backup", {
 *     schedule: "0 2 * * *",
 *     databaseUrl: { secretName: "db-credentials", key: "url" },
 *     retentionDays: 7,
 * });
 */
export class DatabaseBackup extends pulumi.ComponentResource {
    /** The CronJob's name. */
    public readonly cronJobName!: pulumi.Output<string>;
    /** The PersistentVolumeClaim the backups are written to. */
    public readonly claimName!: pulumi.Output<string>;

    constructor(name: string, args: DatabaseBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        super(validComponentType("DatabaseBackup", name, validateDatabaseBackupArgs(args)), name, {}, opts);

        const labelInput: LabelInput = { instance: name, app: args.appName, pattern: "cronjob", component: "backup" };
        const labels = workloadLabels(labelInput, args.labels);
        const claimName =
            args.existingClaim !== undefined
                ? pulumi.output(args.existingClaim)
                : new k8s.core.v1.PersistentVolumeClaim(
                      childName(name, "storage"),
                      renderBackupClaim(name, args, labels),
                      {
                          parent: this,
                          ...(args.protect ? { protect: true } : {}),
                      },
                  ).metadata.name;
        const cronJob = new k8s.batch.v1.CronJob(name, renderBackupCronJob(name, args, labels, claimName), {
            parent: this,
        });

        this.registerOutputs(
            setOutputs<DatabaseBackup>(this, {
                cronJobName: cronJob.metadata.name,
                claimName: claimName,
            }),
        );
    }
}
