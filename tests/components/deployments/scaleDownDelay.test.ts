import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { captureOptions, dependsOnNames, render, validationError, valueOf } from "../../harness/mocks";
import {
    BlueGreenDeployment,
    BlueGreenDeploymentArgs,
    CanaryDeployment,
    CanaryDeploymentArgs,
    DEFAULT_SCALE_DOWN_DELAY_SECONDS,
    blueGreenPlanOf,
    liveSelectorChanged,
    oldColorScalesDown,
    scaleDownDelayCallback,
    scaleDownDelayOf,
} from "../../../components/internal";
import { ROLLOUT_DEFAULTS } from "../../../contract/rolloutPlan";

const GUIDE: BlueGreenDeploymentArgs = {
    replicas: 3,
    port: 8080,
    blue: { image: "myapp:v1.0.0" },
    green: { image: "myapp:v2.0.0" },
    activeColor: "green",
};
const CANARY: CanaryDeploymentArgs = {
    port: 8080,
    stable: { image: "myapp:v1.0.0" },
    canary: { image: "myapp:v2.0.0" },
};

const serviceWith = (version: string) => ({ spec: { selector: { app: "web", version } } });
const hookArgs = (oldVersion: string | undefined, newVersion: string): pulumi.ResourceHookArgs => ({
    urn: "urn:pulumi:test::k8s-workloads::kubernetes:core/v1:Service::web-svc",
    id: "web-svc-id",
    name: "web-svc",
    type: "kubernetes:core/v1:Service",
    oldInputs: oldVersion === undefined ? undefined : serviceWith(oldVersion),
    newInputs: serviceWith(newVersion),
});

/** A hook body with a recording sleep and log, and a fixed dry-run answer. */
function recordingHook(seconds: number, dryRun = false) {
    const slept: number[] = [];
    const logged: string[] = [];
    const hook = scaleDownDelayCallback({
        seconds,
        sleep: async (ms) => {
            slept.push(ms);
        },
        isDryRun: () => dryRun,
        log: (message) => logged.push(message),
    });
    return { hook, slept, logged };
}

describe("blue-green scale-down delay", () => {
    it("sees a color change only when the old and new selectors differ", () => {
        assert.strictEqual(liveSelectorChanged(serviceWith("blue"), serviceWith("green")), true);
        assert.strictEqual(liveSelectorChanged(serviceWith("blue"), serviceWith("blue")), false);
        assert.strictEqual(
            liveSelectorChanged(
                { spec: { selector: { version: "blue", app: "web" } } },
                { spec: { selector: { app: "web", version: "blue" } } },
            ),
            false,
            "key order is no change",
        );
        assert.strictEqual(liveSelectorChanged(undefined, serviceWith("green")), false, "a create is no switch");
    });

    it("sleeps the delay after a switch, and logs why", async () => {
        const { hook, slept, logged } = recordingHook(30);
        await hook(hookArgs("blue", "green"));
        assert.deepStrictEqual(slept, [30_000]);
        assert.deepStrictEqual(logged, ["web-svc: the live Service switched color; the old color scales down in 30s"]);
    });

    it("does not wait when the color stays, on a create, in a preview, or with a delay of 0", async () => {
        for (const [label, recorded, args] of [
            ["same color", recordingHook(30), hookArgs("blue", "blue")],
            ["create", recordingHook(30), hookArgs(undefined, "green")],
            ["preview", recordingHook(30, true), hookArgs("blue", "green")],
            ["delay 0", recordingHook(0), hookArgs("blue", "green")],
        ] as const) {
            await recorded.hook(args);
            assert.deepStrictEqual(recorded.slept, [], label);
        }
    });

    it("waits only when the old color loses pods", () => {
        assert.strictEqual(oldColorScalesDown(true, undefined, 3), true);
        assert.strictEqual(oldColorScalesDown(undefined, 0, 3), true);
        assert.strictEqual(oldColorScalesDown(undefined, 3, 3), false);
        assert.strictEqual(oldColorScalesDown(undefined, undefined, 3), false);
        assert.strictEqual(oldColorScalesDown(undefined, 1, undefined), true, "unknown replicas count as a scale-down");
    });

    it("binds the hook to the live Service's afterUpdate when the old color scales down", async () => {
        const captured = captureOptions();
        await render(
            () =>
                new BlueGreenDeployment(
                    "sd",
                    { ...GUIDE, idleReplicas: 0 },
                    { transformations: [captured.transformation] },
                ),
        );
        const hooks = captured.options.get("sd-svc")?.hooks;
        assert.ok(hooks?.afterUpdate, "the live Service has an afterUpdate hook");
        assert.strictEqual(hooks.afterUpdate.length, 1);
        const hook = hooks.afterUpdate[0];
        assert.ok(pulumi.ResourceHook.isInstance(hook));
        assert.strictEqual(hook.name, "sd-scale-down-delay");
        assert.strictEqual(hook.opts?.onDryRun ?? false, false, "the engine never runs it in a preview");
        // No switch: the real hook body returns at once.
        await hook.callback(hookArgs("green", "green"));
        assert.strictEqual(captured.options.get("sd-preview-svc")?.hooks, undefined);
        // The old color changes only after the live Service's step, hook included.
        assert.deepStrictEqual(dependsOnNames(captured, "sd-blue"), ["sd-svc"]);
        assert.deepStrictEqual(dependsOnNames(captured, "sd-svc"), ["sd-green"]);
    });

    it("binds no hook when nothing scales down, or when the delay is 0", async () => {
        for (const args of [GUIDE, { ...GUIDE, idleReplicas: 0, scaleDownDelaySeconds: 0 }]) {
            const captured = captureOptions();
            await render(() => new BlueGreenDeployment("nh", args, { transformations: [captured.transformation] }));
            assert.strictEqual(captured.options.get("nh-svc")?.hooks, undefined);
        }
    });

    it("takes the delay from the arg, else the plan, else 30 (the plan's own default)", () => {
        assert.strictEqual(DEFAULT_SCALE_DOWN_DELAY_SECONDS, ROLLOUT_DEFAULTS.scaleDownDelaySeconds);
        assert.strictEqual(scaleDownDelayOf(GUIDE), 30);
        assert.strictEqual(scaleDownDelayOf({ ...GUIDE, rollout: { scaleDownDelaySeconds: 5 } }), 5);
        assert.strictEqual(scaleDownDelayOf({ ...GUIDE, scaleDownDelaySeconds: 0 }), 0);
        assert.strictEqual(blueGreenPlanOf({ ...GUIDE, scaleDownDelaySeconds: 12 }).scaleDownDelaySeconds, 12);
    });
});

