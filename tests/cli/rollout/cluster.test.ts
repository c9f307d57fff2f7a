/**
 * The cluster side of the engine against fake API clients: readiness polling, the HTTP gate's requests (canary
 * pods in turn through the pod proxy, or the Service proxy), and the interruptible sleep.
 */
import * as assert from "assert";
import * as k8s from "@kubernetes/client-node";
import { Clients, measureHttp, sleep, waitReady } from "../../../cli/rollout/cluster";
import { resolveAnalysis } from "../../../cli/rollout/program";
import type { ComponentResources } from "../../../cli/rollout/stackState";

const SHOP: ComponentResources = {
    info: { name: "shop", kind: "canary", namespace: "ns" },
    deployments: [
        {
            resourceName: "shop-canary",
            name: "shop-canary",
            namespace: "ns",
            selector: { version: "canary" },
            containerPort: 8080,
        },
    ],
    serviceName: "shop",
};

const readyPod = (name: string): k8s.V1Pod => ({
    metadata: { name },
    status: { conditions: [{ type: "Ready", status: "True" }] },
});

/** Fake clients: `proxied` records each proxied request name; `fail` decides which ones answer 500. */
function fakeClients(fail: (index: number) => boolean, deployments: k8s.V1Deployment[] = []) {
    const proxied: string[] = [];
    const selectors: string[] = [];
    const answer = async (name: string) => {
        proxied.push(name);
        if (fail(proxied.length - 1)) {
            throw new k8s.ApiException(500, "Internal Server Error", "web flaky error", {});
        }
        return "ok";
    };
    let reads = 0;
    const clients = {
        core: {
            listNamespacedPod: async ({ labelSelector }: { labelSelector: string }) => {
                selectors.push(labelSelector);
                return { items: [readyPod("c-1"), readyPod("c-2"), { metadata: { name: "c-3" }, status: {} }] };
            },
            connectGetNamespacedPodProxyWithPath: ({ name }: { name: string }) => answer(name),
            connectGetNamespacedServiceProxyWithPath: ({ name }: { name: string }) => answer(name),
            readNamespacedService: async ({ name }: { name: string }): Promise<k8s.V1Service> => ({
                metadata: { name },
                spec: { ports: [{ name: "web", port: 80 }] },
            }),
        },
        apps: {
            readNamespacedDeployment: async () => deployments[Math.min(reads++, deployments.length - 1)],
        },
        batch: {},
    } as unknown as Clients;
    return { clients, proxied, selectors };
}

describe("rollout engine: cluster side", () => {
    it("sends an HTTP gate's requests to the ready canary pods in turn and judges them", async () => {
        const { clients, proxied, selectors } = fakeClients((i) => i % 3 === 0);
        const analysis = resolveAnalysis({ http: { requests: 6, path: "/health" } }, "canary");
        const measurement = await measureHttp(clients, SHOP, analysis);
        assert.deepStrictEqual(selectors, ["version=canary"]);
        assert.deepStrictEqual(proxied, ["c-1:8080", "c-2:8080", "c-1:8080", "c-2:8080", "c-1:8080", "c-2:8080"]);
        assert.strictEqual(measurement.ok, false);
        assert.match(
            measurement.message,
            /^4\/6 succeeded \(66\.7%\), p95 \d+ ms; failures: status 500: success rate below 99%$/,
        );
    });

    it("sends a service gate through the Service proxy", async () => {
        const { clients, proxied } = fakeClients(() => false);
        const analysis = resolveAnalysis({ http: { requests: 2, target: "service", port: "http" } }, "canary");
        const measurement = await measureHttp(clients, SHOP, analysis);
        assert.deepStrictEqual(proxied, ["shop:http", "shop:http"]);
        assert.strictEqual(measurement.ok, true);
    });

    it("names the Service's first port when the gate gives none (a bare name finds no endpoints on 1.36)", async () => {
        const { clients, proxied } = fakeClients(() => false);
        const analysis = resolveAnalysis({ http: { requests: 2, target: "service" } }, "canary");
        const measurement = await measureHttp(clients, SHOP, analysis);
        assert.deepStrictEqual(proxied, ["shop:web", "shop:web"]);
        assert.strictEqual(measurement.ok, true);
    });

    it("polls the Deployments until they have rolled out", async () => {
        const pending: k8s.V1Deployment = {
            metadata: { generation: 2 },
            spec: { replicas: 2, selector: {}, template: {} },
            status: { observedGeneration: 2, replicas: 2, updatedReplicas: 1, availableReplicas: 1 },
        };
        const done: k8s.V1Deployment = {
            ...pending,
            status: { ...pending.status, updatedReplicas: 2, availableReplicas: 2 },
        };
        const { clients } = fakeClients(() => false, [pending, done]);
        const readiness = await waitReady(clients, SHOP, 10000, new AbortController().signal);
        assert.deepStrictEqual(readiness, { ok: true, message: "shop-canary 2/2 updated, 0/2 ready, 2/2 available" });
        const stuck = fakeClients(() => false, [pending]).clients;
        const timedOut = await waitReady(stuck, SHOP, 0, new AbortController().signal);
        assert.strictEqual(timedOut.ok, false);
        assert.match(timedOut.message, /waiting for new replicas/);
    });

    it("sleeps until the signal aborts", async () => {
        const controller = new AbortController();
        const waiting = sleep(60000, controller.signal);
        controller.abort();
        await assert.rejects(waiting, /interrupted/);
        await sleep(1, new AbortController().signal);
    });
});
