import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    Problems,
    SecurityArgs,
    buildContainer,
    buildPodTemplateFor,
    checkDnsSubdomain,
    checkNotEmpty,
    checkPinnedImage,
    checkQuantity,
    checkRequired,
    childName,
    exemptionAnnotations,
    objectMeta,
    show,
    validateSecretKeyRef,
} from "../core";
import {
    DEFAULT_TTL_SECONDS_AFTER_FINISHED,
    buildCronJobSpec,
    buildJobSpec,
    checkDays,
    validateBatchArgs,
    validateCronArgs,
} from "./common";

import {
    BACKUP_MOUNT_PATH,
    BACKUP_RESOURCES,
    BACKUP_SECURITY,
    DATABASE_BACKUP_DEFAULTS,
    DEFAULT_AWS_CLI_IMAGE,
    DEFAULT_BACKUP_IMAGE,
} from "./databaseBackup";
import type { S3UploadArgs, DatabaseBackupArgs } from "./databaseBackup";

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
const ENDPOINT = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]+)?(\/[A-Za-z0-9._~/-]*)?$/;

/** The optional S3 fields that name a key of the credentials Secret, each with the fix its error gives. */
const S3_KEY_NAME_FIXES: readonly (readonly ["accessKeyIdKey" | "secretAccessKeyKey", string])[] = [
    ["accessKeyIdKey", `name the key holding the access key ID, for example "access-key"`],
    ["secretAccessKeyKey", `name the key holding the secret access key, for example "secret-key"`],
];

/** Validates {@link DatabaseBackupArgs}; returns every problem found. */
export function validateDatabaseBackupArgs(args: DatabaseBackupArgs): Problems {
    const problems = new Problems();
    validateCronArgs(problems, args);
    validateSecretKeyRef(problems, "databaseUrl", args.databaseUrl);
    checkDays(problems, "retentionDays", args.retentionDays, DATABASE_BACKUP_DEFAULTS.retentionDays);
    checkPinnedImage(problems, "image", args.image);
    checkQuantity(problems, "storageSize", args.storageSize);
    if (args.storageClassName !== undefined) {
        checkDnsSubdomain(problems, "storageClassName", args.storageClassName);
    }
    if (args.existingClaim !== undefined) {
        checkRequired(
            problems,
            "existingClaim",
            args.existingClaim,
            `name the claim, for example "backup-pvc", or leave it out to create one`,
        );
        if (args.existingClaim !== "") {
            checkDnsSubdomain(problems, "existingClaim", args.existingClaim);
        }
        if (args.storageSize !== undefined || args.storageClassName !== undefined) {
            problems.add(
                "existingClaim",
                `existingClaim cannot be combined with storageSize or storageClassName (got existingClaim ${show(args.existingClaim)}); the existing claim already has its size and class: remove one or the other`,
            );
        }
    }
    const s3 = args.s3;
    if (s3) {
        if (!BUCKET.test(s3.bucket ?? "")) {
            problems.add(
                "s3.bucket",
                `s3.bucket must be an S3 bucket name: 3-63 lower-case letters, digits, '.' and '-' (got ${show(s3.bucket)}); for example "my-backups"`,
            );
        }
        if (s3.prefix !== undefined && s3.prefix !== "" && !PREFIX.test(s3.prefix)) {
            problems.add(
                "s3.prefix",
                `s3.prefix must be a key prefix without leading or trailing "/" or spaces (got ${show(s3.prefix)}); for example "database/prod"`,
            );
        }
        checkRequired(
            problems,
            "s3.credentialsSecret",
            s3.credentialsSecret,
            `name the Secret holding the access key pair, for example "aws-credentials"`,
        );
        for (const [key, fix] of S3_KEY_NAME_FIXES) {
            checkNotEmpty(problems, `s3.${key}`, s3[key], fix);
        }
        if (s3.region !== undefined && !REGION.test(s3.region)) {
            problems.add("s3.region", `s3.region must be an AWS region such as "eu-west-1" (got ${show(s3.region)})`);
        }
        if (s3.endpoint !== undefined && !ENDPOINT.test(s3.endpoint)) {
            problems.add(
                "s3.endpoint",
                `s3.endpoint must be an http(s) URL without credentials or query (got ${show(s3.endpoint)}); for example "https://minio.example.com:9000"`,
            );
        }
        checkPinnedImage(problems, "s3.image", s3.image);
    }
    validateBatchArgs(problems, args, BACKUP_RESOURCES);
    return problems;
}

