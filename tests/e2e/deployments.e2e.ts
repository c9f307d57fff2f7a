import * as assert from "assert";
import * as k8s from "@kubernetes/client-node";
import * as kube from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { ABTestDeployment, BlueGreenDeployment, CanaryDeployment, TrafficMode } from "../../components";
import { main } from "../../cli/main";
import { Kube, isReady } from "./support/kube";
import { hasRealNode, localImage } from "./support/real";
import { destroy, inlineStack, output, projectStack, setConfig, up } from "./support/stack";

/** The pod label the local cluster's KWOK stage keeps unready forever. */
const NEVER_READY = { "k8s-workloads.io/simulate": "never-ready" };
/** Small containers, so that many pods fit the simulated nodes. */
const SMALL = { cpuRequest: "10m", memoryRequest: "16Mi", cpuLimit: "50m", memoryLimit: "32Mi" };

/** A namespace owned by the inline program. */
function namespace(name: string): pulumi.Output<string> {
    return new kube.core.v1.Namespace(name, { metadata: { name } }).metadata.name;
}

/** Runs the CLI in-process and returns its exit code and output. */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
    let out = "";
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (out += t), readStdin: async () => "" };
    const code = await main(args, io);
    return { code, out };
}

/**
 * Watches a Deployment's pods and ReplicaSets during a rollout. It records the smallest number of ready pods, and the
 * largest number of pods the ReplicaSets keep: per ReplicaSet, its live pods up to its desired replicas. (A pod its
 * ReplicaSet has already scaled away may take a moment to be marked for deletion; maxSurge bounds the desired
 * replicas, so such a pod is not a surge pod.) The largest raw pod count is recorded too, for the report.
 */
class RolloutCensus {
    private readonly pods = new Map<string, k8s.V1Pod>();
    private readonly desired = new Map<string, number>();
    maxPods = 0;
    maxRawPods = 0;
    minReady = Number.POSITIVE_INFINITY;
    private readonly aborts: Array<{ abort(): void }> = [];

    constructor(
        private readonly kube: Kube,
        private readonly namespace: string,
        private readonly selector: string,
    ) {}

    async start(): Promise<void> {
        for (const pod of await this.kube.pods(this.namespace, this.selector)) {
            this.pods.set(pod.metadata?.name ?? "", pod);
        }
        const sets = await this.kube.apps.listNamespacedReplicaSet({
            namespace: this.namespace,
            labelSelector: this.selector,
        });
        for (const rs of sets.items) {
            this.desired.set(rs.metadata?.name ?? "", rs.spec?.replicas ?? 0);
        }
        this.tally();
        const watch = new k8s.Watch(this.kube.config);
        const base = `/namespaces/${this.namespace}`;
        this.aborts.push(
            await watch.watch(
                `/api/v1${base}/pods`,
                { labelSelector: this.selector },
                (type: string, pod: k8s.V1Pod) => {
                    const name = pod.metadata?.name ?? "";
                    if (type === "DELETED" || pod.metadata?.deletionTimestamp) {
                        this.pods.delete(name);
                    } else {
                        this.pods.set(name, pod);
                    }
                    this.tally();
                },
                () => undefined,
            ),
            await watch.watch(
                `/apis/apps/v1${base}/replicasets`,
                { labelSelector: this.selector },
                (type: string, rs: k8s.V1ReplicaSet) => {
                    const name = rs.metadata?.name ?? "";
                    if (type === "DELETED") {
                        this.desired.delete(name);
                    } else {
                        this.desired.set(name, rs.spec?.replicas ?? 0);
                    }
                    this.tally();
                },
                () => undefined,
            ),
        );
    }

    stop(): void {
        this.aborts.forEach((a) => a.abort());
    }

    private tally(): void {
        const pods = [...this.pods.values()];
        const perSet = new Map<string, number>();
        for (const pod of pods) {
            const owner = pod.metadata?.ownerReferences?.find((o) => o.kind === "ReplicaSet")?.name ?? "";
            perSet.set(owner, (perSet.get(owner) ?? 0) + 1);
        }
        const kept = [...perSet.entries()].reduce(
            (sum, [rs, count]) => sum + Math.min(count, this.desired.get(rs) ?? count),
            0,
        );
        this.maxPods = Math.max(this.maxPods, kept);
        this.maxRawPods = Math.max(this.maxRawPods, pods.length);
        this.minReady = Math.min(this.minReady, pods.filter(isReady).length);
    }
}

