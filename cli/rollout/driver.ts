/**
 * The rollout state machine: runs a plan's actions one after another over an {@link Engine}, saves its position
 * after every step, and on a failed gate, a failed `up` or an interrupt returns the component to its safe state
 * (canary weight 0 with the stable track untouched, or the old color live).
 */
import { Engine, ProgressEvent, RolloutPosition, RolloutStateValue } from "./engine";
import { runGate } from "./analysis";
import { Action } from "./program";
import { DriverOptions, PreflightError, Setup, prepare } from "./preflight";

/** Exit codes of `k8s-workloads rollout`. */
export const EXIT_CODES = { done: 0, aborted: 1, badInput: 2, interrupted: 130 } as const;

/** How a run ended: the exit code and the one-line summary (also the last progress line). */
export interface DriverResult {
    readonly exitCode: number;
    readonly message: string;
}

/** A step that failed: the step and what was measured or reported. */
class StepFailure extends Error {
    constructor(
        readonly step: string,
        message: string,
        readonly values?: Readonly<Record<string, number>>,
    ) {
        super(message);
    }
}

type Emit = (event: Omit<ProgressEvent, "component" | "elapsedSeconds">) => void;

const sameState = (a: RolloutStateValue | undefined, b: RolloutStateValue): boolean =>
    a !== undefined && JSON.stringify(a) === JSON.stringify(b);

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Runs one `up` for a state and waits for the workloads; throws a StepFailure naming the step. */
async function apply(engine: Engine, component: string, step: string, state: RolloutStateValue, signal: AbortSignal) {
    await engine.setState(state);
    const started = engine.now();
    try {
        await engine.up(`rollout ${component}: ${step}`, signal);
    } catch (err) {
        throw signal.aborted ? err : new StepFailure(step, `pulumi up failed: ${errorText(err)}`);
    }
    const upSeconds = (engine.now() - started) / 1000;
    const ready = await engine.waitReady(signal);
    if (!ready.ok) {
        throw new StepFailure(step, `the workloads did not become ready: ${ready.message}`);
    }
    return `up ${upSeconds.toFixed(1)}s, ready: ${ready.message}`;
}

/** Runs `--abort`: the safe state, one `up`. */
async function abortOnly(engine: Engine, options: DriverOptions, setup: Setup, emit: Emit): Promise<DriverResult> {
    const step = "abort";
    const message = await apply(engine, options.component, step, setup.safe, new AbortController().signal);
    emit({ event: "step", status: "ok", step, message });
    await savePosition(engine, options, setup, {
        next: setup.start,
        status: "aborted",
        state: setup.safe,
        reason: "--abort",
    });
    const summary = `rollout of ${options.component} aborted on request; ${describeSafe(setup)}`;
    emit({ event: "done", status: "aborted", message: summary });
    return { exitCode: EXIT_CODES.done, message: summary };
}

function describeSafe(setup: Setup): string {
    return setup.info.kind === "canary"
        ? "canary weight 0, the stable track unchanged"
        : `${setup.fromColor ?? "the old color"} is live again`;
}

async function savePosition(
    engine: Engine,
    options: DriverOptions,
    setup: Setup,
    change: Pick<RolloutPosition, "next" | "status" | "state"> & { reason?: string },
): Promise<void> {
    const now = new Date().toISOString();
    await engine.savePosition({
        version: 1,
        stack: options.stack,
        component: options.component,
        kind: setup.info.kind,
        planDigest: setup.digest,
        fromColor: setup.fromColor,
        toColor: setup.toColor,
        startedAt: setup.startedAt ?? now,
        updatedAt: now,
        ...change,
    });
}

/** Runs one action; returns the progress message, or "paused" when the rollout waits for --resume. */
async function runAction(engine: Engine, options: DriverOptions, action: Action, emit: Emit): Promise<string> {
    const { signal, component } = options;
    switch (action.kind) {
        case "apply":
            return apply(engine, component, action.step, action.state, signal);
        case "analysis": {
            const gate = await runGate(engine, action.analysis, signal, (m, index) =>
                emit({
                    event: "measurement",
                    status: m.ok ? "ok" : "failed",
                    step: action.step,
                    message: `measurement ${index + 1}/${action.analysis.count}: ${m.message}`,
                    values: m.values,
                }),
            );
            if (!gate.passed) {
                const last = gate.measurements[gate.measurements.length - 1];
                throw new StepFailure(
                    action.step,
                    `gate failed: ${gate.failures} failed measurement(s), failureLimit ${action.analysis.failureLimit}: ${gate.message}`,
                    last?.values,
                );
            }
            return `gate passed (${gate.measurements.length - gate.failures}/${gate.measurements.length} measurements ok): ${gate.message}`;
        }
        case "pause":
            if (action.seconds === undefined) {
                return "paused";
            }
            emit({ event: "pause", status: "running", step: action.step, message: `waiting ${action.seconds}s` });
            await engine.sleep(action.seconds * 1000, signal);
            return `waited ${action.seconds}s`;
        default: {
            const unreachable: never = action;
            throw new Error(`unknown action ${JSON.stringify(unreachable)}`);
        }
    }
}

