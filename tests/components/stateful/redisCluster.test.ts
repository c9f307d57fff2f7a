import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { at, find, ofType, render, validationError, valueOf } from "../../harness/mocks";
import { DEFAULT_REDIS_IMAGE, RedisCluster, RedisClusterArgs, redisSeedAddresses } from "../../../components/internal";
import { REDIS_BOOTSTRAP_SCRIPT, REDIS_PING_COMMAND } from "../../../components/stateful/redisScripts";
import { fillTemplate } from "../../../components/stateful/templates";
import { CapturedOptions, PASSWORD, T, captureOptions, leaks, literalEnvNames, plain, problemLine } from "./helpers";

const GUIDE: RedisClusterArgs = { nodes: 6, replicasPerPrimary: 1, storageSize: "1Gi", password: PASSWORD };

function errorFor(args: RedisClusterArgs): string {
    return validationError(() => new RedisCluster("bad", args));
}

const TOPOLOGY_RULE = "nodes must be a multiple of (1 + replicasPerPrimary) that gives at least 3 primaries";

describe("RedisCluster", () => {
    it("renders the guide's Redis Cluster with a Secret, ConfigMap, headless Service, PDB and bootstrap Job", async () => {
        let redis: RedisCluster | undefined;
        const resources = await render(() => {
            redis = new RedisCluster("redis", { ...GUIDE, password: pulumi.secret(PASSWORD) });
        });
        assert.deepStrictEqual(
            resources.map((r) => `${r.type} ${r.name}`).sort(),
            [
                "k8s-workloads:index:RedisCluster redis",
                `${T.secret} redis-credentials`,
                `${T.configMap} redis-config`,
                `${T.service} redis-headless`,
                `${T.statefulSet} redis`,
                `${T.pdb} redis-pdb`,
                `${T.job} redis-bootstrap`,
            ].sort(),
        );
        assert.deepStrictEqual(plain(at(find(resources, T.secret, "redis-credentials").inputs, "stringData")), {
            password: PASSWORD,
        });

        const conf = at(find(resources, T.configMap, "redis-config").inputs, "data") as Record<string, string>;
        assert.deepStrictEqual(Object.keys(conf), ["redis.conf"]);
        const lines = conf["redis.conf"].split("\n");
        for (const line of [
            "port 6379",
            "cluster-enabled yes",
            "cluster-config-file /data/nodes.conf",
            "cluster-node-timeout 5000",
            "appendonly yes",
            "dir /data",
            "protected-mode no",
        ]) {
            assert.ok(lines.includes(line), `redis.conf lacks ${line}`);
        }
        assert.ok(!/requirepass|masterauth/.test(conf["redis.conf"].replace(/^#.*$/gm, "")));

        const headless = find(resources, T.service, "redis-headless").inputs;
        assert.deepStrictEqual(at(headless, "spec"), {
            clusterIP: "None",
            selector: { app: "redis", "app.kubernetes.io/instance": "redis" },
            ports: [
                { name: "client", port: 6379, targetPort: "client", protocol: "TCP" },
                { name: "gossip", port: 16379, targetPort: "gossip", protocol: "TCP" },
            ],
        });

        const set = find(resources, T.statefulSet, "redis").inputs;
        assert.strictEqual(at(set, "spec.replicas"), 6);
        assert.strictEqual(at(set, "spec.serviceName"), "redis-headless");
        assert.deepStrictEqual(at(set, "spec.persistentVolumeClaimRetentionPolicy"), {
            whenDeleted: "Retain",
            whenScaled: "Retain",
        });
        assert.deepStrictEqual(at(set, "spec.volumeClaimTemplates.0.spec"), {
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: "1Gi" } },
        });
        const container = at(set, "spec.template.spec.containers.0") as { command: string[] };
        assert.strictEqual(at(container, "image"), DEFAULT_REDIS_IMAGE);
        assert.deepStrictEqual(at(container, "ports"), [
            { name: "client", containerPort: 6379, protocol: "TCP" },
            { name: "gossip", containerPort: 16379, protocol: "TCP" },
        ]);
        assert.deepStrictEqual(container.command.slice(0, 2), ["sh", "-c"]);
        assert.match(container.command[2], /printf 'requirepass "%s"\\n' "\$escaped"/);
        assert.match(container.command[2], /printf 'masterauth "%s"\\n' "\$escaped"/);
        assert.match(container.command[2], /exec redis-server "\$conf"/);
        assert.deepStrictEqual(at(container, "env"), [
            { name: "MY_POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "MY_POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
            { name: "MY_POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
            { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "redis-credentials", key: "password" } } },
            { name: "REDISCLI_AUTH", valueFrom: { secretKeyRef: { name: "redis-credentials", key: "password" } } },
        ]);
        assert.deepStrictEqual(at(container, "readinessProbe"), {
            exec: { command: REDIS_PING_COMMAND },
            initialDelaySeconds: 15,
            periodSeconds: 10,
            timeoutSeconds: 5,
            successThreshold: 1,
            failureThreshold: 3,
        });
        assert.deepStrictEqual(at(container, "livenessProbe"), {
            exec: { command: REDIS_PING_COMMAND },
            initialDelaySeconds: 20,
            periodSeconds: 3,
            timeoutSeconds: 2,
            successThreshold: 1,
            failureThreshold: 3,
        });
        assert.match(REDIS_PING_COMMAND.join(" "), /redis-cli .*ping/);
        assert.deepStrictEqual(at(container, "resources"), {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "200m", memory: "256Mi" },
        });
        assert.deepStrictEqual(at(container, "volumeMounts"), [
            { name: "conf", mountPath: "/conf", readOnly: true },
            { name: "runtime", mountPath: "/run/redis" },
            { name: "data", mountPath: "/data" },
        ]);
        assert.deepStrictEqual(at(set, "spec.template.spec.volumes"), [
            { name: "conf", configMap: { name: "redis-config", defaultMode: 0o444 } },
            { name: "runtime", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
        ]);
        assert.deepStrictEqual(at(set, "spec.template.spec.securityContext"), {
            seccompProfile: { type: "RuntimeDefault" },
            runAsNonRoot: true,
            runAsUser: 999,
            runAsGroup: 1000,
            fsGroup: 1000,
        });

        assert.strictEqual(at(find(resources, T.pdb, "redis-pdb").inputs, "spec.maxUnavailable"), 1);

        const job = find(resources, T.job, "redis-bootstrap").inputs;
        assert.strictEqual(at(job, "spec.backoffLimit"), 6);
        assert.strictEqual(at(job, "spec.activeDeadlineSeconds"), 600);
        assert.strictEqual(at(job, "spec.ttlSecondsAfterFinished"), 86400);
        assert.strictEqual(at(job, "spec.template.spec.restartPolicy"), "Never");
        const jobContainer = at(job, "spec.template.spec.containers.0") as { command: string[] };
        assert.strictEqual(at(jobContainer, "readinessProbe"), undefined);
        assert.strictEqual(at(jobContainer, "livenessProbe"), undefined);
        assert.ok(at(jobContainer, "resources.limits.memory"));
        assert.deepStrictEqual(at(jobContainer, "env"), [
            { name: "REDISCLI_AUTH", valueFrom: { secretKeyRef: { name: "redis-credentials", key: "password" } } },
        ]);
        const script = jobContainer.command[2];
        assert.strictEqual(
            script,
            fillTemplate(REDIS_BOOTSTRAP_SCRIPT, {
                NODES: "6",
                SET: "redis",
                HEADLESS: "redis-headless",
                PORT: "6379",
                REPLICAS: "1",
            }),
        );
        assert.match(script, /redis-cli --cluster create \$addresses --cluster-replicas 1 --cluster-yes/);
        // Idempotent: a formed cluster is left alone.
        assert.match(script, /grep -q '\^cluster_state:ok'/);
        assert.match(script, /cluster_known_nodes/);
        assert.ok(script.indexOf("cluster_state:ok") < script.indexOf("--cluster create"));
        // The Job's pods are not selected by the StatefulSet's Service or PDB.
        const podLabels = at(job, "spec.template.metadata.labels") as Record<string, string>;
        assert.strictEqual(podLabels["app.kubernetes.io/instance"], "redis-bootstrap");
        assert.strictEqual(podLabels["app.kubernetes.io/component"], "bootstrap");

        assert.ok(redis);
        assert.strictEqual(await valueOf(redis.headlessServiceName), "redis-headless");
        assert.strictEqual(await valueOf(redis.statefulSetName), "redis");
        assert.strictEqual(await valueOf(redis.secretName), "redis-credentials");
        assert.strictEqual(await valueOf(redis.bootstrapJobName), "redis-bootstrap");
        assert.deepStrictEqual(await valueOf(redis.seedNodes), [
            "redis-0.redis-headless.default.svc.cluster.local:6379",
            "redis-1.redis-headless.default.svc.cluster.local:6379",
            "redis-2.redis-headless.default.svc.cluster.local:6379",
            "redis-3.redis-headless.default.svc.cluster.local:6379",
            "redis-4.redis-headless.default.svc.cluster.local:6379",
            "redis-5.redis-headless.default.svc.cluster.local:6379",
        ]);
    });

    it("defaults to the guide's 6 nodes with 1 replica each and 1Gi volumes", async () => {
        const resources = await render(() => new RedisCluster("dflt", { password: PASSWORD }));
        const set = find(resources, T.statefulSet, "dflt").inputs;
        assert.strictEqual(at(set, "spec.replicas"), 6);
        assert.strictEqual(at(set, "spec.podManagementPolicy"), "OrderedReady");
        assert.strictEqual(at(set, "spec.volumeClaimTemplates.0.spec.resources.requests.storage"), "1Gi");
        const script = at(find(resources, T.job, "dflt-bootstrap").inputs, "spec.template.spec.containers.0.command.2");
        assert.match(script as string, /--cluster-replicas 1 /);
    });

    it("makes the bootstrap Job wait for the StatefulSet and replace itself cleanly", async () => {
        const captured: CapturedOptions[] = [];
        await render(() => new RedisCluster("deps", GUIDE, captureOptions(captured)));
        const job = captured.find((c) => c.type === T.job);
        assert.ok(job);
        assert.strictEqual((job.opts as pulumi.CustomResourceOptions).deleteBeforeReplace, true);
        const dependsOn = job.opts.dependsOn as pulumi.Resource[];
        assert.strictEqual(dependsOn.length, 1);
        assert.match(
            await valueOf((dependsOn[0] as pulumi.CustomResource).urn),
            /kubernetes:apps\/v1:StatefulSet::deps$/,
        );
    });

    it("sets protect and retainOnDelete on the StatefulSet when asked", async () => {
        const captured: CapturedOptions[] = [];
        await render(
            () => new RedisCluster("prot", { ...GUIDE, protect: true, retainOnDelete: true }, captureOptions(captured)),
        );
        const set = captured.find((c) => c.type === T.statefulSet);
        assert.ok(set);
        assert.strictEqual(set.opts.protect, true);
        assert.strictEqual(set.opts.retainOnDelete, true);
    });

    it("never puts the password outside the Secret", async () => {
        const resources = await render(() => new RedisCluster("leak", { ...GUIDE, password: pulumi.secret(PASSWORD) }));
        assert.deepStrictEqual(leaks(resources, PASSWORD), []);
        const set = find(resources, T.statefulSet, "leak").inputs;
        assert.deepStrictEqual(literalEnvNames(at(set, "spec.template.spec.containers.0")), []);
    });

    it("supports other topologies, an existing Secret and overrides", async () => {
        let redis: RedisCluster | undefined;
        const resources = await render(() => {
            redis = new RedisCluster("big", {
                nodes: 9,
                replicasPerPrimary: 2,
                existingSecretName: "redis-auth",
                passwordKey: "redis-password",
                image: "redis:7.2.5-alpine",
                clusterNodeTimeoutMs: 15000,
                extraConfig: "maxmemory 200mb\nmaxmemory-policy allkeys-lru",
                podManagementPolicy: "Parallel",
                storageClassName: "ebs-gp3",
                bootstrap: { backoffLimit: 2, activeDeadlineSeconds: 300, ttlSecondsAfterFinished: 60 },
                namespace: "cache",
            });
        });
        assert.strictEqual(ofType(resources, T.secret).length, 0);
        const set = find(resources, T.statefulSet, "big").inputs;
        assert.strictEqual(at(set, "spec.replicas"), 9);
        assert.strictEqual(at(set, "spec.podManagementPolicy"), "Parallel");
        assert.strictEqual(at(set, "spec.volumeClaimTemplates.0.spec.storageClassName"), "ebs-gp3");
        assert.strictEqual(at(set, "spec.template.spec.containers.0.image"), "redis:7.2.5-alpine");
        assert.deepStrictEqual(at(set, "spec.template.spec.containers.0.env.3"), {
            name: "REDIS_PASSWORD",
            valueFrom: { secretKeyRef: { name: "redis-auth", key: "redis-password" } },
        });
        const conf = at(find(resources, T.configMap, "big-config").inputs, "data") as Record<string, string>;
        assert.match(conf["redis.conf"], /cluster-node-timeout 15000\n/);
        assert.match(conf["redis.conf"], /maxmemory 200mb\nmaxmemory-policy allkeys-lru\n$/);
        const job = find(resources, T.job, "big-bootstrap").inputs;
        assert.strictEqual(at(job, "spec.backoffLimit"), 2);
        assert.strictEqual(at(job, "spec.activeDeadlineSeconds"), 300);
        assert.strictEqual(at(job, "spec.ttlSecondsAfterFinished"), 60);
        assert.strictEqual(at(job, "metadata.namespace"), "cache");
        assert.match(
            at(job, "spec.template.spec.containers.0.command.2") as string,
            /--cluster-replicas 2 --cluster-yes/,
        );
        assert.ok(redis);
        assert.strictEqual(await valueOf(redis.secretName), "redis-auth");
        assert.strictEqual((await valueOf(redis.seedNodes)).length, 9);
        assert.strictEqual((await valueOf(redis.seedNodes))[0], "big-0.big-headless.cache.svc.cluster.local:6379");
    });

    it("passes labels, annotations, scheduling and the grace period through", async () => {
        const resources = await render(
            () =>
                new RedisCluster("meta", {
                    ...GUIDE,
                    appName: "cache",
                    labels: { team: "core" },
                    annotations: { owner: "sre" },
                    podLabels: { tier: "data" },
                    podAnnotations: { "prometheus.io/scrape": "true" },
                    nodeSelector: { disk: "ssd" },
                    tolerations: [{ key: "dedicated", operator: "Equal", value: "redis", effect: "NoSchedule" }],
                    priorityClassName: "high",
                    terminationGracePeriodSeconds: 60,
                }),
        );
        const set = find(resources, T.statefulSet, "meta").inputs;
        assert.strictEqual(at(set, "metadata.labels.team"), "core");
        assert.strictEqual(at(set, "metadata.annotations.owner"), "sre");
        assert.deepStrictEqual(at(set, "spec.selector.matchLabels"), {
            app: "cache",
            "app.kubernetes.io/instance": "meta",
        });
        const pod = at(set, "spec.template") as {
            metadata: { labels: Record<string, string>; annotations: Record<string, string> };
        };
        assert.strictEqual(pod.metadata.labels.tier, "data");
        assert.strictEqual(pod.metadata.labels.app, "cache");
        assert.strictEqual(pod.metadata.annotations["prometheus.io/scrape"], "true");
        assert.deepStrictEqual(at(set, "spec.template.spec.nodeSelector"), { disk: "ssd" });
        assert.strictEqual(at(set, "spec.template.spec.priorityClassName"), "high");
        assert.strictEqual(at(set, "spec.template.spec.terminationGracePeriodSeconds"), 60);
        assert.strictEqual(at(set, "spec.template.spec.tolerations.0.value"), "redis");
        const job = find(resources, T.job, "meta-bootstrap").inputs;
        assert.deepStrictEqual(at(job, "spec.template.spec.nodeSelector"), { disk: "ssd" });
        assert.strictEqual(at(find(resources, T.service, "meta-headless").inputs, "metadata.annotations.owner"), "sre");
    });

    it("builds seed addresses as pure values", () => {
        assert.deepStrictEqual(redisSeedAddresses("r", "r-headless", "ns", 2), [
            "r-0.r-headless.ns.svc.cluster.local:6379",
            "r-1.r-headless.ns.svc.cluster.local:6379",
        ]);
    });

    describe("rejects bad input", () => {
        it("a node count that is not a multiple of 1 + replicasPerPrimary", () => {
            assert.strictEqual(
                problemLine(errorFor({ ...GUIDE, nodes: 7 }), "nodes"),
                `${TOPOLOGY_RULE} (got nodes 7 with replicasPerPrimary 1, which is not a multiple of 2); use 6 or more nodes in steps of 2`,
            );
        });

        it("fewer than 3 primaries", () => {
            assert.strictEqual(
                problemLine(errorFor({ ...GUIDE, nodes: 4 }), "nodes"),
                `${TOPOLOGY_RULE} (got nodes 4 with replicasPerPrimary 1, which gives 2 primaries); use 6 or more nodes in steps of 2`,
            );
            assert.strictEqual(
                problemLine(errorFor({ ...GUIDE, nodes: 6, replicasPerPrimary: 2 }), "nodes"),
                `${TOPOLOGY_RULE} (got nodes 6 with replicasPerPrimary 2, which gives 2 primaries); use 9 or more nodes in steps of 3`,
            );
            assert.strictEqual(
                problemLine(errorFor({ ...GUIDE, nodes: 0 }), "nodes"),
                `${TOPOLOGY_RULE} (got nodes 0 with replicasPerPrimary 1, which gives 0 primaries); use 6 or more nodes in steps of 2`,
            );
        });

        it("a fractional node count and a negative replicasPerPrimary", () => {
            assert.strictEqual(
                problemLine(errorFor({ ...GUIDE, nodes: 6.5 }), "nodes"),
                `${TOPOLOGY_RULE} (got nodes 6.5 with replicasPerPrimary 1, which is not a whole number); use 6 or more nodes in steps of 2`,
            );
            assert.strictEqual(
                problemLine(errorFor({ ...GUIDE, replicasPerPrimary: -1 }), "replicasPerPrimary"),
                "replicasPerPrimary must be a whole number of at least 0 (got -1); use 1 for one replica per primary",
            );
        });

        it("accepts 3 primaries without replicas", async () => {
            const resources = await render(
                () => new RedisCluster("small", { ...GUIDE, nodes: 3, replicasPerPrimary: 0 }),
            );
            assert.match(
                at(
                    find(resources, T.job, "small-bootstrap").inputs,
                    "spec.template.spec.containers.0.command.2",
                ) as string,
                /--cluster-replicas 0 --cluster-yes/,
            );
        });

        it("a missing password without an existing Secret", () => {
            assert.strictEqual(
                problemLine(errorFor({ nodes: 6 }), "password"),
                `password is required when existingSecretName is not set (got undefined); pass password: config.requireSecret("dbPassword"), or name an existing Secret with existingSecretName`,
            );
        });

        it("an unparseable storageSize", () => {
            assert.strictEqual(
                problemLine(errorFor({ ...GUIDE, storageSize: "one gig" }), "storageSize"),
                `storageSize must be a storage quantity above zero such as "1Gi" or "10Gi" (got "one gig"); use a number with a binary suffix: Mi, Gi or Ti`,
            );
        });

        it("passwords or managed directives in extraConfig", () => {
            const message = errorFor({
                ...GUIDE,
                extraConfig: "maxmemory 1gb\nrequirepass hunter2\nprotected-mode yes",
            });
            const lines = message.split("\n").filter((l) => l.includes("extraConfig must not set"));
            assert.deepStrictEqual(lines, [
                `  - extraConfig must not set "requirepass" (got the line "requirepass hunter2"); the component manages it (passwords come from the Secret, never from a ConfigMap)`,
                `  - extraConfig must not set "protected-mode" (got the line "protected-mode yes"); the component manages it (passwords come from the Secret, never from a ConfigMap)`,
            ]);
        });

        it("a bad appName, grace period, Secret key and existing Secret name", () => {
            const message = errorFor({
                ...GUIDE,
                password: undefined,
                existingSecretName: "redis_auth",
                passwordKey: "pass word",
                appName: "Redis",
                terminationGracePeriodSeconds: -1,
            });
            assert.match(problemLine(message, "appName"), /^appName must be a DNS-1123 label.*\(got "Redis"\)/);
            assert.strictEqual(
                problemLine(message, "terminationGracePeriodSeconds"),
                "terminationGracePeriodSeconds must be a whole number of at least 0 (got -1)",
            );
            assert.strictEqual(
                problemLine(message, "passwordKey"),
                `passwordKey must be a Secret key: letters, digits, '-', '_' and '.' (got "pass word"); for example "password"`,
            );
            assert.strictEqual(
                problemLine(message, "existingSecretName"),
                `existingSecretName must be a Secret name: lower-case letters, digits, '-' and '.' (got "redis_auth"); for example "mysql-credentials"`,
            );
        });

        it("bad timeouts, policies and batch limits", () => {
            const message = errorFor({
                ...GUIDE,
                clusterNodeTimeoutMs: 10,
                // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
                podManagementPolicy: "Any",
                bootstrap: { backoffLimit: -1, activeDeadlineSeconds: 0, ttlSecondsAfterFinished: -5 },
            });
            assert.strictEqual(
                problemLine(message, "clusterNodeTimeoutMs"),
                "clusterNodeTimeoutMs must be a whole number of at least 100 (got 10)",
            );
            assert.strictEqual(
                problemLine(message, "podManagementPolicy"),
                `podManagementPolicy must be one of "OrderedReady", "Parallel" (got "Any")`,
            );
            assert.strictEqual(
                problemLine(message, "bootstrap.backoffLimit"),
                "bootstrap.backoffLimit must be a whole number of at least 0 (got -1)",
            );
            assert.strictEqual(
                problemLine(message, "bootstrap.activeDeadlineSeconds"),
                "bootstrap.activeDeadlineSeconds must be a whole number of at least 1 (got 0)",
            );
            assert.strictEqual(
                problemLine(message, "bootstrap.ttlSecondsAfterFinished"),
                "bootstrap.ttlSecondsAfterFinished must be a whole number of at least 0 (got -5)",
            );
        });
    });
});
