/**
 * The rollout state machine over a fake engine: promotion through every step, aborts on a failed gate, a failed up
 * and an interrupt, resume after a crash and after a pause, and the blue-green switch-back.
 */
import * as assert from "assert";
import { EXIT_CODES, driveRollout } from "../../../cli/rollout/driver";
import type { DriverOptions } from "../../../cli/rollout/preflight";
import { FLAKY, FakeEngine, FakeWorld, PASS, SHOP, WEBAPP } from "./fakeEngine";

function options(overrides: Partial<DriverOptions> = {}): DriverOptions {
    return {
        component: overrides.component ?? "shop",
        stack: "dev",
        resume: false,
        abort: false,
        signal: new AbortController().signal,
        ...overrides,
    };
}

const weights = (engine: FakeEngine) => engine.ups.map((s) => `${s.canaryWeight ?? "-"}${s.promote ? "+promote" : ""}`);

describe("rollout driver: canary", () => {
    it("promotes a healthy canary through 10, 25, 50, 100 with a gate after each, one up per step", async () => {
        const engine = new FakeEngine(SHOP);
        const result = await driveRollout(engine, options());
        assert.strictEqual(result.exitCode, EXIT_CODES.done);
        assert.deepStrictEqual(weights(engine), ["10", "25", "50", "100", "0+promote"]);
        assert.deepStrictEqual(engine.upMessages, [
            "rollout shop: step 1/9 setWeight 10",
            "rollout shop: step 3/9 setWeight 25",
            "rollout shop: step 5/9 setWeight 50",
            "rollout shop: step 7/9 setWeight 100",
            "rollout shop: step 9/9 promote",
        ]);
        assert.strictEqual(engine.measured.length, 12, "4 gates of 3 measurements");
        assert.ok(engine.measured.every((a) => a.kind === "http" && a.target === "canary"));
        assert.deepStrictEqual(engine.sleeps, Array(8).fill(10000), "10s between the 3 measurements of each gate");
        assert.deepStrictEqual(engine.world.config, { canaryWeight: 0, promote: true });
        assert.strictEqual(engine.world.position?.status, "completed");
        assert.strictEqual(result.message, "rollout of shop completed: the canary is promoted to stable");
        assert.strictEqual(engine.messages("gate").length, 4);
        assert.strictEqual(engine.messages("measurement").length, 12);
    });

    it("aborts at the first failed gate: weight 0, stable never promoted, exit 1 naming the gate and measurement", async () => {
        const engine = new FakeEngine(SHOP);
        engine.measure_ = () => FLAKY;
        const result = await driveRollout(engine, options());
        assert.strictEqual(result.exitCode, EXIT_CODES.aborted);
        assert.deepStrictEqual(weights(engine), ["10", "0"]);
        assert.ok(
            engine.ups.every((s) => s.promote !== true),
            "the stable track is never changed",
        );
        assert.strictEqual(engine.measured.length, 1, "failureLimit 0: the first failed measurement fails the gate");
        assert.strictEqual(
            result.message,
            "rollout of shop aborted: step 2/9 analysis http failed: gate failed: 1 failed measurement(s), failureLimit 0: 14/20 succeeded (70.0%), p95 15 ms; failures: status 500: success rate below 99%; canary weight 0, the stable track unchanged",
        );
        const abort = engine.events.find((e) => e.event === "abort");
        assert.deepStrictEqual(abort?.values, { successPercent: 70 });
        assert.strictEqual(engine.world.position?.status, "aborted");
    });

    it("tolerates failureLimit failed measurements and fails on the next one", async () => {
        const engine = new FakeEngine(SHOP);
        const plan = { steps: [{ setWeight: 50 }, { analysis: { http: {}, count: 4, failureLimit: 1 } }] };
        engine.measure_ = (_, index) => (index === 0 || index === 2 ? FLAKY : PASS);
        const result = await driveRollout(engine, options({ plan }));
        assert.strictEqual(result.exitCode, EXIT_CODES.aborted);
        assert.strictEqual(engine.measured.length, 3);
        assert.match(result.message, /2 failed measurement\(s\), failureLimit 1/);
    });

    it("aborts when an up fails, naming the step and the error", async () => {
        const engine = new FakeEngine(SHOP);
        engine.beforeUp = (index) => {
            if (index === 1) {
                throw new Error("mandatory policy violation: resources-required");
            }
        };
        const result = await driveRollout(engine, options());
        assert.strictEqual(result.exitCode, EXIT_CODES.aborted);
        assert.deepStrictEqual(weights(engine), ["10", "25", "0"]);
        assert.match(
            result.message,
            /^rollout of shop aborted: step 3\/9 setWeight 25 failed: pulumi up failed: mandatory policy violation: resources-required;/,
        );
    });

    it("aborts on an interrupt during an up and exits 130", async () => {
        const engine = new FakeEngine(SHOP);
        const controller = new AbortController();
        engine.beforeUp = (index) => {
            if (index === 1) {
                controller.abort();
            }
        };
        const result = await driveRollout(engine, options({ signal: controller.signal }));
        assert.strictEqual(result.exitCode, EXIT_CODES.interrupted);
        assert.deepStrictEqual(weights(engine), ["10", "25", "0"]);
        assert.match(result.message, /interrupted during step 3\/9 setWeight 25/);
    });

    it("aborts on an interrupt between gate measurements", async () => {
        const engine = new FakeEngine(SHOP);
        const controller = new AbortController();
        engine.measure_ = () => {
            controller.abort();
            return PASS;
        };
        const result = await driveRollout(engine, options({ signal: controller.signal }));
        assert.strictEqual(result.exitCode, EXIT_CODES.interrupted);
        assert.deepStrictEqual(weights(engine), ["10", "0"]);
    });

    it("resumes after a crash between steps from the saved position", async () => {
        const world: FakeWorld = {};
        const crashed = new FakeEngine(SHOP, world);
        crashed.beforeUp = (index) => (index === 1 ? "hang" : undefined);
        void driveRollout(crashed, options());
        await new Promise((resolve) => setTimeout(resolve, 10));
        assert.deepStrictEqual(weights(crashed), ["10", "25"]);
        assert.strictEqual(world.position?.next, 2, "saved after the first gate");

        const refused = await driveRollout(new FakeEngine(SHOP, world), options());
        assert.strictEqual(refused.exitCode, EXIT_CODES.badInput);
        assert.match(refused.message, /already running at step 3; continue it with --resume/);

        const resumed = new FakeEngine(SHOP, world);
        const result = await driveRollout(resumed, options({ resume: true }));
        assert.strictEqual(result.exitCode, EXIT_CODES.done);
        assert.deepStrictEqual(weights(resumed), ["25", "50", "100", "0+promote"]);
        assert.match(resumed.messages("start")[0], /^resuming the canary rollout of shop on stack dev at step 3\/9$/);
    });

    it("pauses until resumed, then continues after the pause", async () => {
        const world: FakeWorld = {};
        const plan = { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 100 }] };
        const first = new FakeEngine(SHOP, world);
        const paused = await driveRollout(first, options({ plan }));
        assert.strictEqual(paused.exitCode, EXIT_CODES.done);
        assert.strictEqual(
            paused.message,
            "rollout of shop paused at step 2/4 pause until resumed; continue with --resume",
        );
        assert.deepStrictEqual(weights(first), ["20"]);
        assert.strictEqual(world.position?.status, "paused");

        const second = new FakeEngine(SHOP, world);
        const done = await driveRollout(second, options({ plan, resume: true }));
        assert.strictEqual(done.exitCode, EXIT_CODES.done);
        assert.deepStrictEqual(weights(second), ["100", "0+promote"]);
    });

    it("waits out a timed pause on the clock", async () => {
        const engine = new FakeEngine(SHOP);
        await driveRollout(engine, options({ plan: { steps: [{ setWeight: 5 }, { pause: { duration: "2m" } }] } }));
        assert.deepStrictEqual(engine.sleeps, [120000]);
        assert.deepStrictEqual(engine.messages("pause"), ["waiting 120s"]);
        assert.deepStrictEqual(weights(engine), ["5", "0+promote"]);
    });

    it("refuses a resume with a changed plan, and --abort returns to weight 0", async () => {
        const world: FakeWorld = {};
        const plan = { steps: [{ setWeight: 20 }, { pause: {} }] };
        await driveRollout(new FakeEngine(SHOP, world), options({ plan }));
        const changed = await driveRollout(
            new FakeEngine(SHOP, world),
            options({ plan: { steps: [{ setWeight: 30 }] }, resume: true }),
        );
        assert.strictEqual(changed.exitCode, EXIT_CODES.badInput);
        assert.match(changed.message, /^the plan of shop on stack dev changed since the rollout started/);

        const aborting = new FakeEngine(SHOP, world);
        const aborted = await driveRollout(aborting, options({ plan, abort: true }));
        assert.strictEqual(aborted.exitCode, EXIT_CODES.done);
        assert.deepStrictEqual(weights(aborting), ["0"]);
        assert.strictEqual(world.position?.status, "aborted");
    });
});