describe("e2e: deployment strategies", function () {
    this.timeout(15 * 60 * 1000);
    const cluster = new Kube();

    describe("rolling update and scaling (the dev stack)", () => {
        let stack: Stack;
        const ns = "workloads-dev";
        // With a real node in the cluster the dev stack's web workloads run on it (config realNode, as the demo sets
        // it), so the next image must be one of the local images there.
        let nextImage = "nginxinc/nginx-unprivileged:1.27.4";
        // The dev stack's config lives in the repository's Pulumi.dev.yaml: put it back, destroy, keep the stack.
        after(async () => {
            if (stack) {
                await stack.removeAllConfig(["apiReplicas", "apiImage"]);
                await stack.destroy({ color: "never" });
            }
        });

        it("rolling: the dev stack comes up with the policy pack and verify passes", async () => {
            stack = await projectStack("dev");
            if (await hasRealNode(cluster)) {
                await setConfig(stack, { realNode: "true" });
                nextImage = localImage("web:2.0.0");
            } else {
                await stack.removeConfig("realNode").catch(() => undefined);
            }
            await up(stack);
            const result = await cli(["verify", "--stack", "dev", "--timeout", "180s", "--no-trigger"]);
            assert.strictEqual(result.code, 0, result.out);
            assert.match(result.out, /PASS {2}rollout {2}Deployment\/workloads-dev\/api/);
        });

        it("scaling: a new replica count in config is followed by the ready count", async () => {
            await setConfig(stack, { apiReplicas: "4" });
            await up(stack);
            const ready = await cluster.waitFor("4 ready api replicas", async () => {
                const d = await cluster.apps.readNamespacedDeployment({ name: "api", namespace: ns });
                return d.status?.readyReplicas === 4 ? d.status.readyReplicas : undefined;
            });
            assert.strictEqual(ready, 4);
        });

        it("rolling: a new image rolls out within maxSurge 1 and maxUnavailable 1", async () => {
            const census = new RolloutCensus(cluster, ns, "app=api,app.kubernetes.io/instance=api");
            await census.start();
            try {
                await setConfig(stack, { apiImage: nextImage });
                await up(stack);
            } finally {
                census.stop();
            }
            const pods = await cluster.pods(ns, "app=api");
            assert.deepStrictEqual(
                pods.map((p) => p.spec?.containers[0].image),
                [nextImage, nextImage, nextImage, nextImage],
            );
            assert.ok(
                census.maxPods <= 4 + 1,
                `saw ${census.maxPods} pods kept by the ReplicaSets (${census.maxRawPods} raw), more than replicas + maxSurge = 5`,
            );
            assert.ok(
                census.minReady >= 4 - 1,
                `saw ${census.minReady} ready pods, fewer than replicas - maxUnavailable = 3`,
            );
        });
    });

    describe("blue-green", () => {
        const ns = "e2e-blue-green";
        let stack: Stack;
        const program = async () => {
            const config = new pulumi.Config();
            const neverReady = config.get("neverReady");
            const bg = new BlueGreenDeployment("webapp", {
                namespace: namespace(ns),
                replicas: 2,
                port: 80,
                resources: SMALL,
                readinessProbe: { path: "/" },
                livenessProbe: { path: "/" },
                rolloutTimeout: "40s",
                blue: { image: "nginx:1.27.3" },
                green: {
                    image: config.get("greenImage") ?? "nginx:1.27.4",
                    podLabels: neverReady === "green" ? NEVER_READY : undefined,
                },
                activeColor: config.get("activeColor") ?? "blue",
            });
            return {
                activeColor: bg.activeColor,
                serviceName: bg.serviceName,
                previewServiceName: bg.previewServiceName,
            };
        };
        before(async () => {
            stack = await inlineStack("e2e-blue-green", program);
        });
        after(async () => stack && destroy(stack));

        const colorOf = async (service: string) => {
            const pods = await cluster.endpointPods(ns, service);
            const colors = new Set(pods.map((p) => p.replace(/^webapp-(blue|green)-.*$/, "$1")));
            return { pods, colors: [...colors] };
        };

        it("blue-green: the live Service serves the active color and the preview Service the idle one", async () => {
            await up(stack);
            const live = await cluster.waitFor("live endpoints on blue", async () => {
                const seen = await colorOf("webapp");
                return seen.pods.length === 2 && seen.colors.join() === "blue" ? seen : undefined;
            });
            assert.deepStrictEqual(live.colors, ["blue"]);
            const preview = await cluster.waitFor("preview endpoints on green", async () => {
                const seen = await colorOf("webapp-preview");
                return seen.pods.length === 2 ? seen : undefined;
            });
            assert.deepStrictEqual(preview.colors, ["green"]);
        });

        it("blue-green: switching activeColor moves the live endpoints, and switching back restores them", async () => {
            await setConfig(stack, { activeColor: "green" });
            await up(stack);
            assert.strictEqual(await output(stack, "activeColor"), "green");
            await cluster.waitFor("live endpoints on green", async () =>
                (await colorOf("webapp")).colors.join() === "green" ? true : undefined,
            );
            await cluster.waitFor("preview endpoints on blue", async () =>
                (await colorOf("webapp-preview")).colors.join() === "blue" ? true : undefined,
            );
            await setConfig(stack, { activeColor: "blue" });
            await up(stack);
            await cluster.waitFor("live endpoints back on blue", async () =>
                (await colorOf("webapp")).colors.join() === "blue" ? true : undefined,
            );
        });

        it("never ready: a switch to a color that never becomes ready fails within the timeout and the live Service stays", async () => {
            await setConfig(stack, { activeColor: "green", neverReady: "green", greenImage: "nginx:1.27.5" });
            const started = Date.now();
            await assert.rejects(up(stack), (err: Error) => {
                assert.match(err.message, /webapp-green/);
                assert.match(err.message, /timed out|Timeout|not ready|failed to become/i);
                return true;
            });
            const seconds = (Date.now() - started) / 1000;
            assert.ok(seconds < 40 + 120, `the failed up took ${seconds}s`);
            const live = await cluster.core.readNamespacedService({ name: "webapp", namespace: ns });
            assert.strictEqual(live.spec?.selector?.version, "blue");
            assert.deepStrictEqual((await colorOf("webapp")).colors, ["blue"]);
            await setConfig(stack, { activeColor: "blue", neverReady: "none", greenImage: "nginx:1.27.4" });
            await up(stack);
        });
    });

    describe("canary", () => {
        const ns = "e2e-canary";
        let stack: Stack;
        const program = async () => {
            const config = new pulumi.Config();
            const traffic: TrafficMode = config.get("traffic") ?? "replicas";
            const canary = new CanaryDeployment("shop", {
                namespace: namespace(ns),
                replicas: config.getNumber("replicas") ?? 4,
                port: 80,
                resources: SMALL,
                readinessProbe: { path: "/" },
                livenessProbe: { path: "/" },
                rolloutTimeout: "40s",
                stable: { image: "nginx:1.27.3" },
                canary: {
                    image: config.get("canaryImage") ?? "nginx:1.27.4",
                    podLabels: config.getBoolean("canaryNeverReady") ? NEVER_READY : undefined,
                },
                canaryWeight: config.getNumber("weight") ?? 50,
                traffic,
                host: traffic === "replicas" ? undefined : "shop.e2e.example.com",
                canaryHeader: traffic === "replicas" ? undefined : "X-Canary",
                promote: config.getBoolean("promote") ?? false,
                // The local cluster has no ingress controller to publish an address for the Ingresses.
                waitForIngress: false,
            });
            return { stableReplicas: canary.stableReplicas, canaryReplicas: canary.canaryReplicas };
        };
        before(async () => {
            stack = await inlineStack("e2e-canary", program);
        });
        after(async () => stack && destroy(stack));

        const readyPods = async (track: string) =>
            (await cluster.pods(ns, `app=shop,version=${track}`)).filter(isReady).length;

        it("canary replicas: the stable/canary pod ratio follows the weight", async () => {
            await setConfig(stack, { traffic: "replicas", weight: "50" });
            await up(stack);
            assert.deepStrictEqual([await readyPods("stable"), await readyPods("canary")], [2, 2]);
            await setConfig(stack, { weight: "25" });
            await up(stack);
            await cluster.waitFor("3 stable + 1 canary", async () =>
                (await readyPods("stable")) === 3 && (await readyPods("canary")) === 1 ? true : undefined,
            );
            const endpoints = await cluster.endpointPods(ns, "shop");
            assert.strictEqual(endpoints.length, 4);
        });

        it("canary nginx: the canary Ingress annotations follow the weight and the header", async () => {
            await setConfig(stack, { traffic: "nginx", weight: "20" });
            await up(stack);
            const annotations = async () =>
                (await cluster.networking.readNamespacedIngress({ name: "shop-canary", namespace: ns })).metadata
                    ?.annotations ?? {};
            const first = await annotations();
            assert.strictEqual(first["nginx.ingress.kubernetes.io/canary"], "true");
            assert.strictEqual(first["nginx.ingress.kubernetes.io/canary-weight"], "20");
            assert.strictEqual(first["nginx.ingress.kubernetes.io/canary-by-header"], "X-Canary");
            await setConfig(stack, { weight: "40" });
            await up(stack);
            assert.strictEqual((await annotations())["nginx.ingress.kubernetes.io/canary-weight"], "40");
            const stableIngress = await cluster.networking.readNamespacedIngress({ name: "shop", namespace: ns });
            assert.strictEqual(stableIngress.spec?.rules?.[0].http?.paths[0].backend.service?.name, "shop-stable");
        });

        it("canary istio: the VirtualService weights follow, on the real Istio CRDs", async () => {
            await setConfig(stack, { traffic: "istio", weight: "20" });
            await up(stack);
            const weights = async () => {
                const vs = (await cluster.custom.getNamespacedCustomObject({
                    group: "networking.istio.io",
                    version: "v1",
                    namespace: ns,
                    plural: "virtualservices",
                    name: "shop",
                })) as { spec: { http: Array<{ name: string; route: Array<{ weight?: number }> }> } };
                return vs.spec.http.find((h) => h.name === "weighted")?.route.map((r) => r.weight);
            };
            assert.deepStrictEqual(await weights(), [80, 20]);
            await setConfig(stack, { weight: "35" });
            await up(stack);
            assert.deepStrictEqual(await weights(), [65, 35]);
            const ingresses = await cluster.networking.listNamespacedIngress({ namespace: ns });
            assert.deepStrictEqual(
                ingresses.items.map((i) => i.metadata?.name),
                [],
                "the nginx Ingresses are gone in istio mode",
            );
        });

        it("canary promotion: the stable Deployment takes the canary image at weight 0", async () => {
            await setConfig(stack, { traffic: "replicas", promote: "true" });
            await up(stack);
            const stable = await cluster.apps.readNamespacedDeployment({ name: "shop-stable", namespace: ns });
            assert.strictEqual(stable.spec?.template.spec?.containers[0].image, "nginx:1.27.4");
            assert.strictEqual(stable.spec?.replicas, 4);
            const canary = await cluster.apps.readNamespacedDeployment({ name: "shop-canary", namespace: ns });
            assert.strictEqual(canary.spec?.replicas, 0);
            await cluster.waitFor("no canary pods", async () =>
                (await cluster.pods(ns, "app=shop,version=canary")).length === 0 ? true : undefined,
            );
        });

        it("never ready and rollback: a canary that never becomes ready fails the up; weight 0 rolls it back", async () => {
            await setConfig(stack, {
                promote: "false",
                weight: "25",
                canaryImage: "nginx:1.27.5",
                canaryNeverReady: "true",
            });
            await assert.rejects(up(stack), /shop-canary/);
            assert.strictEqual(await readyPods("canary"), 0);
            await setConfig(stack, { weight: "0" });
            await up(stack);
            await cluster.waitFor("canary scaled to zero", async () =>
                (await cluster.pods(ns, "app=shop,version=canary")).length === 0 ? true : undefined,
            );
            assert.strictEqual(await readyPods("stable"), 4);
            const stable = await cluster.apps.readNamespacedDeployment({ name: "shop-stable", namespace: ns });
            assert.strictEqual(stable.spec?.template.spec?.containers[0].image, "nginx:1.27.3");
        });
    });

    describe("A/B test", () => {
        const ns = "e2e-ab";
        let stack: Stack;
        after(async () => stack && destroy(stack));

        it("A/B: each variant's Service has endpoints only from its own variant's pods", async () => {
            stack = await inlineStack("e2e-ab", async () => {
                const ab = new ABTestDeployment("webapp-ab", {
                    namespace: namespace(ns),
                    port: 80,
                    resources: SMALL,
                    readinessProbe: { path: "/" },
                    livenessProbe: { path: "/" },
                    variants: [
                        { name: "a", image: "nginx:1.27.3", replicas: 2, env: { FEATURE_FLAG_NEW_UI: "false" } },
                        { name: "b", image: "nginx:1.27.3", replicas: 3, env: { FEATURE_FLAG_NEW_UI: "true" } },
                    ],
                });
                return { variants: ab.variantServiceNames };
            });
            await up(stack);
            const pods = await cluster.pods(ns, "app=webapp-ab");
            const variantOf = new Map(pods.map((p) => [p.metadata?.name ?? "", p.metadata?.labels?.variant]));
            for (const [variant, count] of [
                ["a", 2],
                ["b", 3],
            ] as const) {
                const endpoints = await cluster.waitFor(`${count} endpoints of variant ${variant}`, async () => {
                    const names = await cluster.endpointPods(ns, `webapp-ab-${variant}`);
                    return names.length === count ? names : undefined;
                });
                assert.deepStrictEqual(new Set(endpoints.map((n) => variantOf.get(n))), new Set([variant]));
            }
            assert.strictEqual((await cluster.endpointPods(ns, "webapp-ab")).length, 5);
        });
    });
});
