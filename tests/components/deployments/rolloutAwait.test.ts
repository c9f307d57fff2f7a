import * as assert from "assert";
import { RecordedResource, at, find, render } from "../../harness/mocks";
import {
    CanaryDeployment,
    RollingDeployment,
    SKIP_AWAIT_ANNOTATION,
    WAIT_FOR_ANNOTATION,
    rolloutCompleteConditions,
} from "../../../components/internal";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

/** The parsed `pulumi.com/waitFor` conditions of a rendered Deployment, or undefined without the annotation. */
function waitForOf(resources: readonly RecordedResource[], name: string): string[] | undefined {
    const annotations = (at(find(resources, DEPLOYMENT, name).inputs, "metadata.annotations") ?? {}) as Record<
        string,
        string
    >;
    const value = annotations[WAIT_FOR_ANNOTATION];
    return value === undefined ? undefined : (JSON.parse(value) as string[]);
}

describe("Deployment rollout await (pulumi.com/waitFor)", () => {
    it("waits until every counted pod runs the current template and is available", () => {
        assert.deepStrictEqual(rolloutCompleteConditions(4), [
            "jsonpath={.status.updatedReplicas}=4",
            "jsonpath={.status.replicas}=4",
            "jsonpath={.status.availableReplicas}=4",
        ]);
    });

    it("waits only for the controller to observe a Deployment scaled to zero", () => {
        assert.deepStrictEqual(rolloutCompleteConditions(0), ["jsonpath={.status.observedGeneration}"]);
    });

    it("annotates a RollingDeployment with its replica count", async () => {
        const resources = await render(() => new RollingDeployment("api", { image: "nginx:1.27", port: 8080 }));
        assert.deepStrictEqual(waitForOf(resources, "api"), rolloutCompleteConditions(5));
    });

    it("annotates each canary track with its own share, zero included", async () => {
        const resources = await render(
            () =>
                new CanaryDeployment("shop", {
                    port: 8080,
                    replicas: 4,
                    stable: { image: "myapp:v1.0.0" },
                    canary: { image: "myapp:v2.0.0" },
                    canaryWeight: 25,
                }),
        );
        assert.deepStrictEqual(waitForOf(resources, "shop-stable"), rolloutCompleteConditions(3));
        assert.deepStrictEqual(waitForOf(resources, "shop-canary"), rolloutCompleteConditions(1));
        const promoted = await render(
            () =>
                new CanaryDeployment("promoted", {
                    port: 8080,
                    replicas: 4,
                    stable: { image: "myapp:v1.0.0" },
                    canary: { image: "myapp:v2.0.0" },
                    canaryWeight: 0,
                }),
        );
        assert.deepStrictEqual(waitForOf(promoted, "promoted-canary"), rolloutCompleteConditions(0));
    });

    it("leaves the provider's await to an autoscaled Deployment, whose count the HPA owns", async () => {
        const resources = await render(
            () =>
                new RollingDeployment("api", {
                    image: "nginx:1.27",
                    port: 8080,
                    autoscaling: { minReplicas: 2, maxReplicas: 6, targetCpuUtilization: 70 },
                }),
        );
        assert.strictEqual(waitForOf(resources, "api"), undefined);
    });

    it("keeps the user's own waitFor or skipAwait", async () => {
        const own = await render(
            () =>
                new RollingDeployment("own", {
                    image: "nginx:1.27",
                    port: 8080,
                    annotations: { [WAIT_FOR_ANNOTATION]: "condition=Available" },
                }),
        );
        assert.deepStrictEqual(at(find(own, DEPLOYMENT, "own").inputs, "metadata.annotations"), {
            [WAIT_FOR_ANNOTATION]: "condition=Available",
        });
        const skip = await render(
            () =>
                new RollingDeployment("skip", {
                    image: "nginx:1.27",
                    port: 8080,
                    annotations: { [SKIP_AWAIT_ANNOTATION]: "true" },
                }),
        );
        assert.strictEqual(waitForOf(skip, "skip"), undefined);
    });
});