describe("rollout driver: blue-green", () => {
    it("switches back when the post-promotion gate fails, and never scales the old color down", async () => {
        const engine = new FakeEngine(WEBAPP);
        engine.measure_ = (analysis) => (analysis.target === "service" ? FLAKY : PASS);
        const result = await driveRollout(engine, options({ component: "webapp" }));
        assert.strictEqual(result.exitCode, EXIT_CODES.aborted);
        assert.deepStrictEqual(engine.ups, [
            { activeColor: "blue", scaleDownIdle: false },
            { activeColor: "green", scaleDownIdle: false },
            { activeColor: "blue", scaleDownIdle: false },
        ]);
        assert.match(
            result.message,
            /^rollout of webapp aborted: step 4\/6 post-promotion analysis http failed: gate failed/,
        );
        assert.match(result.message, /blue is live again$/);
    });

    it("promotes green after both gates and scales blue down after scaleDownDelaySeconds", async () => {
        const engine = new FakeEngine(WEBAPP);
        const result = await driveRollout(engine, options({ component: "webapp" }));
        assert.strictEqual(result.exitCode, EXIT_CODES.done);
        assert.deepStrictEqual(
            engine.ups.map((s) => `${s.activeColor ?? ""}${s.scaleDownIdle ? "+scaledown" : ""}`),
            ["blue", "green", "green+scaledown"],
        );
        assert.deepStrictEqual(
            engine.measured.map((a) => a.target),
            ["preview", "preview", "preview", "service", "service", "service"],
        );
        assert.ok(engine.sleeps.includes(30000), "the default scale-down delay is 30s");
        assert.strictEqual(result.message, "rollout of webapp completed: green is live");
    });

    it("stops before the switch when the pre-promotion gate fails: live stays blue without another up", async () => {
        const engine = new FakeEngine(WEBAPP);
        engine.measure_ = () => FLAKY;
        const result = await driveRollout(engine, options({ component: "webapp" }));
        assert.strictEqual(result.exitCode, EXIT_CODES.aborted);
        assert.deepStrictEqual(engine.ups, [{ activeColor: "blue", scaleDownIdle: false }]);
        assert.match(result.message, /step 2\/6 pre-promotion analysis http failed/);
    });
});
