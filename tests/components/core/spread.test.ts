import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { at, find, render } from "../../harness/mocks";
import { MySqlCluster, RollingDeployment, StatefulService, core } from "../../../components/internal";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const SPREAD = [
    {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { app: "api", "app.kubernetes.io/instance": "api" } },
    },
];

describe("node spread", () => {
    it("counts unknown and autoscaled replica counts as replicated, 0 and 1 as not", () => {
        assert.strictEqual(core.isReplicated(2), true);
        assert.strictEqual(core.isReplicated(undefined), true);
        assert.strictEqual(core.isReplicated(pulumi.output(1)), true);
        assert.strictEqual(core.isReplicated(1), false);
        assert.strictEqual(core.isReplicated(0), false);
    });

    it("is left out when turned off, when not replicated, and when the user gave an affinity", () => {
        const spread = { selector: { app: "a" }, replicated: true };
        assert.strictEqual(core.spreadConstraintsFor(spread, false, undefined), undefined);
        assert.strictEqual(
            core.spreadConstraintsFor({ ...spread, replicated: false }, undefined, undefined),
            undefined,
        );
        assert.strictEqual(core.spreadConstraintsFor(spread, undefined, { podAntiAffinity: {} }), undefined);
        assert.strictEqual(core.spreadConstraintsFor(spread, true, undefined)?.length, 1);
    });

    it("spreads a replicated Deployment's pods by its own selector", async () => {
        const resources = await render(
            () => new RollingDeployment("api", { image: "nginx:1.21", port: 8080, replicas: 3 }),
        );
        assert.deepStrictEqual(
            at(find(resources, DEPLOYMENT, "api").inputs, "spec.template.spec.topologySpreadConstraints"),
            SPREAD,
        );
    });

    it("does not spread one replica, or when spreadAcrossNodes is false", async () => {
        const resources = await render(() => {
            new RollingDeployment("one", { image: "nginx:1.21", port: 8080, replicas: 1 });
            new RollingDeployment("off", { image: "nginx:1.21", port: 8080, replicas: 3, spreadAcrossNodes: false });
        });
        for (const name of ["one", "off"]) {
            const spec = at(find(resources, DEPLOYMENT, name).inputs, "spec.template.spec");
            assert.strictEqual(at(spec, "topologySpreadConstraints"), undefined, name);
        }
    });

    it("spreads an autoscaled Deployment and leaves spec.replicas to the HPA", async () => {
        const resources = await render(
            () =>
                new RollingDeployment("api", {
                    image: "nginx:1.21",
                    port: 8080,
                    replicas: 4,
                    autoscaling: { minReplicas: 2, maxReplicas: 6 },
                }),
        );
        const deployment = find(resources, DEPLOYMENT, "api").inputs;
        assert.strictEqual(at(deployment, "spec.replicas"), undefined);
        assert.deepStrictEqual(at(deployment, "spec.template.spec.topologySpreadConstraints"), SPREAD);
        assert.strictEqual(at(find(resources, HPA, "api-hpa").inputs, "spec.minReplicas"), 2);
    });

    it("spreads StatefulSets with more than one pod, not a single MySQL server", async () => {
        const resources = await render(() => {
            new StatefulService("web", { image: "nginx:1.21", port: 8080, replicas: 2 });
            new MySqlCluster("solo", { replicas: 1, rootPassword: "spread-test-password" });
        });
        assert.deepStrictEqual(
            at(
                find(resources, STATEFUL_SET, "web").inputs,
                "spec.template.spec.topologySpreadConstraints.0.labelSelector",
            ),
            { matchLabels: { app: "web", "app.kubernetes.io/instance": "web" } },
        );
        assert.strictEqual(
            at(find(resources, STATEFUL_SET, "solo").inputs, "spec.template.spec.topologySpreadConstraints"),
            undefined,
        );
    });
});
