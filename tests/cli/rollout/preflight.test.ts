/**
 * The rollout driver's preflight: every bad input stops before the first `up`, with exit code 2 and a message that
 * names the problem and the fix.
 */
import * as assert from "assert";
import { EXIT_CODES, driveRollout } from "../../../cli/rollout/driver";
import type { DriverOptions } from "../../../cli/rollout/preflight";
import { FakeEngine, FakeWorld, SHOP, WEBAPP } from "./fakeEngine";

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

describe("rollout driver: preflight (nothing is changed)", () => {
    const refuse = async (engine: FakeEngine, overrides: Partial<DriverOptions> = {}) => {
        const result = await driveRollout(engine, options(overrides));
        assert.strictEqual(result.exitCode, EXIT_CODES.badInput);
        assert.deepStrictEqual(engine.ups, [], "no up before the checks pass");
        return result.message;
    };

    it("an unknown component", async () => {
        const message = await refuse(new FakeEngine(SHOP), { component: "shopp" });
        assert.strictEqual(message, 'no CanaryDeployment or BlueGreenDeployment named "shopp"');
    });

    it("a plan with weights out of order or above 100", async () => {
        const plan = { steps: [{ setWeight: 50 }, { setWeight: 25 }, { setWeight: 120 }] };
        const message = await refuse(new FakeEngine(SHOP), { plan });
        assert.strictEqual(
            message,
            "the --plan file has 2 problem(s):\n" +
                "  - rollout.steps[1].setWeight must be above the previous weight 50 (got 25); list weights in increasing order, for example 10, 25, 50, 100\n" +
                "  - rollout.steps[2].setWeight must be a whole percentage from 1 to 100 (got 120)",
        );
    });

    it("a blue-green plan given to a canary", async () => {
        const message = await refuse(new FakeEngine(SHOP), { plan: { scaleDownDelaySeconds: 10 } });
        assert.match(message, /rollout.scaleDownDelaySeconds is not a field of a canary plan; its fields are steps/);
    });

    it("an unreachable Prometheus", async () => {
        const engine = new FakeEngine(SHOP);
        engine.prometheusProblem = "Prometheus at http://127.0.0.1:1 is unreachable (fetch failed)";
        const plan = {
            steps: [
                { setWeight: 10 },
                {
                    analysis: {
                        prometheus: { address: "http://127.0.0.1:1", query: "up", successCondition: "result == 1" },
                    },
                },
            ],
        };
        const message = await refuse(engine, { plan });
        assert.strictEqual(
            message,
            "step 2/3 analysis prometheus cannot run: Prometheus at http://127.0.0.1:1 is unreachable (fetch failed)",
        );
    });

    it("a stack program without the rolloutState helper", async () => {
        const engine = new FakeEngine(SHOP);
        engine.readsState = false;
        const message = await refuse(engine);
        assert.strictEqual(
            message,
            'the stack program does not read k8s-workloads:rollout.shop: call rolloutState(new pulumi.Config("k8s-workloads"), "shop") and pass its canaryWeight and promote to the component (see docs/rollout.md)',
        );
    });

    it("--abort after a completed rollout (it would undo the promotion)", async () => {
        const world: FakeWorld = {};
        assert.strictEqual((await driveRollout(new FakeEngine(SHOP, world), options())).exitCode, EXIT_CODES.done);
        const message = await refuse(new FakeEngine(SHOP, world), { abort: true });
        assert.strictEqual(
            message,
            "the last rollout of shop on stack dev completed, so there is nothing to abort; roll back with a new rollout or a normal up",
        );
    });

    it("--resume with nothing to resume, and --abort of a blue-green with no rollout", async () => {
        assert.match(
            await refuse(new FakeEngine(SHOP), { resume: true }),
            /^nothing to resume: no rollout of shop on stack dev is in progress \(none was started\)/,
        );
        assert.match(
            await refuse(new FakeEngine(WEBAPP), { component: "webapp", abort: true }),
            /no old color to return to/,
        );
    });
});