/**
 * The backup script: pg_dump to a temporary file, renamed when complete (so a failed dump never looks like a
 * backup), then the retention cleanup. The URL comes from the environment, never from the spec.
 */
export function backupScript(retentionDays: number): string {
    return [
        "set -eu",
        `BACKUP_FILE="${BACKUP_MOUNT_PATH}/backup-$(date +%Y%m%d-%H%M%S).sql"`,
        `pg_dump --dbname="$DATABASE_URL" --file="$BACKUP_FILE.partial"`,
        `mv "$BACKUP_FILE.partial" "$BACKUP_FILE"`,
        `echo "$BACKUP_FILE" > ${BACKUP_MOUNT_PATH}/.latest`,
        `echo "backup written: $BACKUP_FILE"`,
        `find ${BACKUP_MOUNT_PATH} -maxdepth 1 -name "backup-*.sql" -mtime +${retentionDays} -print -exec rm -f {} +`,
        `find ${BACKUP_MOUNT_PATH} -maxdepth 1 -name "backup-*.sql.partial" -mmin +120 -print -exec rm -f {} +`,
        "",
    ].join("\n");
}

/** The upload script: copies the newest complete backup to `s3://<bucket>/<prefix>/`. */
export function uploadScript(s3: S3UploadArgs): string {
    const prefix = s3.prefix ?? DATABASE_BACKUP_DEFAULTS.s3Prefix;
    const target = `s3://${s3.bucket}/${prefix === "" ? "" : `${prefix}/`}`;
    const endpoint = s3.endpoint ? ` --endpoint-url "${s3.endpoint}"` : "";
    return [
        "set -eu",
        `BACKUP_FILE="$(cat ${BACKUP_MOUNT_PATH}/.latest)"`,
        `aws s3 cp "$BACKUP_FILE" "${target}$(basename "$BACKUP_FILE")"${endpoint}`,
        `echo "uploaded $BACKUP_FILE to ${target}"`,
        "",
    ].join("\n");
}

/** The claim the backups are written to, `<name>-storage` (used unless `existingClaim` is given). */
export function renderBackupClaim(
    name: string,
    args: DatabaseBackupArgs,
    labels: Record<string, string>,
): k8s.core.v1.PersistentVolumeClaimArgs {
    return {
        metadata: objectMeta(childName(name, "storage"), args.namespace, labels, args.annotations),
        spec: {
            accessModes: ["ReadWriteOnce"],
            ...(args.storageClassName !== undefined ? { storageClassName: args.storageClassName } : {}),
            resources: { requests: { storage: args.storageSize ?? DATABASE_BACKUP_DEFAULTS.storageSize } },
        },
    };
}

/** The container security of both containers: the guide's defaults under the user's `security`. */
function backupSecurity(args: DatabaseBackupArgs): SecurityArgs {
    return { ...BACKUP_SECURITY, ...(args.security ?? {}) };
}

const TMP_MOUNT = { name: "tmp", mountPath: "/tmp" };

/** The pg_dump container: dumps `DATABASE_URL` into the claim and deletes dumps older than `retentionDays`. */
export function renderDumpContainer(args: DatabaseBackupArgs): k8s.types.input.core.v1.Container {
    const retentionDays = args.retentionDays ?? DATABASE_BACKUP_DEFAULTS.retentionDays;
    return buildContainer({
        name: "backup",
        image: args.image ?? DEFAULT_BACKUP_IMAGE,
        command: ["/bin/bash", "-c", backupScript(retentionDays)],
        imagePullPolicy: args.imagePullPolicy,
        secretEnv: [{ name: "DATABASE_URL", ...args.databaseUrl }],
        resources: args.resources,
        resourceDefaults: BACKUP_RESOURCES,
        readinessProbe: null,
        livenessProbe: null,
        security: backupSecurity(args),
        volumeMounts: [{ name: "backup-storage", mountPath: BACKUP_MOUNT_PATH }, TMP_MOUNT],
    });
}

