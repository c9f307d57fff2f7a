import * as assert from "assert";
import * as kube from "@pulumi/kubernetes";
import { Stack } from "@pulumi/pulumi/automation";
import { Kube } from "./support/kube";
import { POLICY_PACK } from "./support/env";
import { inlineStack } from "./support/stack";

/** A deliberately bad program: no probes, a `:latest` image, a privileged container. */
function badProgram(): void {
    new kube.apps.v1.Deployment("bad-app", {
        metadata: { name: "e2e-bad-app", namespace: "default" },
        spec: {
            replicas: 1,
            selector: { matchLabels: { app: "e2e-bad-app" } },
            template: {
                metadata: { labels: { app: "e2e-bad-app" } },
                spec: { containers: [{ name: "app", image: "nginx:latest", securityContext: { privileged: true } }] },
            },
        },
    });
}

describe("e2e: policy gate", function () {
    this.timeout(5 * 60 * 1000);
    const cluster = new Kube();
    let stack: Stack;
    const expectedRules = ["readiness-probe-required", "liveness-probe-required", "image-tag-pinned", "no-privileged"];
    after(async () => {
        if (stack) {
            await stack.destroy().catch(() => undefined);
            await stack.workspace.removeStack(stack.name).catch(() => undefined);
        }
    });

    it("policy: preview of a bad program fails and names the rules", async () => {
        stack = await inlineStack("e2e-policy-gate", async () => badProgram());
        let out = "";
        await assert.rejects(stack.preview({ policyPacks: [POLICY_PACK], onOutput: (t) => (out += t) }));
        for (const rule of expectedRules) {
            assert.ok(out.includes(rule), `the preview output does not name ${rule}:\n${out}`);
        }
    });

    it("policy: up of the same program passes nothing through to the cluster", async () => {
        let out = "";
        await assert.rejects(stack.up({ policyPacks: [POLICY_PACK], onOutput: (t) => (out += t) }));
        assert.match(out, /mandatory/);
        const deployments = await cluster.apps.listNamespacedDeployment({ namespace: "default" });
        assert.deepStrictEqual(
            deployments.items.map((d) => d.metadata?.name).filter((n) => n === "e2e-bad-app"),
            [],
        );
    });
});
