import * as assert from "assert";
import { at, ofType } from "../harness/mocks";
import { checkPulumiResources } from "../../policies/engine";
import { renderStack } from "./stacks.test";

const REAL_NODE = { "k8s-workloads.io/real-node": "true" };
const TOLERATION = { key: "k8s-workloads.io/real-node", operator: "Equal", value: "true", effect: "NoSchedule" };
const WORKLOADS = ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DaemonSet"];

/** name → [nodeSelector, tolerations, images] of every workload the stack renders. */
async function placements(config: Record<string, string>) {
    const resources = await renderStack("dev", config);
    return {
        resources,
        byName: Object.fromEntries(
            WORKLOADS.flatMap((t) => ofType(resources, t)).map((r) => [
                r.name,
                {
                    nodeSelector: at(r.inputs, "spec.template.spec.nodeSelector"),
                    tolerations: at(r.inputs, "spec.template.spec.tolerations") as unknown[] | undefined,
                    images: (at(r.inputs, "spec.template.spec.containers") as Array<{ image: string }>).map(
                        (c) => c.image,
                    ),
                },
            ]),
        ),
    };
}

describe("stacks with realNode", () => {
    it("dev with realNode=true runs the web workloads on the real node from the local web images", async () => {
        const { byName } = await placements({ "k8s-workloads:realNode": "true" });
        const web = {
            api: "web:1.0.0",
            "webapp-blue": "web:1.0.0",
            "webapp-green": "web:2.0.0",
            "shop-stable": "web:1.0.0",
            "shop-canary": "web:2.0.0",
            "webapp-ab-a": "web:1.0.0",
            "webapp-ab-b": "web:1.0.0",
            web: "web:1.0.0",
        };
        for (const [name, image] of Object.entries(web)) {
            assert.ok(byName[name], `the stack renders ${name}`);
            assert.deepStrictEqual(byName[name].nodeSelector, REAL_NODE, `${name} nodeSelector`);
            assert.deepStrictEqual(byName[name].tolerations, [TOLERATION], `${name} tolerations`);
            assert.deepStrictEqual(byName[name].images, [`k8s-workloads.local/${image}`], `${name} image`);
        }
        // node-exporter runs on every node, the real one included: it needs the local image there.
        assert.deepStrictEqual(byName["node-exporter"].images, ["k8s-workloads.local/node-exporter:1.5.0"]);
        // The databases stay on the simulated nodes, with their own images.
        for (const name of ["mysql", "redis"]) {
            assert.strictEqual(byName[name].nodeSelector, undefined, `${name} stays off the real node`);
            assert.ok(!byName[name].images.some((i) => i.startsWith("k8s-workloads.local/")), `${name} images`);
        }
    });

    it("dev without realNode (or realNode=false) places nothing and uses the public images", async () => {
        for (const config of [{}, { "k8s-workloads:realNode": "false" }] as Record<string, string>[]) {
            const { byName } = await placements(config);
            for (const [name, p] of Object.entries(byName)) {
                assert.strictEqual(p.nodeSelector, undefined, `${name} nodeSelector`);
                assert.ok(!p.images.some((i) => i.startsWith("k8s-workloads.local/")), `${name} images`);
            }
            assert.deepStrictEqual(byName.api.images, ["nginxinc/nginx-unprivileged:1.27.3"]);
        }
    });

    it("dev with realNode=true passes the policy pack's baseline preset", async () => {
        const { resources } = await placements({ "k8s-workloads:realNode": "true" });
        const mandatory = checkPulumiResources(
            resources.map((r) => ({ type: r.type, props: r.inputs })),
            { preset: "baseline", environment: "dev" },
        ).filter((v) => v.enforcementLevel === "mandatory");
        assert.deepStrictEqual(
            mandatory.map((v) => `${v.policy} ${v.kind}/${v.name}: ${v.message}`),
            [],
        );
    });
});