/** Returns to the safe state after a failure; reports whether that `up` worked. */
async function restoreSafeState(
    engine: Engine,
    options: DriverOptions,
    setup: Setup,
    applied: RolloutStateValue | undefined,
    emit: Emit,
) {
    if (sameState(applied, setup.safe)) {
        return `${describeSafe(setup)} (nothing to undo)`;
    }
    try {
        const message = await apply(engine, options.component, "abort", setup.safe, new AbortController().signal);
        emit({ event: "step", status: "ok", step: "abort", message });
        return describeSafe(setup);
    } catch (err) {
        const message = `the abort itself failed (${errorText(err)}); run "k8s-workloads rollout ${options.component} --stack ${options.stack} --abort" again`;
        emit({ event: "step", status: "failed", step: "abort", message });
        return message;
    }
}

/** Runs a rollout (or `--resume`, or `--abort`) and returns the exit code with its summary. */
export async function driveRollout(engine: Engine, options: DriverOptions): Promise<DriverResult> {
    const started = engine.now();
    const emit: Emit = (event) =>
        engine.emit({ component: options.component, elapsedSeconds: (engine.now() - started) / 1000, ...event });
    let setup: Setup;
    try {
        setup = await prepare(engine, options);
    } catch (err) {
        const message = err instanceof PreflightError ? err.message : `cannot start: ${errorText(err)}`;
        emit({ event: "error", status: "failed", message });
        return { exitCode: EXIT_CODES.badInput, message };
    }
    if (options.abort) {
        return abortOnly(engine, options, setup, emit);
    }
    const total = setup.actions.length;
    emit({
        event: "start",
        status: "running",
        message: `${options.resume ? "resuming" : "starting"} the ${setup.info.kind === "canary" ? "canary" : "blue-green"} rollout of ${options.component} on stack ${options.stack} at step ${setup.start + 1}/${total}`,
    });
    let applied = setup.applied;
    let current = setup.actions[setup.start]?.step ?? "start";
    try {
        for (let index = setup.start; index < total; index++) {
            const action = setup.actions[index];
            current = action.step;
            if (options.signal.aborted) {
                throw new Error("interrupted");
            }
            const message = await runAction(engine, options, action, emit);
            if (action.kind === "apply") {
                applied = action.state;
            }
            const paused = message === "paused";
            await savePosition(engine, options, setup, {
                next: index + 1,
                status: paused ? "paused" : "running",
                state: applied ?? setup.safe,
            });
            if (paused) {
                const summary = `rollout of ${options.component} paused at ${action.step}; continue with --resume`;
                emit({ event: "pause", status: "paused", step: action.step, message: summary });
                return { exitCode: EXIT_CODES.done, message: summary };
            }
            emit({ event: action.kind === "analysis" ? "gate" : "step", status: "ok", step: action.step, message });
        }
    } catch (err) {
        const interrupted = options.signal.aborted;
        const step = err instanceof StepFailure ? err.step : current;
        const reason = interrupted ? `interrupted during ${step}` : `${step} failed: ${errorText(err)}`;
        emit({
            event: "abort",
            status: "failed",
            step,
            message: reason,
            values: err instanceof StepFailure ? err.values : undefined,
        });
        const restored = await restoreSafeState(engine, options, setup, applied, emit);
        await savePosition(engine, options, setup, { next: setup.start, status: "aborted", state: setup.safe, reason });
        const summary = `rollout of ${options.component} aborted: ${reason}; ${restored}`;
        emit({ event: "done", status: "aborted", message: summary });
        return { exitCode: interrupted ? EXIT_CODES.interrupted : EXIT_CODES.aborted, message: summary };
    }
    await savePosition(engine, options, setup, { next: total, status: "completed", state: applied ?? setup.safe });
    const summary = `rollout of ${options.component} completed: ${setup.info.kind === "canary" ? "the canary is promoted to stable" : `${setup.toColor ?? ""} is live`}`;
    emit({ event: "done", status: "completed", message: summary });
    return { exitCode: EXIT_CODES.done, message: summary };
}