describe("rollout plans in the args", () => {
    it("BlueGreenDeployment records its plan with defaults as the rolloutPlan output", async () => {
        let bg: BlueGreenDeployment | undefined;
        await render(() => {
            bg = new BlueGreenDeployment("plan", {
                ...GUIDE,
                rollout: { prePromotionAnalysis: { http: { path: "/ready" }, count: 2 } },
            });
        });
        assert.ok(bg);
        assert.deepStrictEqual(await valueOf(bg.rolloutPlan), {
            prePromotionAnalysis: { http: { path: "/ready" }, count: 2 },
            postPromotionAnalysis: { http: {} },
            scaleDownDelaySeconds: 30,
        });
    });

    it("CanaryDeployment records its plan with defaults as the rolloutPlan output", async () => {
        let given: CanaryDeployment | undefined;
        let defaulted: CanaryDeployment | undefined;
        await render(() => {
            given = new CanaryDeployment("given", {
                ...CANARY,
                rollout: { steps: [{ setWeight: 20 }, { pause: { duration: "1m" } }] },
            });
            defaulted = new CanaryDeployment("defaulted", CANARY);
        });
        assert.ok(given && defaulted);
        assert.deepStrictEqual(await valueOf(given.rolloutPlan), {
            steps: [{ setWeight: 20 }, { pause: { duration: "1m" } }],
        });
        const steps = (await valueOf(defaulted.rolloutPlan)).steps;
        assert.deepStrictEqual(
            steps.filter((s) => s.setWeight !== undefined).map((s) => s.setWeight),
            [10, 25, 50, 100],
        );
    });

    it("surfaces canary plan problems with the exact message", () => {
        const message = validationError(
            () =>
                new CanaryDeployment("bad", { ...CANARY, rollout: { steps: [{ setWeight: 50 }, { setWeight: 20 }] } }),
        );
        assert.strictEqual(
            message,
            `CanaryDeployment "bad" has invalid args:\n  - rollout.steps[1].setWeight must be above the previous weight 50 (got 20); list weights in increasing order, for example 10, 25, 50, 100`,
        );
    });

    it("surfaces blue-green plan and delay problems with the exact message", () => {
        const cases: Array<[Partial<BlueGreenDeploymentArgs>, string]> = [
            [
                { rollout: { scaleDownDelaySeconds: -1 } },
                "rollout.scaleDownDelaySeconds must be a whole number of at least 0 (got -1); for example 30",
            ],
            [
                { rollout: { postPromotionAnalysis: { http: { minSuccessPercent: 120 } } } },
                "rollout.postPromotionAnalysis.http.minSuccessPercent must be between 0 and 100 (got 120); for example 99",
            ],
            [
                { scaleDownDelaySeconds: 2.5 },
                "scaleDownDelaySeconds must be a whole number of at least 0 (got 2.5); for example 30",
            ],
            [
                { scaleDownDelaySeconds: 10, rollout: { scaleDownDelaySeconds: 20 } },
                "scaleDownDelaySeconds 10 and rollout.scaleDownDelaySeconds 20 disagree; set one of them, or both to the same value",
            ],
        ];
        for (const [change, expected] of cases) {
            const message = validationError(() => new BlueGreenDeployment("bad", { ...GUIDE, ...change }));
            assert.strictEqual(message, `BlueGreenDeployment "bad" has invalid args:\n  - ${expected}`);
        }
    });

    it("accepts the same delay in the arg and the plan", async () => {
        let bg: BlueGreenDeployment | undefined;
        await render(() => {
            bg = new BlueGreenDeployment("same", {
                ...GUIDE,
                scaleDownDelaySeconds: 10,
                rollout: { scaleDownDelaySeconds: 10 },
            });
        });
        assert.ok(bg);
        assert.strictEqual((await valueOf(bg.rolloutPlan)).scaleDownDelaySeconds, 10);
    });
});
