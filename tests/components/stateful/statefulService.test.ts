import * as assert from "assert";
import { at, find, ofType, render, validationError, valueOf } from "../../harness/mocks";
import { StatefulService, StatefulServiceArgs } from "../../../components/internal";
import { CapturedOptions, T, captureOptions, problemLine } from "./helpers";

const GUIDE: StatefulServiceArgs = {
    image: "nginx:1.21",
    replicas: 3,
    port: 80,
    storageClassName: "ebs-gp3",
    volumes: [
        { name: "web-storage", mountPath: "/usr/share/nginx/html", size: "10Gi" },
        { name: "config-storage", mountPath: "/etc/nginx/conf.d", size: "1Gi" },
    ],
};

function errorFor(args: Partial<StatefulServiceArgs>): string {
    return validationError(() => new StatefulService("bad", { ...GUIDE, ...args }));
}

describe("StatefulService", () => {
    it("renders the guide's StatefulSet, headless Service and PodDisruptionBudget", async () => {
        let web: StatefulService | undefined;
        const resources = await render(() => {
            web = new StatefulService("web", GUIDE);
        });
        assert.deepStrictEqual(
            resources.map((r) => `${r.type} ${r.name}`).sort(),
            [
                "k8s-workloads:index:StatefulService web",
                `${T.service} web-headless`,
                `${T.statefulSet} web`,
                `${T.pdb} web-pdb`,
            ].sort(),
        );
        const set = find(resources, T.statefulSet, "web").inputs;
        assert.strictEqual(at(set, "metadata.name"), "web");
        assert.strictEqual(at(set, "spec.serviceName"), "web-headless");
        assert.strictEqual(at(set, "spec.replicas"), 3);
        assert.strictEqual(at(set, "spec.podManagementPolicy"), "OrderedReady");
        assert.deepStrictEqual(at(set, "spec.updateStrategy"), {
            type: "RollingUpdate",
            rollingUpdate: { partition: 0 },
        });
        assert.deepStrictEqual(at(set, "spec.persistentVolumeClaimRetentionPolicy"), {
            whenDeleted: "Retain",
            whenScaled: "Retain",
        });
        assert.deepStrictEqual(at(set, "spec.selector.matchLabels"), {
            app: "web",
            "app.kubernetes.io/instance": "web",
        });
        assert.strictEqual(at(set, "spec.template.metadata.labels.app"), "web");
        const podLabels = at(set, "spec.template.metadata.labels") as Record<string, string>;
        assert.strictEqual(podLabels["k8s-workloads.io/pattern"], "stateful");

        const claims = at(set, "spec.volumeClaimTemplates") as unknown[];
        assert.strictEqual(claims.length, 2);
        assert.strictEqual(at(claims[0], "metadata.name"), "web-storage");
        assert.deepStrictEqual(at(claims[0], "spec"), {
            accessModes: ["ReadWriteOnce"],
            storageClassName: "ebs-gp3",
            resources: { requests: { storage: "10Gi" } },
        });
        assert.strictEqual(at(claims[1], "metadata.name"), "config-storage");
        assert.strictEqual(at(claims[1], "spec.resources.requests.storage"), "1Gi");

        const container = at(set, "spec.template.spec.containers.0");
        assert.strictEqual(at(container, "name"), "web");
        assert.strictEqual(at(container, "image"), "nginx:1.21");
        assert.deepStrictEqual(at(container, "ports"), [{ name: "http", containerPort: 80, protocol: "TCP" }]);
        assert.deepStrictEqual(at(container, "env"), [
            { name: "MY_POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "MY_POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
            { name: "MY_POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        ]);
        assert.deepStrictEqual(at(container, "volumeMounts"), [
            { name: "web-storage", mountPath: "/usr/share/nginx/html" },
            { name: "config-storage", mountPath: "/etc/nginx/conf.d" },
            // The read-only root filesystem's default writable path.
            { name: "writable-0", mountPath: "/tmp" },
        ]);
        assert.deepStrictEqual(at(set, "spec.template.spec.volumes"), [{ name: "writable-0", emptyDir: {} }]);
        // core's defaults: probes on the main port, requests and limits, hardened securityContext.
        assert.deepStrictEqual(at(container, "readinessProbe"), {
            httpGet: { path: "/health", port: 80 },
            initialDelaySeconds: 5,
            periodSeconds: 5,
            timeoutSeconds: 3,
            successThreshold: 1,
            failureThreshold: 3,
        });
        assert.strictEqual(at(container, "livenessProbe.initialDelaySeconds"), 30);
        assert.deepStrictEqual(at(container, "resources"), {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "200m", memory: "256Mi" },
        });
        assert.strictEqual(at(container, "securityContext.allowPrivilegeEscalation"), false);
        assert.deepStrictEqual(at(container, "securityContext.capabilities.drop"), ["ALL"]);
        assert.strictEqual(at(container, "securityContext.readOnlyRootFilesystem"), true);
        assert.deepStrictEqual(at(set, "spec.template.spec.securityContext"), {
            seccompProfile: { type: "RuntimeDefault" },
        });

        const headless = find(resources, T.service, "web-headless").inputs;
        assert.strictEqual(at(headless, "metadata.name"), "web-headless");
        assert.deepStrictEqual(at(headless, "spec"), {
            clusterIP: "None",
            selector: { app: "web", "app.kubernetes.io/instance": "web" },
            ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
        });

        const pdb = find(resources, T.pdb, "web-pdb").inputs;
        assert.deepStrictEqual(at(pdb, "spec"), {
            selector: { matchLabels: { app: "web", "app.kubernetes.io/instance": "web" } },
            maxUnavailable: 1,
        });

        assert.ok(web);
        assert.strictEqual(await valueOf(web.statefulSetName), "web");
        assert.strictEqual(await valueOf(web.headlessServiceName), "web-headless");
        assert.strictEqual(await valueOf(web.headlessServiceDnsName), "web-headless.default.svc.cluster.local");
        assert.deepStrictEqual(await valueOf(web.podDnsNames), [
            "web-0.web-headless.default.svc.cluster.local",
            "web-1.web-headless.default.svc.cluster.local",
            "web-2.web-headless.default.svc.cluster.local",
        ]);
        assert.strictEqual(await valueOf(web.clientServiceName), undefined);
    });

    it("defaults to 3 replicas and the cluster's default StorageClass", async () => {
        const resources = await render(
            () =>
                new StatefulService("plain", {
                    image: "nginx:1.21",
                    port: 80,
                    volumes: [{ name: "data", mountPath: "/data", size: "1Gi" }],
                }),
        );
        const set = find(resources, T.statefulSet, "plain").inputs;
        assert.strictEqual(at(set, "spec.replicas"), 3);
        assert.deepStrictEqual(at(set, "spec.volumeClaimTemplates.0.spec"), {
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: "1Gi" } },
        });
    });

    it("renders stable pod DNS names in the given namespace", async () => {
        let web: StatefulService | undefined;
        await render(() => {
            web = new StatefulService("web", { ...GUIDE, namespace: "shop", replicas: 2 });
        });
        assert.ok(web);
        assert.deepStrictEqual(await valueOf(web.podDnsNames), [
            "web-0.web-headless.shop.svc.cluster.local",
            "web-1.web-headless.shop.svc.cluster.local",
        ]);
    });

    it("supports Parallel pod management, maxUnavailable and partition", async () => {
        const resources = await render(
            () =>
                new StatefulService("par", {
                    ...GUIDE,
                    podManagementPolicy: "Parallel",
                    maxUnavailable: "50%",
                    partition: 2,
                    minReadySeconds: 10,
                }),
        );
        const set = find(resources, T.statefulSet, "par").inputs;
        assert.strictEqual(at(set, "spec.podManagementPolicy"), "Parallel");
        assert.deepStrictEqual(at(set, "spec.updateStrategy"), {
            type: "RollingUpdate",
            rollingUpdate: { maxUnavailable: "50%", partition: 2 },
        });
        assert.strictEqual(at(set, "spec.minReadySeconds"), 10);
    });

    it("supports the OnDelete update strategy", async () => {
        const resources = await render(() => new StatefulService("od", { ...GUIDE, updateStrategy: "OnDelete" }));
        assert.deepStrictEqual(at(find(resources, T.statefulSet, "od").inputs, "spec.updateStrategy"), {
            type: "OnDelete",
        });
    });

    it("lets the claims be deleted only when asked", async () => {
        const resources = await render(
            () =>
                new StatefulService("del", {
                    ...GUIDE,
                    pvcRetentionWhenDeleted: "Delete",
                    pvcRetentionWhenScaled: "Delete",
                }),
        );
        assert.deepStrictEqual(
            at(find(resources, T.statefulSet, "del").inputs, "spec.persistentVolumeClaimRetentionPolicy"),
            {
                whenDeleted: "Delete",
                whenScaled: "Delete",
            },
        );
    });

    it("sets protect and retainOnDelete on the StatefulSet only when asked", async () => {
        const off: CapturedOptions[] = [];
        await render(() => new StatefulService("unprotected", GUIDE, captureOptions(off)));
        const offSet = off.find((o) => o.type === T.statefulSet);
        assert.ok(offSet);
        assert.strictEqual(offSet.opts.protect, undefined);
        assert.strictEqual(offSet.opts.retainOnDelete, undefined);

        const on: CapturedOptions[] = [];
        await render(
            () => new StatefulService("guarded", { ...GUIDE, protect: true, retainOnDelete: true }, captureOptions(on)),
        );
        const onSet = on.find((o) => o.type === T.statefulSet);
        assert.ok(onSet);
        assert.strictEqual(onSet.opts.protect, true);
        assert.strictEqual(onSet.opts.retainOnDelete, true);
        const others = on.filter((o) => o.type !== T.statefulSet);
        assert.ok(others.length > 0);
        assert.ok(others.every((o) => o.opts.protect === undefined && o.opts.retainOnDelete === undefined));
    });

    it("maps per-volume storage class, access modes, read-only and subPath", async () => {
        const resources = await render(
            () =>
                new StatefulService("vol", {
                    ...GUIDE,
                    volumes: [
                        {
                            name: "shared",
                            mountPath: "/shared",
                            size: "500Mi",
                            storageClassName: "efs",
                            accessModes: ["ReadWriteMany"],
                            readOnly: true,
                            subPath: "site",
                        },
                    ],
                }),
        );
        const set = find(resources, T.statefulSet, "vol").inputs;
        assert.deepStrictEqual(at(set, "spec.volumeClaimTemplates.0.spec"), {
            accessModes: ["ReadWriteMany"],
            storageClassName: "efs",
            resources: { requests: { storage: "500Mi" } },
        });
        assert.deepStrictEqual(at(set, "spec.template.spec.containers.0.volumeMounts"), [
            { name: "shared", mountPath: "/shared", readOnly: true, subPath: "site" },
            { name: "writable-0", mountPath: "/tmp" },
        ]);
    });

    it("keeps the user's env after the downward-API env, and secrets as secretKeyRef", async () => {
        const resources = await render(
            () =>
                new StatefulService("envs", {
                    ...GUIDE,
                    env: { MODE: "cluster" },
                    secretEnv: [{ name: "API_TOKEN", secretName: "api", key: "token" }],
                }),
        );
        const env = at(find(resources, T.statefulSet, "envs").inputs, "spec.template.spec.containers.0.env") as {
            name: string;
        }[];
        assert.deepStrictEqual(
            env.map((e) => e.name),
            ["MY_POD_NAME", "MY_POD_NAMESPACE", "MY_POD_IP", "MODE", "API_TOKEN"],
        );
        assert.deepStrictEqual(env[4], {
            name: "API_TOKEN",
            valueFrom: { secretKeyRef: { name: "api", key: "token" } },
        });
    });

    it("creates a PodDisruptionBudget only for more than one pod, unless told", async () => {
        const single = await render(() => new StatefulService("one", { ...GUIDE, replicas: 1 }));
        assert.strictEqual(ofType(single, T.pdb).length, 0);
        const forced = await render(
            () => new StatefulService("forced", { ...GUIDE, replicas: 1, createDisruptionBudget: true }),
        );
        assert.strictEqual(ofType(forced, T.pdb).length, 1);
        const off = await render(() => new StatefulService("nopdb", { ...GUIDE, createDisruptionBudget: false }));
        assert.strictEqual(ofType(off, T.pdb).length, 0);
        const custom = await render(
            () => new StatefulService("custom", { ...GUIDE, disruptionBudget: { minAvailable: "2" } }),
        );
        assert.deepStrictEqual(at(find(custom, T.pdb, "custom-pdb").inputs, "spec.minAvailable"), 2);
    });

    it("adds a load-balanced client Service when asked", async () => {
        let web: StatefulService | undefined;
        const resources = await render(() => {
            web = new StatefulService("lb", {
                ...GUIDE,
                clientService: true,
                servicePort: 8080,
                publishNotReadyAddresses: true,
            });
        });
        const svc = find(resources, T.service, "lb-svc").inputs;
        assert.strictEqual(at(svc, "spec.type"), "ClusterIP");
        assert.deepStrictEqual(at(svc, "spec.ports"), [
            { name: "http", port: 8080, targetPort: "http", protocol: "TCP" },
        ]);
        assert.strictEqual(at(find(resources, T.service, "lb-headless").inputs, "spec.publishNotReadyAddresses"), true);
        assert.ok(web);
        assert.strictEqual(await valueOf(web.clientServiceName), "lb-svc");
    });

    it("gives two instances distinct children", async () => {
        const resources = await render(() => {
            new StatefulService("a", GUIDE);
            new StatefulService("b", GUIDE);
        });
        const names = ofType(resources, T.statefulSet).map((r) => at(r.inputs, "metadata.name"));
        assert.deepStrictEqual(names, ["a", "b"]);
        const services = ofType(resources, T.service).map((r) => at(r.inputs, "metadata.name"));
        assert.deepStrictEqual(services, ["a-headless", "b-headless"]);
    });

    describe("rejects bad input", () => {
        it("an invalid volume name, echoing it", () => {
            const message = errorFor({ volumes: [{ name: "Web_Storage", mountPath: "/data", size: "1Gi" }] });
            assert.match(message, /^StatefulService "bad" has invalid args:/);
            assert.strictEqual(
                problemLine(message, "volumes[0].name"),
                `volumes[0].name must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (got "Web_Storage"); use a name such as "web-storage"`,
            );
        });

        it("an unparseable size", () => {
            const message = errorFor({ volumes: [{ name: "data", mountPath: "/data", size: "10 gigs" }] });
            assert.strictEqual(
                problemLine(message, "volumes[0].size"),
                `volumes[0].size must be a storage quantity above zero such as "1Gi" or "10Gi" (got "10 gigs"); use a number with a binary suffix: Mi, Gi or Ti`,
            );
        });

        it("a zero size", () => {
            const message = errorFor({ volumes: [{ name: "data", mountPath: "/data", size: "0" }] });
            assert.match(
                problemLine(message, "volumes[0].size"),
                /must be a storage quantity above zero .*\(got "0"\)/,
            );
        });

        it("a missing size", () => {
            const message = errorFor({ volumes: [{ name: "data", mountPath: "/data", size: "" }] });
            assert.strictEqual(
                problemLine(message, "volumes[0].size"),
                `volumes[0].size is required (got ""); give the claim's size, for example "10Gi"`,
            );
        });

        it("replicas below 1", () => {
            assert.strictEqual(
                problemLine(errorFor({ replicas: 0 }), "replicas"),
                "replicas must be a whole number of at least 1 (got 0); give the number of pods to run, for example 3",
            );
        });

        it("duplicate volume names and mount paths, relative paths and bad subPaths", () => {
            const message = errorFor({
                volumes: [
                    { name: "data", mountPath: "/data", size: "1Gi" },
                    { name: "data", mountPath: "/data", size: "1Gi" },
                    { name: "logs", mountPath: "logs", size: "1Gi", subPath: "../etc" },
                ],
            });
            assert.strictEqual(
                problemLine(message, "volumes[1].name"),
                `volumes[1].name must be unique (got "data" twice); give every volume its own name`,
            );
            assert.strictEqual(
                problemLine(message, "volumes[1].mountPath"),
                `volumes[1].mountPath must be unique (got "/data" twice); mount each volume in its own directory`,
            );
            assert.strictEqual(
                problemLine(message, "volumes[2].mountPath"),
                `volumes[2].mountPath must be an absolute path (got "logs"); for example "/var/lib/data"`,
            );
            assert.strictEqual(
                problemLine(message, "volumes[2].subPath"),
                `volumes[2].subPath must be a relative path inside the volume (got "../etc"); for example "data"`,
            );
        });

        it("unknown access modes and empty lists", () => {
            const message = errorFor({
                volumes: [
                    // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
                    { name: "a", mountPath: "/a", size: "1Gi", accessModes: ["ReadWriteAll"] },
                    { name: "b", mountPath: "/b", size: "1Gi", accessModes: [] },
                ],
            });
            assert.strictEqual(
                problemLine(message, "volumes[0].accessModes[0]"),
                `volumes[0].accessModes[0] must be one of "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod" (got "ReadWriteAll")`,
            );
            assert.strictEqual(
                problemLine(message, "volumes[1].accessModes"),
                `volumes[1].accessModes must list at least one access mode (got []); for example ["ReadWriteOnce"]`,
            );
        });

        it("unknown policies and strategies", () => {
            const message = errorFor({
                // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
                podManagementPolicy: "Random",
                // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
                updateStrategy: "Recreate",
                // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
                pvcRetentionWhenDeleted: "Keep",
                // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
                pvcRetentionWhenScaled: "Drop",
            });
            assert.strictEqual(
                problemLine(message, "podManagementPolicy"),
                `podManagementPolicy must be one of "OrderedReady", "Parallel" (got "Random")`,
            );
            assert.strictEqual(
                problemLine(message, "updateStrategy"),
                `updateStrategy must be one of "RollingUpdate", "OnDelete" (got "Recreate")`,
            );
            assert.strictEqual(
                problemLine(message, "pvcRetentionWhenDeleted"),
                `pvcRetentionWhenDeleted must be one of "Retain", "Delete" (got "Keep")`,
            );
            assert.strictEqual(
                problemLine(message, "pvcRetentionWhenScaled"),
                `pvcRetentionWhenScaled must be one of "Retain", "Delete" (got "Drop")`,
            );
        });

        it("rolling-update knobs with OnDelete, a zero maxUnavailable and a negative partition", () => {
            const onDelete = errorFor({ updateStrategy: "OnDelete", maxUnavailable: "2", partition: 1 });
            assert.strictEqual(
                problemLine(onDelete, "maxUnavailable"),
                `maxUnavailable only applies to updateStrategy "RollingUpdate" (got maxUnavailable "2" with updateStrategy "OnDelete"); remove maxUnavailable or use "RollingUpdate"`,
            );
            assert.strictEqual(
                problemLine(onDelete, "partition"),
                `partition only applies to updateStrategy "RollingUpdate" (got partition 1 with updateStrategy "OnDelete"); remove partition or use "RollingUpdate"`,
            );
            assert.strictEqual(
                problemLine(errorFor({ maxUnavailable: "0" }), "maxUnavailable"),
                `maxUnavailable must allow at least one pod to be updated (got "0"); use "1" or more, or a percentage above 0%`,
            );
            assert.strictEqual(
                problemLine(errorFor({ maxUnavailable: "one" }), "maxUnavailable"),
                `maxUnavailable must be a whole number such as "1" or a percentage such as "25%" (got "one")`,
            );
            assert.strictEqual(
                problemLine(errorFor({ partition: -1 }), "partition"),
                "partition must be a whole number of at least 0 (got -1)",
            );
        });

        it("a bad storage class name", () => {
            assert.strictEqual(
                problemLine(errorFor({ storageClassName: "EBS gp3" }), "storageClassName"),
                `storageClassName must name a StorageClass: lower-case letters, digits, '-' and '.' (got "EBS gp3"); for example "ebs-gp3", or leave it unset for the cluster default`,
            );
        });

        it("core's workload checks (image, port, namespace)", () => {
            const message = errorFor({ image: "", port: 0, namespace: "Bad_NS" });
            assert.match(message, /image is required \(got ""\)/);
            assert.match(message, /port must be a port number from 1 to 65535 \(got 0\)/);
            assert.match(message, /namespace must be a DNS-1123 label.*\(got "Bad_NS"\)/);
        });

        it("reports every problem at once, before creating anything", async () => {
            let message = "";
            const resources = await render(() => {
                message = errorFor({ replicas: 0, volumes: [{ name: "BAD", mountPath: "/x", size: "lots" }] });
            });
            assert.deepStrictEqual(
                resources.filter((r) => r.type.startsWith("kubernetes:")),
                [],
            );
            assert.strictEqual(message.split("\n").length, 4);
        });
    });
});
