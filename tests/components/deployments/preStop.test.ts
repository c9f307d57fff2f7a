import * as assert from "assert";
import { at, ofType, render, validationError } from "../../harness/mocks";
import { BlueGreenDeployment, CanaryDeployment, RollingDeployment } from "../../../components";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

async function lifecycles(build: () => unknown): Promise<unknown[]> {
    const resources = await render(build);
    return ofType(resources, DEPLOYMENT).map((d) => at(d.inputs, "spec.template.spec.containers.0.lifecycle"));
}

describe("Deployment pods drain before they stop (preStop sleep)", () => {
    it("every Deployment pattern's container sleeps 5 s in preStop by default", async () => {
        const sleep = { preStop: { sleep: { seconds: 5 } } };
        assert.deepStrictEqual(
            await lifecycles(() => new RollingDeployment("api", { image: "nginx:1.27.3", port: 80 })),
            [sleep],
        );
        assert.deepStrictEqual(
            await lifecycles(
                () =>
                    new BlueGreenDeployment("app", {
                        port: 80,
                        blue: { image: "nginx:1.27.3" },
                        green: { image: "nginx:1.27.4" },
                    }),
            ),
            [sleep, sleep],
        );
        assert.deepStrictEqual(
            await lifecycles(
                () =>
                    new CanaryDeployment("shop", {
                        port: 80,
                        stable: { image: "nginx:1.27.3" },
                        canary: { image: "nginx:1.27.4" },
                        canaryWeight: 20,
                        traffic: "replicas",
                    }),
            ),
            [sleep, sleep],
        );
    });

    it("takes another duration, and leaves the hook out at 0", async () => {
        assert.deepStrictEqual(
            await lifecycles(
                () => new RollingDeployment("api", { image: "nginx:1.27.3", port: 80, preStopSleepSeconds: 12 }),
            ),
            [{ preStop: { sleep: { seconds: 12 } } }],
        );
        assert.deepStrictEqual(
            await lifecycles(
                () => new RollingDeployment("api", { image: "nginx:1.27.3", port: 80, preStopSleepSeconds: 0 }),
            ),
            [undefined],
        );
    });

    it("rejects a sleep that is not below the grace period, or not a whole number", () => {
        assert.match(
            validationError(
                () =>
                    new RollingDeployment("api", {
                        image: "nginx:1.27.3",
                        port: 80,
                        preStopSleepSeconds: 10,
                        terminationGracePeriodSeconds: 10,
                    }),
            ),
            /preStopSleepSeconds must be below terminationGracePeriodSeconds \(got 10 and 10\); the pod would be killed while it sleeps: lower preStopSleepSeconds or raise terminationGracePeriodSeconds/,
        );
        assert.match(
            validationError(
                () => new RollingDeployment("api", { image: "nginx:1.27.3", port: 80, preStopSleepSeconds: -1 }),
            ),
            /preStopSleepSeconds/,
        );
    });
});