/** The S3 upload container: copies the newest dump to the bucket, with the key pair from its Secret. */
export function renderUploadContainer(args: DatabaseBackupArgs, s3: S3UploadArgs): k8s.types.input.core.v1.Container {
    const credential = (name: string, key: string) => ({ name, secretName: s3.credentialsSecret, key });
    return buildContainer({
        name: "upload",
        image: s3.image ?? DEFAULT_AWS_CLI_IMAGE,
        command: ["/bin/sh", "-c", uploadScript(s3)],
        imagePullPolicy: args.imagePullPolicy,
        env: { HOME: "/tmp", ...(s3.region ? { AWS_DEFAULT_REGION: s3.region } : {}) },
        secretEnv: [
            credential("AWS_ACCESS_KEY_ID", s3.accessKeyIdKey ?? DATABASE_BACKUP_DEFAULTS.accessKeyIdKey),
            credential("AWS_SECRET_ACCESS_KEY", s3.secretAccessKeyKey ?? DATABASE_BACKUP_DEFAULTS.secretAccessKeyKey),
        ],
        resources: args.resources,
        resourceDefaults: BACKUP_RESOURCES,
        readinessProbe: null,
        livenessProbe: null,
        security: backupSecurity(args),
        volumeMounts: [{ name: "backup-storage", mountPath: BACKUP_MOUNT_PATH, readOnly: true }, TMP_MOUNT],
    });
}

/**
 * The backup Job's pod template. With an upload, the dump runs first as an init container and the upload is the
 * main container. The backup volume is group-owned by the container's group, so the non-root user can write to a
 * new claim.
 */
export function renderBackupPodTemplate(
    args: DatabaseBackupArgs,
    labels: Record<string, string>,
    claimName: pulumi.Input<string>,
): k8s.types.input.core.v1.PodTemplateSpec {
    const dump = renderDumpContainer(args);
    const upload = args.s3 ? renderUploadContainer(args, args.s3) : undefined;
    const security = backupSecurity(args);
    return buildPodTemplateFor(args, {
        labels,
        initContainers: upload ? [dump] : undefined,
        containers: upload ? [upload] : [dump],
        volumes: [
            { name: "backup-storage", persistentVolumeClaim: { claimName } },
            { name: "tmp", emptyDir: {} },
        ],
        security: { runAsNonRoot: security.runAsNonRoot },
        user: { fsGroup: security.runAsGroup },
        restartPolicy: DATABASE_BACKUP_DEFAULTS.restartPolicy,
    });
}

/** The backup CronJob, named after the component, writing to `claimName`. */
export function renderBackupCronJob(
    name: string,
    args: DatabaseBackupArgs,
    labels: Record<string, string>,
    claimName: pulumi.Input<string>,
): k8s.batch.v1.CronJobArgs {
    const jobSpec = buildJobSpec(
        {
            backoffLimit: args.backoffLimit ?? DATABASE_BACKUP_DEFAULTS.backoffLimit,
            activeDeadlineSeconds: args.activeDeadlineSeconds ?? DATABASE_BACKUP_DEFAULTS.activeDeadlineSeconds,
            ttlSecondsAfterFinished: args.ttlSecondsAfterFinished ?? DEFAULT_TTL_SECONDS_AFTER_FINISHED,
        },
        renderBackupPodTemplate(args, labels, claimName),
    );
    return {
        metadata: objectMeta(name, args.namespace, labels, {
            ...(args.annotations ?? {}),
            ...exemptionAnnotations(undefined, args),
        }),
        spec: buildCronJobSpec(args, DATABASE_BACKUP_DEFAULTS, labels, jobSpec),
    };
}
