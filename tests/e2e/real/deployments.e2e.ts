import * as assert from "assert";
import * as kube from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { BlueGreenDeployment, CanaryDeployment, RollingDeployment } from "../../../components";
import { Kube } from "../support/kube";
import {
    ON_REAL_NODE,
    clientPod,
    diagnoseFailures,
    localImage,
    requests,
    skipUnlessRealNode,
    startTraffic,
    stopTraffic,
    tally,
} from "../support/real";
import { destroy, inlineStack, output, setConfig, up } from "../support/stack";

/** Requests and limits that fit many nginx pods on the one real node. */
const SMALL = { cpuRequest: "10m", memoryRequest: "16Mi", cpuLimit: "100m", memoryLimit: "64Mi" };
/** The web images run nginx as uid 101 on 8080, with GET /health. */
const WEB = { port: 8080, resources: SMALL, security: { runAsNonRoot: true, runAsUser: 101 }, ...ON_REAL_NODE };
const IMAGES = ["web:1.0.0", "web:2.0.0", "web-broken:1.0.0", "busybox:1.35"];

function namespace(name: string): pulumi.Output<string> {
    return new kube.core.v1.Namespace(name, { metadata: { name } }).metadata.name;
}

/** Asserts a traffic log: enough requests, none failed, first answers `first`, last answers `last`. */
function assertTransition(answers: string[], minimum: number, first: string, last: string): void {
    const counts = tally(answers);
    assert.ok(answers.length >= minimum, `only ${answers.length} requests were made: ${JSON.stringify(counts)}`);
    assert.strictEqual(counts.FAIL ?? 0, 0, `requests failed: ${JSON.stringify(counts)}`);
    assert.ok(answers[0].startsWith(first), `the first answer was ${answers[0]}`);
    assert.ok(answers[answers.length - 1].startsWith(last), `the last answer was ${answers[answers.length - 1]}`);
    const firstLast = answers.findIndex((a) => a.startsWith(last));
    const lastFirst = answers.map((a) => a.startsWith(first)).lastIndexOf(true);
    assert.ok(firstLast > 0 && lastFirst >= 0, `answers: ${JSON.stringify(counts)}`);
}

