import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { at, find, ofType, render, validationError, valueOf } from "../../harness/mocks";
import {
    DEFAULT_MYSQL_IMAGE,
    DEFAULT_XTRABACKUP_IMAGE,
    MySqlCluster,
    MySqlClusterArgs,
} from "../../../components/internal";
import { CLONE_MYSQL_SCRIPT, INIT_MYSQL_SCRIPT, XTRABACKUP_SCRIPT } from "../../../components/stateful/mysqlScripts";
import { fillTemplate } from "../../../components/stateful/templates";
import { CapturedOptions, PASSWORD, T, captureOptions, leaks, literalEnvNames, plain, problemLine } from "./helpers";

type Container = { name: string; image: string; command?: string[]; env?: unknown[]; volumeMounts?: unknown[] };

function containers(set: unknown, key: "containers" | "initContainers"): Record<string, Container> {
    const list = at(set, `spec.template.spec.${key}`) as Container[];
    return Object.fromEntries(list.map((c) => [c.name, c]));
}

function errorFor(args: MySqlClusterArgs): string {
    return validationError(() => new MySqlCluster("bad", args));
}

describe("MySqlCluster", () => {
    it("renders the guide's replicated MySQL with a Secret, ConfigMap, two Services and a PDB", async () => {
        let mysql: MySqlCluster | undefined;
        const resources = await render(() => {
            mysql = new MySqlCluster("mysql", {
                replicas: 3,
                storageSize: "10Gi",
                rootPassword: pulumi.secret(PASSWORD),
            });
        });
        assert.deepStrictEqual(
            resources.map((r) => `${r.type} ${r.name}`).sort(),
            [
                "k8s-workloads:index:MySqlCluster mysql",
                `${T.secret} mysql-credentials`,
                `${T.configMap} mysql-config`,
                `${T.service} mysql-headless`,
                `${T.service} mysql-read`,
                `${T.statefulSet} mysql`,
                `${T.pdb} mysql-pdb`,
            ].sort(),
        );

        const secret = find(resources, T.secret, "mysql-credentials").inputs;
        assert.strictEqual(at(secret, "type"), "Opaque");
        assert.deepStrictEqual(plain(at(secret, "stringData")), {
            "root-password": PASSWORD,
            "replication-password": PASSWORD,
        });

        const config = find(resources, T.configMap, "mysql-config").inputs;
        assert.deepStrictEqual(Object.keys(at(config, "data") as object).sort(), [
            "create-replication-user.sh",
            "primary.cnf",
            "replica.cnf",
        ]);
        const data = at(config, "data") as Record<string, string>;
        assert.match(data["primary.cnf"], /\[mysqld\]\nlog-bin\n/);
        assert.match(data["replica.cnf"], /\[mysqld\]\nsuper-read-only\n/);
        assert.match(data["create-replication-user.sh"], /IDENTIFIED BY '\$\{repl_password\}'/);
        assert.match(data["create-replication-user.sh"], /GRANT REPLICATION SLAVE, REPLICATION CLIENT ON \*\.\*/);

        const headless = find(resources, T.service, "mysql-headless").inputs;
        assert.strictEqual(at(headless, "spec.clusterIP"), "None");
        assert.deepStrictEqual(at(headless, "spec.ports"), [
            { name: "mysql", port: 3306, targetPort: "mysql", protocol: "TCP" },
        ]);
        const read = find(resources, T.service, "mysql-read").inputs;
        assert.strictEqual(at(read, "spec.type"), "ClusterIP");
        assert.strictEqual(at(read, "spec.clusterIP"), undefined);
        assert.deepStrictEqual(at(read, "spec.selector"), { app: "mysql", "app.kubernetes.io/instance": "mysql" });

        const set = find(resources, T.statefulSet, "mysql").inputs;
        assert.strictEqual(at(set, "spec.serviceName"), "mysql-headless");
        assert.strictEqual(at(set, "spec.replicas"), 3);
        assert.strictEqual(at(set, "spec.podManagementPolicy"), "OrderedReady");
        assert.deepStrictEqual(at(set, "spec.persistentVolumeClaimRetentionPolicy"), {
            whenDeleted: "Retain",
            whenScaled: "Retain",
        });
        assert.deepStrictEqual(at(set, "spec.volumeClaimTemplates.0.metadata.name"), "data");
        assert.deepStrictEqual(at(set, "spec.volumeClaimTemplates.0.spec"), {
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: "10Gi" } },
        });
        assert.deepStrictEqual(at(set, "spec.template.spec.volumes"), [
            { name: "conf", emptyDir: {} },
            { name: "config-map", configMap: { name: "mysql-config" } },
            // Each container's writable directories under its read-only root (mySqlWritable.test.ts).
            { name: "init-mysql-tmp", emptyDir: {} },
            { name: "clone-mysql-tmp", emptyDir: {} },
            { name: "mysql-tmp", emptyDir: {} },
            { name: "mysql-run", emptyDir: {} },
            { name: "xtrabackup-tmp", emptyDir: {} },
        ]);
        assert.deepStrictEqual(at(set, "spec.template.spec.securityContext"), {
            seccompProfile: { type: "RuntimeDefault" },
            runAsNonRoot: true,
            runAsUser: 999,
            runAsGroup: 999,
            fsGroup: 999,
        });

        const pdb = find(resources, T.pdb, "mysql-pdb").inputs;
        assert.strictEqual(at(pdb, "spec.maxUnavailable"), 1);

        assert.ok(mysql);
        assert.strictEqual(await valueOf(mysql.primaryHost), "mysql-0.mysql-headless.default.svc.cluster.local");
        assert.strictEqual(await valueOf(mysql.readServiceName), "mysql-read");
        assert.strictEqual(await valueOf(mysql.readServiceHost), "mysql-read.default.svc.cluster.local");
        assert.strictEqual(await valueOf(mysql.secretName), "mysql-credentials");
        assert.strictEqual(await valueOf(mysql.headlessServiceName), "mysql-headless");
        assert.strictEqual(await valueOf(mysql.statefulSetName), "mysql");
        assert.deepStrictEqual(await valueOf(mysql.podDnsNames), [
            "mysql-0.mysql-headless.default.svc.cluster.local",
            "mysql-1.mysql-headless.default.svc.cluster.local",
            "mysql-2.mysql-headless.default.svc.cluster.local",
        ]);
    });

    it("renders init-mysql, clone-mysql, mysql and the xtrabackup sidecar", async () => {
        const resources = await render(() => new MySqlCluster("db", { rootPassword: PASSWORD, namespace: "data" }));
        const set = find(resources, T.statefulSet, "db").inputs;
        assert.strictEqual(at(set, "spec.replicas"), 3);
        assert.strictEqual(at(set, "spec.volumeClaimTemplates.0.spec.resources.requests.storage"), "10Gi");

        const init = containers(set, "initContainers");
        assert.deepStrictEqual(Object.keys(init), ["init-mysql", "clone-mysql"]);
        assert.strictEqual(init["init-mysql"].image, DEFAULT_MYSQL_IMAGE);
        assert.deepStrictEqual(init["init-mysql"].command, ["bash", "-c", INIT_MYSQL_SCRIPT]);
        assert.match(INIT_MYSQL_SCRIPT, /echo server-id=\$\(\(100 \+ \$ordinal\)\) >> \/mnt\/conf.d\/server-id.cnf/);
        assert.strictEqual(init["clone-mysql"].image, DEFAULT_XTRABACKUP_IMAGE);
        const clone = init["clone-mysql"].command?.[2] ?? "";
        assert.strictEqual(
            clone,
            fillTemplate(CLONE_MYSQL_SCRIPT, {
                SET: "db",
                HEADLESS: "db-headless",
                PRIMARY: "db-0.db-headless",
                PORT: "3307",
            }),
        );
        assert.match(clone, /peer="db-\$\(\(ordinal - 1\)\)\.db-headless"/);
        assert.match(clone, /socat -u "TCP:\$\{peer\}:3307" STDOUT \| xbstream -x -C \/var\/lib\/mysql/);
        assert.match(clone, /xtrabackup --prepare --target-dir=\/var\/lib\/mysql/);
        for (const c of Object.values(init)) {
            assert.strictEqual(at(c, "readinessProbe"), undefined);
            assert.strictEqual(at(c, "livenessProbe"), undefined);
            assert.ok(at(c, "resources.requests.cpu"));
            assert.ok(at(c, "resources.limits.memory"));
        }
        assert.deepStrictEqual(at(init["clone-mysql"], "resources"), {
            requests: { cpu: "100m", memory: "100Mi" },
            limits: { cpu: "400m", memory: "400Mi" },
        });

        const main = containers(set, "containers");
        assert.deepStrictEqual(Object.keys(main), ["mysql", "xtrabackup"]);
        const mysql = main.mysql;
        assert.strictEqual(mysql.image, DEFAULT_MYSQL_IMAGE);
        assert.deepStrictEqual(at(mysql, "ports"), [{ name: "mysql", containerPort: 3306, protocol: "TCP" }]);
        assert.deepStrictEqual(mysql.env, [
            { name: "MYSQL_REPLICATION_USER", value: "replicator" },
            {
                name: "MYSQL_ROOT_PASSWORD",
                valueFrom: { secretKeyRef: { name: "db-credentials", key: "root-password" } },
            },
            {
                name: "MYSQL_REPLICATION_PASSWORD",
                valueFrom: { secretKeyRef: { name: "db-credentials", key: "replication-password" } },
            },
        ]);
        assert.deepStrictEqual(at(mysql, "livenessProbe"), {
            exec: { command: ["bash", "-c", 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysqladmin -u root ping'] },
            initialDelaySeconds: 30,
            periodSeconds: 10,
            timeoutSeconds: 5,
            successThreshold: 1,
            failureThreshold: 3,
        });
        assert.deepStrictEqual(at(mysql, "readinessProbe"), {
            exec: {
                command: ["bash", "-c", 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql -h 127.0.0.1 -u root -e "SELECT 1"'],
            },
            initialDelaySeconds: 5,
            periodSeconds: 2,
            timeoutSeconds: 1,
            successThreshold: 1,
            failureThreshold: 3,
        });
        assert.deepStrictEqual(at(mysql, "resources"), {
            requests: { cpu: "500m", memory: "1Gi" },
            limits: { cpu: "1", memory: "1Gi" },
        });
        assert.deepStrictEqual(mysql.volumeMounts, [
            { name: "data", mountPath: "/var/lib/mysql", subPath: "mysql" },
            { name: "conf", mountPath: "/etc/mysql/conf.d" },
            {
                name: "config-map",
                mountPath: "/docker-entrypoint-initdb.d/create-replication-user.sh",
                subPath: "create-replication-user.sh",
                readOnly: true,
            },
            { name: "mysql-tmp", mountPath: "/tmp" },
            { name: "mysql-run", mountPath: "/var/run/mysqld" },
        ]);
        assert.strictEqual(at(mysql, "securityContext.readOnlyRootFilesystem"), true);
        assert.strictEqual(at(mysql, "securityContext.runAsUser"), 999);
        assert.strictEqual(at(mysql, "securityContext.allowPrivilegeEscalation"), false);

        const sidecar = main.xtrabackup;
        assert.strictEqual(sidecar.image, DEFAULT_XTRABACKUP_IMAGE);
        assert.deepStrictEqual(at(sidecar, "ports"), [{ name: "xtrabackup", containerPort: 3307, protocol: "TCP" }]);
        const script = sidecar.command?.[2] ?? "";
        assert.strictEqual(
            script,
            fillTemplate(XTRABACKUP_SCRIPT, {
                SET: "db",
                HEADLESS: "db-headless",
                PRIMARY: "db-0.db-headless",
                PORT: "3307",
            }),
        );
        assert.match(script, /export MYSQL_PWD="\$MYSQL_ROOT_PASSWORD"/);
        assert.match(script, /MASTER_HOST='db-0\.db-headless'/);
        assert.match(script, /MASTER_PASSWORD='\$\{repl_password\}'/);
        assert.match(script, /START SLAVE;/);
        assert.match(script, /exec socat TCP-LISTEN:3307,reuseaddr,fork/);
        assert.doesNotMatch(script, /set -x/);
        assert.ok(at(sidecar, "readinessProbe.exec"));
        assert.ok(at(sidecar, "livenessProbe.exec"));
        assert.notDeepStrictEqual(at(sidecar, "readinessProbe"), at(sidecar, "livenessProbe"));
        assert.deepStrictEqual(at(sidecar, "resources"), {
            requests: { cpu: "100m", memory: "100Mi" },
            limits: { cpu: "400m", memory: "400Mi" },
        });
        assert.deepStrictEqual(literalEnvNames(sidecar), ["MYSQL_REPLICATION_USER"]);
    });

    it("never puts a password outside the Secret: no literal env, ConfigMap or command line carries it", async () => {
        const resources = await render(
            () =>
                new MySqlCluster("leak", {
                    rootPassword: pulumi.secret(PASSWORD),
                    replicationPassword: pulumi.secret(`${PASSWORD}-repl`),
                }),
        );
        assert.deepStrictEqual(leaks(resources, PASSWORD), []);
        const secret = find(resources, T.secret, "leak-credentials").inputs;
        assert.deepStrictEqual(plain(at(secret, "stringData")), {
            "root-password": PASSWORD,
            "replication-password": `${PASSWORD}-repl`,
        });
        const set = find(resources, T.statefulSet, "leak").inputs;
        for (const c of [
            ...Object.values(containers(set, "containers")),
            ...Object.values(containers(set, "initContainers")),
        ]) {
            assert.ok(
                literalEnvNames(c).every((n) => !/PASS|PWD|SECRET|TOKEN/.test(n)),
                `${c.name} has a literal secret env`,
            );
        }
    });

    it("keeps the password secret in the Secret's inputs", async () => {
        let secretValue: pulumi.Output<string> | undefined;
        await render(() => {
            new MySqlCluster(
                "sec",
                { rootPassword: PASSWORD },
                {
                    transformations: [
                        (args) => {
                            if (args.type === T.secret) {
                                secretValue = pulumi.output(
                                    (args.props.stringData as Record<string, pulumi.Input<string>>)["root-password"],
                                );
                            }
                            return undefined;
                        },
                    ],
                },
            );
        });
        assert.ok(secretValue);
        assert.strictEqual(await pulumi.isSecret(secretValue), true);
    });

    it("uses an existing Secret and its keys instead of creating one", async () => {
        let mysql: MySqlCluster | undefined;
        const resources = await render(() => {
            mysql = new MySqlCluster("ext", {
                replicas: 2,
                existingSecretName: "prod-mysql",
                rootPasswordKey: "root",
                replicationPasswordKey: "repl",
                replicationUser: "repl_user",
            });
        });
        assert.strictEqual(ofType(resources, T.secret).length, 0);
        const mysqlContainer = containers(find(resources, T.statefulSet, "ext").inputs, "containers").mysql;
        assert.deepStrictEqual(mysqlContainer.env, [
            { name: "MYSQL_REPLICATION_USER", value: "repl_user" },
            { name: "MYSQL_ROOT_PASSWORD", valueFrom: { secretKeyRef: { name: "prod-mysql", key: "root" } } },
            { name: "MYSQL_REPLICATION_PASSWORD", valueFrom: { secretKeyRef: { name: "prod-mysql", key: "repl" } } },
        ]);
        assert.ok(mysql);
        assert.strictEqual(await valueOf(mysql.secretName), "prod-mysql");
    });

    it("takes images, resources, storage class, retention and PDB overrides", async () => {
        const resources = await render(
            () =>
                new MySqlCluster("custom", {
                    rootPassword: PASSWORD,
                    image: "mysql:8.0.34",
                    xtrabackupImage: "percona/percona-xtrabackup:8.0.34-29",
                    resources: { cpuRequest: "1", memoryRequest: "2Gi", cpuLimit: "2", memoryLimit: "4Gi" },
                    xtrabackupResources: { memoryLimit: "300Mi" },
                    storageSize: "50Gi",
                    storageClassName: "ebs-gp3",
                    pvcRetentionWhenScaled: "Delete",
                    disruptionBudget: { minAvailable: "2" },
                    replicas: 3,
                }),
        );
        const set = find(resources, T.statefulSet, "custom").inputs;
        const main = containers(set, "containers");
        assert.strictEqual(main.mysql.image, "mysql:8.0.34");
        assert.strictEqual(main.xtrabackup.image, "percona/percona-xtrabackup:8.0.34-29");
        assert.deepStrictEqual(at(main.mysql, "resources"), {
            requests: { cpu: "1", memory: "2Gi" },
            limits: { cpu: "2", memory: "4Gi" },
        });
        assert.strictEqual(at(main.xtrabackup, "resources.limits.memory"), "300Mi");
        assert.deepStrictEqual(at(set, "spec.volumeClaimTemplates.0.spec"), {
            accessModes: ["ReadWriteOnce"],
            storageClassName: "ebs-gp3",
            resources: { requests: { storage: "50Gi" } },
        });
        assert.strictEqual(at(set, "spec.persistentVolumeClaimRetentionPolicy.whenScaled"), "Delete");
        assert.strictEqual(at(find(resources, T.pdb, "custom-pdb").inputs, "spec.minAvailable"), 2);
    });

    it("sets protect and retainOnDelete on the StatefulSet when asked", async () => {
        const captured: CapturedOptions[] = [];
        await render(
            () =>
                new MySqlCluster(
                    "prot",
                    { rootPassword: PASSWORD, protect: true, retainOnDelete: true },
                    captureOptions(captured),
                ),
        );
        const set = captured.find((c) => c.type === T.statefulSet);
        assert.ok(set);
        assert.strictEqual(set.opts.protect, true);
        assert.strictEqual(set.opts.retainOnDelete, true);
        const names = (set.opts.dependsOn as pulumi.Resource[]).length;
        assert.strictEqual(names, 3);
    });

    describe("rejects bad input", () => {
        it("a missing password without an existing Secret", () => {
            assert.strictEqual(
                problemLine(errorFor({ replicas: 3 }), "rootPassword"),
                `rootPassword is required when existingSecretName is not set (got undefined); pass rootPassword: config.requireSecret("dbPassword"), or name an existing Secret with existingSecretName`,
            );
        });

        it("an empty password", () => {
            assert.strictEqual(
                problemLine(errorFor({ rootPassword: "" }), "rootPassword"),
                `rootPassword must not be empty (got ""); pass a real password such as config.requireSecret("dbPassword"), or name an existing Secret with existingSecretName`,
            );
            assert.strictEqual(
                problemLine(errorFor({ rootPassword: PASSWORD, replicationPassword: "" }), "replicationPassword"),
                `replicationPassword must not be empty (got ""); pass a real password, or leave it unset to use the root password`,
            );
        });

        it("both a password and an existing Secret", () => {
            const message = errorFor({
                rootPassword: PASSWORD,
                replicationPassword: PASSWORD,
                existingSecretName: "db",
            });
            assert.strictEqual(
                problemLine(message, "existingSecretName"),
                `existingSecretName and rootPassword must not both be set (got existingSecretName "db" and a rootPassword); give the password, or name the Secret that holds it`,
            );
            assert.strictEqual(
                problemLine(message, "replicationPassword"),
                `replicationPassword must not be set with existingSecretName (got existingSecretName "db"); put the password in that Secret under replicationPasswordKey`,
            );
            assert.ok(!message.includes(PASSWORD));
        });

        it("bad Secret names, keys and replication user", () => {
            const message = errorFor({
                existingSecretName: "Bad Secret",
                rootPasswordKey: "root pw",
                replicationUser: "repl-user!",
            });
            assert.strictEqual(
                problemLine(message, "existingSecretName"),
                `existingSecretName must be a Secret name: lower-case letters, digits, '-' and '.' (got "Bad Secret"); for example "mysql-credentials"`,
            );
            assert.strictEqual(
                problemLine(message, "rootPasswordKey"),
                `rootPasswordKey must be a Secret key: letters, digits, '-', '_' and '.' (got "root pw"); for example "password"`,
            );
            assert.strictEqual(
                problemLine(message, "replicationUser"),
                `replicationUser must be 1 to 32 letters, digits or '_' (got "repl-user!"); for example "replicator"`,
            );
        });

        it("an unparseable storageSize", () => {
            assert.strictEqual(
                problemLine(errorFor({ rootPassword: PASSWORD, storageSize: "10GB" }), "storageSize"),
                `storageSize must be a storage quantity above zero such as "1Gi" or "10Gi" (got "10GB"); use a number with a binary suffix: Mi, Gi or Ti`,
            );
        });

        it("replicas below 1", () => {
            assert.strictEqual(
                problemLine(errorFor({ rootPassword: PASSWORD, replicas: 0 }), "replicas"),
                "replicas must be a whole number of at least 1 (got 0); give the number of pods to run, for example 3",
            );
        });

        it("empty images, bad resources, a blocking PDB and a bad namespace", () => {
            const message = errorFor({
                rootPassword: PASSWORD,
                image: "",
                xtrabackupImage: "",
                resources: { memoryRequest: "2Gi" },
                xtrabackupResources: { cpuRequest: "lots" },
                disruptionBudget: { maxUnavailable: "0" },
                namespace: "Data",
            });
            assert.match(
                problemLine(message, "image"),
                /^image is required \(got ""\); give a pinned image such as "mysql:8\.0\.35"$/,
            );
            assert.match(problemLine(message, "xtrabackupImage"), /^xtrabackupImage is required \(got ""\)/);
            assert.strictEqual(
                problemLine(message, "resources.memoryRequest"),
                `resources.memoryRequest must not exceed resources.memoryLimit (got request "2Gi" above limit "1Gi"); raise the limit or lower the request`,
            );
            assert.match(
                problemLine(message, "xtrabackupResources.cpuRequest"),
                /must be a Kubernetes quantity .*\(got "lots"\)/,
            );
            assert.match(problemLine(message, "disruptionBudget"), /would block every voluntary eviction/);
            assert.match(problemLine(message, "namespace"), /namespace must be a DNS-1123 label.*\(got "Data"\)/);
        });
    });
});
