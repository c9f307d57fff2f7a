import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { at, find, ofType, render, validationError, valueOf } from "../../harness/mocks";
import {
    DatabaseBackup,
    DatabaseBackupArgs,
    backupScript,
    uploadScript,
    validateDatabaseBackupArgs,
} from "../../../components/internal";

const CRONJOB = "kubernetes:batch/v1:CronJob";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";

const DB = { secretName: "db-credentials", key: "url" };

function messages(args: DatabaseBackupArgs): string[] {
    return validateDatabaseBackupArgs(args)
        .list()
        .map((p) => p.message);
}

/** Every literal env value in a rendered object: none may look like a credential. */
function literalEnv(value: unknown): string[] {
    return JSON.stringify(value).match(/"name":"[A-Z_]+","value":"[^"]*"/g) ?? [];
}

describe("DatabaseBackup", () => {
    it("renders the guide's backup CronJob writing pg_dump output to a new claim", async () => {
        let backup: DatabaseBackup | undefined;
        const resources = await render(() => {
            backup = new DatabaseBackup("database-backup", {
                schedule: "0 2 * * *",
                databaseUrl: DB,
                retentionDays: 7,
            });
        });
        const pvc = find(resources, PVC, "database-backup-storage").inputs;
        assert.strictEqual(at(pvc, "metadata.name"), "database-backup-storage");
        assert.deepStrictEqual(at(pvc, "spec"), {
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: "10Gi" } },
        });
        const cron = find(resources, CRONJOB, "database-backup").inputs;
        assert.strictEqual(at(cron, "metadata.name"), "database-backup");
        assert.strictEqual(at(cron, "metadata.annotations"), undefined);
        const spec = at(cron, "spec");
        assert.strictEqual(at(spec, "schedule"), "0 2 * * *");
        assert.strictEqual(at(spec, "timeZone"), undefined);
        assert.strictEqual(at(spec, "concurrencyPolicy"), "Forbid");
        assert.strictEqual(at(spec, "startingDeadlineSeconds"), 600);
        assert.strictEqual(at(spec, "successfulJobsHistoryLimit"), 3);
        assert.strictEqual(at(spec, "failedJobsHistoryLimit"), 1);
        assert.strictEqual(at(spec, "suspend"), false);
        const job = at(spec, "jobTemplate.spec");
        assert.strictEqual(at(job, "completions"), 1);
        assert.strictEqual(at(job, "parallelism"), 1);
        assert.strictEqual(at(job, "backoffLimit"), 2);
        assert.strictEqual(at(job, "activeDeadlineSeconds"), 3600);
        assert.strictEqual(at(job, "ttlSecondsAfterFinished"), 86400);
        assert.strictEqual(at(spec, "jobTemplate.metadata.labels.app"), "database-backup");
        const pod = at(job, "template.spec");
        assert.strictEqual(at(pod, "restartPolicy"), "OnFailure");
        assert.strictEqual(at(pod, "initContainers"), undefined);
        assert.deepStrictEqual(at(pod, "volumes"), [
            { name: "backup-storage", persistentVolumeClaim: { claimName: "database-backup-storage" } },
            { name: "tmp", emptyDir: {} },
        ]);
        assert.deepStrictEqual(at(pod, "securityContext"), {
            seccompProfile: { type: "RuntimeDefault" },
            runAsNonRoot: true,
            fsGroup: 999,
        });
        const container = at(pod, "containers.0");
        assert.strictEqual(at(container, "name"), "backup");
        assert.strictEqual(at(container, "image"), "postgres:14.13");
        assert.deepStrictEqual(at(container, "command"), ["/bin/bash", "-c", backupScript(7)]);
        assert.deepStrictEqual(at(container, "env"), [
            { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "db-credentials", key: "url" } } },
        ]);
        assert.deepStrictEqual(at(container, "volumeMounts"), [
            { name: "backup-storage", mountPath: "/backup" },
            { name: "tmp", mountPath: "/tmp" },
        ]);
        assert.deepStrictEqual(at(container, "resources"), {
            requests: { cpu: "250m", memory: "256Mi" },
            limits: { cpu: "500m", memory: "512Mi" },
        });
        assert.deepStrictEqual(at(container, "securityContext"), {
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
            runAsNonRoot: true,
            runAsUser: 999,
            runAsGroup: 999,
            readOnlyRootFilesystem: true,
        });
        assert.strictEqual(at(container, "readinessProbe"), undefined);
        assert.strictEqual(at(container, "livenessProbe"), undefined);
        assert.deepStrictEqual(literalEnv(cron), []);
        assert.ok(backup);
        assert.strictEqual(await valueOf(backup.cronJobName), "database-backup");
        assert.strictEqual(await valueOf(backup.claimName), "database-backup-storage");
    });

    it("dumps to a temporary file, renames it when complete, and deletes backups after retentionDays", () => {
        assert.strictEqual(
            backupScript(7),
            [
                "set -eu",
                `BACKUP_FILE="/backup/backup-$(date +%Y%m%d-%H%M%S).sql"`,
                `pg_dump --dbname="$DATABASE_URL" --file="$BACKUP_FILE.partial"`,
                `mv "$BACKUP_FILE.partial" "$BACKUP_FILE"`,
                `echo "$BACKUP_FILE" > /backup/.latest`,
                `echo "backup written: $BACKUP_FILE"`,
                `find /backup -maxdepth 1 -name "backup-*.sql" -mtime +7 -print -exec rm -f {} +`,
                `find /backup -maxdepth 1 -name "backup-*.sql.partial" -mmin +120 -print -exec rm -f {} +`,
                "",
            ].join("\n"),
        );
        assert.match(backupScript(14), /-mtime \+14 /);
    });

    it("uploads to S3 after the dump, with credentials from a Secret only", async () => {
        const s3 = {
            bucket: "my-backups",
            prefix: "database/prod",
            credentialsSecret: "aws-credentials",
            region: "eu-west-1",
            endpoint: "https://minio.example.com:9000",
        };
        const resources = await render(
            () => new DatabaseBackup("bk", { databaseUrl: DB, retentionDays: 3, s3, existingClaim: "backup-pvc" }),
        );
        assert.strictEqual(ofType(resources, PVC).length, 0);
        const cron = find(resources, CRONJOB, "bk").inputs;
        assert.strictEqual(at(cron, "spec.schedule"), "0 2 * * *");
        const pod = at(cron, "spec.jobTemplate.spec.template.spec");
        assert.deepStrictEqual(at(pod, "volumes"), [
            { name: "backup-storage", persistentVolumeClaim: { claimName: "backup-pvc" } },
            { name: "tmp", emptyDir: {} },
        ]);
        assert.strictEqual(at(pod, "initContainers.0.name"), "backup");
        assert.deepStrictEqual(at(pod, "initContainers.0.command"), ["/bin/bash", "-c", backupScript(3)]);
        assert.deepStrictEqual(at(pod, "initContainers.0.resources.limits"), { cpu: "500m", memory: "512Mi" });
        const upload = at(pod, "containers.0");
        assert.strictEqual(at(upload, "name"), "upload");
        assert.strictEqual(at(upload, "image"), "amazon/aws-cli:2.17.50");
        assert.deepStrictEqual(at(upload, "command"), ["/bin/sh", "-c", uploadScript(s3)]);
        assert.deepStrictEqual(at(upload, "env"), [
            { name: "HOME", value: "/tmp" },
            { name: "AWS_DEFAULT_REGION", value: "eu-west-1" },
            { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "aws-credentials", key: "access-key" } } },
            {
                name: "AWS_SECRET_ACCESS_KEY",
                valueFrom: { secretKeyRef: { name: "aws-credentials", key: "secret-key" } },
            },
        ]);
        assert.deepStrictEqual(at(upload, "volumeMounts"), [
            { name: "backup-storage", mountPath: "/backup", readOnly: true },
            { name: "tmp", mountPath: "/tmp" },
        ]);
        assert.strictEqual(at(upload, "securityContext.runAsUser"), 999);
        assert.strictEqual(at(upload, "securityContext.readOnlyRootFilesystem"), true);
        assert.deepStrictEqual(literalEnv(cron), [
            '"name":"HOME","value":"/tmp"',
            '"name":"AWS_DEFAULT_REGION","value":"eu-west-1"',
        ]);
        assert.strictEqual(
            uploadScript(s3),
            [
                "set -eu",
                `BACKUP_FILE="$(cat /backup/.latest)"`,
                `aws s3 cp "$BACKUP_FILE" "s3://my-backups/database/prod/$(basename "$BACKUP_FILE")" --endpoint-url "https://minio.example.com:9000"`,
                `echo "uploaded $BACKUP_FILE to s3://my-backups/database/prod/"`,
                "",
            ].join("\n"),
        );
        assert.match(uploadScript({ bucket: "b-1", credentialsSecret: "s" }), /"s3:\/\/b-1\/database\/\$\(basename/);
        assert.match(
            uploadScript({ bucket: "b-1", prefix: "", credentialsSecret: "s" }),
            /"s3:\/\/b-1\/\$\(basename "\$BACKUP_FILE"\)"\n/,
        );
    });

    it("applies every other option", async () => {
        let backup: DatabaseBackup | undefined;
        const resources = await render(() => {
            backup = new DatabaseBackup("nightly", {
                databaseUrl: { secretName: "pg", key: "dsn" },
                schedule: "@daily",
                timeZone: "Europe/Berlin",
                concurrencyPolicy: "Replace",
                startingDeadlineSeconds: 120,
                successfulJobsHistoryLimit: 5,
                failedJobsHistoryLimit: 2,
                suspend: true,
                image: "postgres:16.4",
                storageSize: "20Gi",
                storageClassName: "ebs-gp3",
                backoffLimit: 1,
                activeDeadlineSeconds: 7200,
                ttlSecondsAfterFinished: 3600,
                resources: { memoryLimit: "2Gi" },
                namespace: "shop",
                labels: { team: "db" },
                annotations: { owner: "db" },
                podAnnotations: { note: "x" },
                security: { runAsUser: 70, runAsGroup: 70 },
                s3: {
                    bucket: "bk-1",
                    credentialsSecret: "s3",
                    accessKeyIdKey: "id",
                    secretAccessKeyKey: "secret",
                    image: "amazon/aws-cli:2.18.0",
                },
            });
        });
        const pvc = find(resources, PVC, "nightly-storage").inputs;
        assert.strictEqual(at(pvc, "metadata.namespace"), "shop");
        assert.deepStrictEqual(at(pvc, "spec"), {
            accessModes: ["ReadWriteOnce"],
            storageClassName: "ebs-gp3",
            resources: { requests: { storage: "20Gi" } },
        });
        const cron = find(resources, CRONJOB, "nightly").inputs;
        assert.strictEqual(at(cron, "metadata.namespace"), "shop");
        assert.deepStrictEqual(at(cron, "metadata.annotations"), { owner: "db" });
        const spec = at(cron, "spec");
        assert.strictEqual(at(spec, "schedule"), "@daily");
        assert.strictEqual(at(spec, "timeZone"), "Europe/Berlin");
        assert.strictEqual(at(spec, "concurrencyPolicy"), "Replace");
        assert.strictEqual(at(spec, "startingDeadlineSeconds"), 120);
        assert.strictEqual(at(spec, "successfulJobsHistoryLimit"), 5);
        assert.strictEqual(at(spec, "failedJobsHistoryLimit"), 2);
        assert.strictEqual(at(spec, "suspend"), true);
        assert.strictEqual(at(spec, "jobTemplate.spec.backoffLimit"), 1);
        assert.strictEqual(at(spec, "jobTemplate.spec.activeDeadlineSeconds"), 7200);
        assert.strictEqual(at(spec, "jobTemplate.spec.ttlSecondsAfterFinished"), 3600);
        assert.strictEqual(at(spec, "jobTemplate.metadata.labels.team"), "db");
        assert.deepStrictEqual(at(spec, "jobTemplate.spec.template.metadata.annotations"), { note: "x" });
        const pod = at(spec, "jobTemplate.spec.template.spec");
        assert.strictEqual(at(pod, "initContainers.0.image"), "postgres:16.4");
        assert.strictEqual(at(pod, "initContainers.0.securityContext.runAsUser"), 70);
        assert.strictEqual(at(pod, "containers.0.securityContext.runAsGroup"), 70);
        assert.strictEqual(at(pod, "securityContext.fsGroup"), 70);
        assert.strictEqual(at(pod, "initContainers.0.resources.limits.memory"), "2Gi");
        assert.strictEqual(at(pod, "initContainers.0.env.0.valueFrom.secretKeyRef.name"), "pg");
        assert.strictEqual(at(pod, "containers.0.image"), "amazon/aws-cli:2.18.0");
        assert.deepStrictEqual(at(pod, "containers.0.env"), [
            { name: "HOME", value: "/tmp" },
            { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "s3", key: "id" } } },
            { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "s3", key: "secret" } } },
        ]);
        assert.ok(backup);
        assert.strictEqual(await valueOf(backup.claimName), "nightly-storage");
    });

    it("protects the created claim when asked", async () => {
        const protect: Record<string, boolean | undefined> = {};
        const capture: pulumi.ResourceTransformation = (a) => {
            if (a.type.startsWith("kubernetes:")) {
                protect[`${a.type} ${a.name}`] = a.opts.protect;
            }
            return undefined;
        };
        await render(() => {
            new DatabaseBackup("kept", { databaseUrl: DB, protect: true }, { transformations: [capture] });
            new DatabaseBackup("plain", { databaseUrl: DB }, { transformations: [capture] });
        });
        assert.deepStrictEqual(protect, {
            [`${PVC} kept-storage`]: true,
            [`${CRONJOB} kept`]: undefined,
            [`${PVC} plain-storage`]: undefined,
            [`${CRONJOB} plain`]: undefined,
        });
    });

    it("rejects a bad schedule, retentionDays below 1 and an empty secret name or key", () => {
        assert.deepStrictEqual(
            messages({ schedule: "0 2 * *", databaseUrl: { secretName: "", key: "" }, retentionDays: 0 }),
            [
                `schedule must be a 5-field cron expression "minute hour day-of-month month day-of-week" or a macro such as "@daily" (got "0 2 * *": it has 4 fields, not 5); for example "0 2 * * *" runs daily at 02:00`,
                `databaseUrl.secretName is required (got ""); name the Secret that holds the value, for example "db-credentials"`,
                `databaseUrl.key is required (got ""); name the key inside the Secret, for example "url"`,
                `retentionDays must be a whole number of days, at least 1 (got 0); for example 7`,
            ],
        );
        assert.deepStrictEqual(messages({ databaseUrl: DB, retentionDays: 2.5 }), [
            `retentionDays must be a whole number of days, at least 1 (got 2.5); for example 7`,
        ]);
    });

    it("rejects bad storage, S3, image and CronJob settings", () => {
        assert.deepStrictEqual(
            messages({
                databaseUrl: DB,
                image: "postgres:latest",
                storageSize: "ten gigs",
                storageClassName: "EBS",
                existingClaim: "backup-pvc",
                timeZone: "Berlin time",
                // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
                concurrencyPolicy: "Never",
                startingDeadlineSeconds: 5,
                successfulJobsHistoryLimit: -1,
                failedJobsHistoryLimit: -2,
                s3: {
                    bucket: "My_Bucket",
                    prefix: "/backups/",
                    credentialsSecret: "",
                    accessKeyIdKey: "",
                    secretAccessKeyKey: "",
                    region: "Frankfurt",
                    endpoint: "ftp://user:pw@host",
                    image: "amazon/aws-cli",
                },
            }),
            [
                `timeZone must be an IANA time zone name (got "Berlin time"); for example "Etc/UTC" or "Europe/Berlin"`,
                `concurrencyPolicy must be one of "Forbid", "Allow", "Replace" (got "Never")`,
                `startingDeadlineSeconds must be a whole number of at least 10 (got 5); the CronJob controller checks every 10 seconds, so shorter deadlines can skip runs`,
                `successfulJobsHistoryLimit must be a whole number of at least 0 (got -1)`,
                `failedJobsHistoryLimit must be a whole number of at least 0 (got -2)`,
                `image must be pinned to a version tag or digest, not ":latest" (got "postgres:latest"); for example "postgres:1.2.3"`,
                `storageSize must be a Kubernetes quantity such as "500m", "256Mi" or "10Gi" (got "ten gigs")`,
                `storageClassName must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters (got "EBS"); use a name such as "shop.example.com"`,
                `existingClaim cannot be combined with storageSize or storageClassName (got existingClaim "backup-pvc"); the existing claim already has its size and class: remove one or the other`,
                `s3.bucket must be an S3 bucket name: 3-63 lower-case letters, digits, '.' and '-' (got "My_Bucket"); for example "my-backups"`,
                `s3.prefix must be a key prefix without leading or trailing "/" or spaces (got "/backups/"); for example "database/prod"`,
                `s3.credentialsSecret is required (got ""); name the Secret holding the access key pair, for example "aws-credentials"`,
                `s3.accessKeyIdKey is required (got ""); name the key holding the access key ID, for example "access-key"`,
                `s3.secretAccessKeyKey is required (got ""); name the key holding the secret access key, for example "secret-key"`,
                `s3.region must be an AWS region such as "eu-west-1" (got "Frankfurt")`,
                `s3.endpoint must be an http(s) URL without credentials or query (got "ftp://user:pw@host"); for example "https://minio.example.com:9000"`,
                `s3.image must be pinned to a version tag or digest, not untagged (got "amazon/aws-cli"); for example "amazon/aws-cli:1.2.3"`,
            ],
        );
        assert.deepStrictEqual(messages({ databaseUrl: DB, existingClaim: "" }), [
            `existingClaim is required (got ""); name the claim, for example "backup-pvc", or leave it out to create one`,
        ]);
        assert.deepStrictEqual(messages({ databaseUrl: DB, existingClaim: "Backups" }), [
            `existingClaim must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters (got "Backups"); use a name such as "shop.example.com"`,
        ]);
    });

    it("throws one error before creating any child", async () => {
        let message = "";
        const resources = await render(() => {
            message = validationError(
                () => new DatabaseBackup("bad", { schedule: "0 2 * * 8", databaseUrl: DB, retentionDays: 0 }),
            );
        });
        assert.strictEqual(
            message,
            [
                `DatabaseBackup "bad" has invalid args:`,
                `  - schedule must be a 5-field cron expression "minute hour day-of-month month day-of-week" or a macro such as "@daily" (got "0 2 * * 8": day-of-week 8 is out of range 0-6); for example "0 2 * * *" runs daily at 02:00`,
                `  - retentionDays must be a whole number of days, at least 1 (got 0); for example 7`,
            ].join("\n"),
        );
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("kubernetes:")),
            [],
        );
    });
});
