/**
 * `k8s-workloads rollout` as a command with a fake engine: JSON lines, stderr on failure, signals, plan files and
 * usage errors.
 */
import * as assert from "assert";
import { EventEmitter } from "events";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { CliIo } from "../../../cli/main";
import { main } from "../../../cli/main";
import { runRollout } from "../../../cli/rollout";
import { formatEvent } from "../../../cli/rollout/format";
import { FLAKY, FakeEngine, SHOP } from "./fakeEngine";

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

async function run(argv: string[], engine: FakeEngine, signals = new EventEmitter()): Promise<Run> {
    const out = { stdout: "", stderr: "" };
    const io: CliIo = {
        stdout: (t) => (out.stdout += t),
        stderr: (t) => (out.stderr += t),
        readStdin: () => Promise.resolve(""),
    };
    const format = argv.includes("json") ? "json" : "text";
    const emit = engine.emit.bind(engine);
    engine.emit = (event) => {
        emit(event);
        io.stdout(formatEvent(event, format));
    };
    const code = await runRollout(argv, io, async () => engine, signals);
    return { code, ...out };
}

describe("rollout command", () => {
    it("prints one JSON object per line with event, step, status, elapsed time and values", async () => {
        const result = await run(["shop", "--stack", "dev", "--format", "json"], new FakeEngine(SHOP));
        assert.strictEqual(result.code, 0);
        const lines = result.stdout.trim().split("\n");
        const events = lines.map(
            (l) => JSON.parse(l) as { event: string; status: string; elapsedSeconds: number; step?: string },
        );
        assert.strictEqual(events[0].event, "start");
        assert.deepStrictEqual(events[events.length - 1], {
            component: "shop",
            elapsedSeconds: events[events.length - 1].elapsedSeconds,
            event: "done",
            status: "completed",
            message: "rollout of shop completed: the canary is promoted to stable",
        });
        assert.strictEqual(events.filter((e) => e.event === "step").length, 5);
        assert.strictEqual(events.filter((e) => e.event === "gate").length, 4);
        assert.ok(events.every((e, i) => i === 0 || e.elapsedSeconds >= events[i - 1].elapsedSeconds));
        assert.strictEqual(result.stderr, "");
    });

    it("exits 1 and names the gate and the measurement on stderr", async () => {
        const engine = new FakeEngine(SHOP);
        engine.measure_ = () => FLAKY;
        const result = await run(["shop", "--stack", "dev"], engine);
        assert.strictEqual(result.code, 1);
        assert.match(
            result.stderr,
            /^k8s-workloads rollout: rollout of shop aborted: step 2\/9 analysis http failed: .*14\/20 succeeded \(70\.0%\)/,
        );
        assert.match(result.stdout, /FAIL    step 2\/9 analysis http: measurement 1\/3: 14\/20 succeeded/);
    });

    it("turns SIGTERM into an abort to weight 0 and exits 130", async () => {
        const engine = new FakeEngine(SHOP);
        const signals = new EventEmitter();
        engine.beforeUp = (index) => {
            if (index === 2) {
                signals.emit("SIGTERM");
            }
        };
        const result = await run(["shop", "--stack", "dev"], engine, signals);
        assert.strictEqual(result.code, 130);
        assert.deepStrictEqual(
            engine.ups.map((s) => s.canaryWeight),
            [10, 25, 50, 0],
        );
        assert.strictEqual(signals.listenerCount("SIGTERM"), 0, "the handlers are removed afterwards");
    });

    it("reads a YAML plan file, and reports a missing one as bad input", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "rollout-plan-"));
        writeFileSync(path.join(dir, "plan.yaml"), "steps:\n  - setWeight: 30\n  - setWeight: 100\n");
        const engine = new FakeEngine(SHOP);
        const result = await run(["shop", "--stack", "dev", "--cwd", dir, "--plan", "plan.yaml"], engine);
        assert.strictEqual(result.code, 0);
        assert.deepStrictEqual(
            engine.ups.map((s) => s.canaryWeight),
            [30, 100, 0],
        );
        const missing = await run(
            ["shop", "--stack", "dev", "--cwd", dir, "--plan", "nope.json"],
            new FakeEngine(SHOP),
        );
        assert.strictEqual(missing.code, 2);
        assert.match(missing.stderr, /cannot read the plan file .*nope\.json/);
    });

    it("is dispatched by main, with usage errors as exit 2", async () => {
        let stderr = "";
        const io: CliIo = {
            stdout: () => undefined,
            stderr: (t) => (stderr += t),
            readStdin: () => Promise.resolve(""),
        };
        assert.strictEqual(await main(["rollout", "shop"], io), 2);
        assert.match(stderr, /--stack is required/);
        let stdout = "";
        assert.strictEqual(await main(["rollout", "--help"], { ...io, stdout: (t) => (stdout += t) }), 0);
        assert.match(stdout, /^Usage: k8s-workloads rollout <component> --stack <name>/);
    });
});