describe("e2e real pods: deployment strategies on real-0", function () {
    this.timeout(10 * 60 * 1000);
    const cluster = new Kube();
    before(async function () {
        await skipUnlessRealNode(this, cluster, IMAGES);
    });

    describe("rolling", () => {
        const ns = "e2e-real-rolling";
        let stack: Stack | undefined;
        afterEach(diagnoseFailures(cluster, ns));
        after(async () => stack && destroy(stack));

        it("rolling: pods become Ready through their HTTP probes, and 300+ requests during web 1.0.0 → 2.0.0 all succeed, moving from v1 to v2", async () => {
            stack = await inlineStack(
                ns,
                async () => {
                    const config = new pulumi.Config();
                    const web = new RollingDeployment("web", {
                        ...WEB,
                        namespace: namespace(ns),
                        image: config.require("image"),
                        replicas: 3,
                        rolloutTimeout: "4m",
                    });
                    return { host: web.serviceDnsName };
                },
                { image: localImage("web:1.0.0") },
            );
            await up(stack);
            const pods = await cluster.pods(ns, "app=web");
            assert.strictEqual(pods.length, 3);
            for (const pod of pods) {
                assert.strictEqual(pod.spec?.nodeName, "real-0");
                assert.strictEqual(pod.spec?.containers[0].readinessProbe?.httpGet?.path, "/health");
                const ready = (pod.status?.conditions ?? []).find((c) => c.type === "Ready");
                assert.strictEqual(ready?.status, "True", `${pod.metadata?.name} is Ready`);
            }
            const host = await output<string>(stack, "host");
            await clientPod(cluster, ns, "client", localImage("busybox:1.35"));
            const loop = startTraffic(ns, "client", `http://${host}/`, 300);
            await cluster.waitFor("the first answers", async () => (loop.output.includes("web v1") ? true : undefined));
            try {
                await setConfig(stack, { image: localImage("web:2.0.0") });
                await up(stack);
            } finally {
                const answers = await stopTraffic(ns, "client", loop);
                assertTransition(answers, 300, "web v1", "web v2");
            }
        });
    });

    describe("blue-green", () => {
        const ns = "e2e-real-blue-green";
        let stack: Stack | undefined;
        afterEach(diagnoseFailures(cluster, ns));
        after(async () => stack && destroy(stack));

        it("blue-green: a switch to a broken green fails the up and 100% of answers stay blue; activeColor green then moves every answer to green without a failure", async () => {
            stack = await inlineStack(
                ns,
                async () => {
                    const config = new pulumi.Config();
                    const app = new BlueGreenDeployment("web", {
                        ...WEB,
                        namespace: namespace(ns),
                        replicas: 2,
                        blue: { image: localImage("web:1.0.0") },
                        green: { image: config.require("green") },
                        activeColor: config.require("active"),
                        rolloutTimeout: "60s",
                    });
                    return { host: app.serviceDnsName };
                },
                { green: localImage("web:2.0.0"), active: "blue" },
            );
            await up(stack);
            const host = await output<string>(stack, "host");
            const url = `http://${host}/`;
            await clientPod(cluster, ns, "client", localImage("busybox:1.35"));
            assert.deepStrictEqual(tally(await requests(ns, "client", url, 50)), { "web v1": 50 });

            const during = startTraffic(ns, "client", url, 100);
            await setConfig(stack, { green: localImage("web-broken:1.0.0"), active: "green" });
            await assert.rejects(up(stack), /web-green|Deployment|timed out|failed/i);
            const broken = await stopTraffic(ns, "client", during);
            assert.deepStrictEqual(tally(broken), { "web v1": broken.length }, "every answer stayed blue");
            assert.ok(broken.length >= 100);

            const switching = startTraffic(ns, "client", url, 300);
            await cluster.waitFor("answers before the switch", async () =>
                switching.output.includes("web v1") ? true : undefined,
            );
            await setConfig(stack, { green: localImage("web:2.0.0"), active: "green" });
            await up(stack);
            assertTransition(await stopTraffic(ns, "client", switching), 300, "web v1", "web v2");
            assert.deepStrictEqual(tally(await requests(ns, "client", url, 50)), { "web v2": 50 });
        });
    });

    describe("canary", () => {
        const ns = "e2e-real-canary";
        let stack: Stack | undefined;
        afterEach(diagnoseFailures(cluster, ns));
        after(async () => stack && destroy(stack));

        it("canary replicas: over 400 requests the canary's share of answers is within 10 points of its share of pods", async () => {
            stack = await inlineStack(ns, async () => {
                const shop = new CanaryDeployment("shop", {
                    ...WEB,
                    namespace: namespace(ns),
                    replicas: 4,
                    stable: { image: localImage("web:1.0.0") },
                    canary: { image: localImage("web:2.0.0") },
                    canaryWeight: 25,
                    traffic: "replicas",
                });
                return { host: shop.serviceDnsName, canary: shop.canaryReplicas, stable: shop.stableReplicas };
            });
            await up(stack);
            const canaryPods = await output<number>(stack, "canary");
            const stablePods = await output<number>(stack, "stable");
            assert.ok(canaryPods >= 1 && stablePods >= 1, `stable ${stablePods}, canary ${canaryPods}`);
            await clientPod(cluster, ns, "client", localImage("busybox:1.35"));
            const answers = await requests(ns, "client", `http://${await output<string>(stack, "host")}/`, 400);
            const counts = tally(answers);
            assert.strictEqual(counts.FAIL ?? 0, 0, JSON.stringify(counts));
            assert.strictEqual((counts["web v1"] ?? 0) + (counts["web v2"] ?? 0), 400, JSON.stringify(counts));
            const podShare = (100 * canaryPods) / (canaryPods + stablePods);
            const answerShare = (100 * (counts["web v2"] ?? 0)) / 400;
            assert.ok(
                Math.abs(answerShare - podShare) <= 10,
                `canary answered ${answerShare.toFixed(1)}% of requests with ${podShare.toFixed(1)}% of the pods`,
            );
        });
    });
});
