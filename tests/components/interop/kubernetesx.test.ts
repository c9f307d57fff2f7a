import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as kx from "@pulumi/kubernetesx";
import * as pulumi from "@pulumi/pulumi";
import { at, find, ofType, render, valueOf } from "../../harness/mocks";
import { DatabaseBackup, MySqlCluster } from "../../../components/internal";
import { CapturedOptions, PASSWORD, T, captureOptions } from "../stateful/helpers";

/**
 * Interop with kubernetesx (docs/kubernetesx.md): kx resources handed to the components, one Kubernetes SDK and
 * provider in the tree.
 */

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const CRONJOB = "kubernetes:batch/v1:CronJob";

interface Program {
    readonly credentials: kx.Secret;
    readonly backups: kx.PersistentVolumeClaim;
    readonly mysql: MySqlCluster;
    readonly backup: DatabaseBackup;
}

/** The program of docs/kubernetesx.md, with a transformation that records each resource's options. */
function program(captured: CapturedOptions[]): Program {
    const credentials = new kx.Secret("db-credentials", {
        metadata: { name: "db-credentials" },
        stringData: {
            "root-password": pulumi.secret(PASSWORD),
            "replication-password": pulumi.secret(PASSWORD),
            url: pulumi.secret("postgres://app@db/app"),
        },
    });
    const backups = new kx.PersistentVolumeClaim("backup-pvc", {
        metadata: { name: "backup-pvc" },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } } },
    });
    const mysql = new MySqlCluster(
        "mysql",
        { replicas: 3, storageSize: "10Gi", existingSecretName: "db-credentials" },
        { dependsOn: [credentials], ...captureOptions(captured) },
    );
    const backup = new DatabaseBackup(
        "database-backup",
        { databaseUrl: { secretName: "db-credentials", key: "url" }, existingClaim: "backup-pvc" },
        { dependsOn: [credentials, backups], ...captureOptions(captured) },
    );
    return { credentials, backups, mysql, backup };
}

/** Every `secretKeyRef` in a rendered object, as `name/key`. */
function secretRefs(value: unknown): string[] {
    const refs: string[] = [];
    const walk = (v: unknown): void => {
        if (Array.isArray(v)) {
            v.forEach(walk);
        } else if (v !== null && typeof v === "object") {
            const record = v as Record<string, unknown>;
            const ref = record.secretKeyRef as { name?: string; key?: string } | undefined;
            if (ref) {
                refs.push(`${ref.name}/${ref.key}`);
            }
            Object.values(record).forEach(walk);
        }
    };
    walk(value);
    return refs;
}

/** The resources a component was registered to depend on, from its captured options. */
function dependsOn(captured: readonly CapturedOptions[], type: string, name: string): unknown[] {
    const entry = captured.find((c) => c.type === type && c.name === name);
    assert.ok(entry, `${type} ${name} was registered`);
    const deps = entry.opts.dependsOn;
    return Array.isArray(deps) ? deps : [deps];
}

describe("interop with @pulumi/kubernetesx", () => {
    it("MySqlCluster reads its passwords from a kx.Secret and creates no Secret of its own", async () => {
        const captured: CapturedOptions[] = [];
        let built: Program | undefined;
        const resources = await render(() => {
            built = program(captured);
        });
        assert.ok(built);
        const secretName = await valueOf(built.credentials.metadata.name);
        assert.strictEqual(secretName, "db-credentials");
        assert.deepStrictEqual(
            ofType(resources, T.secret).map((r) => r.name),
            ["db-credentials"],
            "the kx Secret is the only Secret",
        );
        const set = find(resources, T.statefulSet, "mysql").inputs;
        const refs = secretRefs(at(set, "spec.template.spec"));
        assert.ok(refs.length > 0, "the StatefulSet reads passwords from a Secret");
        assert.deepStrictEqual([...new Set(refs)].sort(), [
            `${secretName}/replication-password`,
            `${secretName}/root-password`,
        ]);
        assert.strictEqual(await valueOf(built.mysql.secretName), secretName);
        assert.ok(
            dependsOn(captured, "k8s-workloads:index:MySqlCluster", "mysql").includes(built.credentials),
            "the component waits for the kx Secret",
        );
    });

    it("DatabaseBackup writes to a kx.PersistentVolumeClaim and reads DATABASE_URL from the kx Secret", async () => {
        const captured: CapturedOptions[] = [];
        let built: Program | undefined;
        const resources = await render(() => {
            built = program(captured);
        });
        assert.ok(built);
        const claimName = await valueOf(built.backups.metadata.name);
        assert.deepStrictEqual(
            ofType(resources, PVC).map((r) => r.name),
            ["backup-pvc"],
            "the kx claim is the only claim outside the StatefulSet",
        );
        const pod = at(find(resources, CRONJOB, "database-backup").inputs, "spec.jobTemplate.spec.template.spec");
        const volumes = at(pod, "volumes") as { name: string; persistentVolumeClaim?: { claimName: string } }[];
        assert.deepStrictEqual(
            volumes.filter((v) => v.persistentVolumeClaim).map((v) => v.persistentVolumeClaim?.claimName),
            [claimName],
        );
        assert.deepStrictEqual(secretRefs(pod), ["db-credentials/url"]);
        const deps = dependsOn(captured, "k8s-workloads:index:DatabaseBackup", "database-backup");
        assert.ok(deps.includes(built.backups) && deps.includes(built.credentials), "it waits for both kx resources");
    });

    it("kx builds on this program's own @pulumi/kubernetes: one module, one version in the tree", () => {
        const secret = new kx.Secret("probe", { stringData: { a: "b" } });
        assert.ok(secret instanceof k8s.core.v1.Secret, "a kx.Secret is a Secret of the program's SDK");
        const kxDir = path.dirname(require.resolve("@pulumi/kubernetesx/package.json"));
        assert.strictEqual(
            require.resolve("@pulumi/kubernetes", { paths: [kxDir] }),
            require.resolve("@pulumi/kubernetes"),
            "kx resolves the same @pulumi/kubernetes",
        );
        const listing = JSON.parse(
            execFileSync("npm", ["ls", "@pulumi/kubernetes", "--all", "--json"], { cwd: REPO, encoding: "utf8" }),
        ) as {
            dependencies?: Record<string, { version?: string; dependencies?: Record<string, { version?: string }> }>;
        };
        const underKx = listing.dependencies?.["@pulumi/kubernetesx"]?.dependencies?.["@pulumi/kubernetes"]?.version;
        assert.strictEqual(underKx, listing.dependencies?.["@pulumi/kubernetes"]?.version);
        assert.ok(underKx, "npm ls lists @pulumi/kubernetes under @pulumi/kubernetesx");
    });
});
