/**
 * Gates: `count` measurements `interval` apart, failing as soon as more than `failureLimit` of them fail; and the
 * pure judgements of the measured values (HTTP samples, a Prometheus value, an exit code).
 */
import type { HttpAnalysis } from "../../contract/rolloutPlan";
import { meetsCondition, parseSuccessCondition } from "../../contract/rolloutPlan";
import type { Engine, Measurement, ResolvedAnalysis } from "./engine";

/** One HTTP request's outcome. */
export interface HttpSample {
    readonly ok: boolean;
    readonly milliseconds: number;
    /** The status code, or 0 when no response came back. */
    readonly status: number;
}

/** The value at a percentile (nearest rank) of a list of numbers; 0 for an empty list. */
export function percentile(values: readonly number[], pct: number): number {
    if (values.length === 0) {
        return 0;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil((pct / 100) * sorted.length)));
    return sorted[rank - 1];
}

/** Judges N HTTP samples against the success-rate and latency thresholds. */
export function judgeHttp(samples: readonly HttpSample[], settings: Required<HttpAnalysis>): Measurement {
    const succeeded = samples.filter((s) => s.ok).length;
    const successPercent = samples.length === 0 ? 0 : (100 * succeeded) / samples.length;
    const p95 = percentile(
        samples.map((s) => s.milliseconds),
        95,
    );
    const rateOk = successPercent >= settings.minSuccessPercent;
    const latencyOk = p95 <= settings.maxLatencyMs;
    const failedStatuses = [...new Set(samples.filter((s) => !s.ok).map((s) => s.status))].sort((a, b) => a - b);
    const detail = failedStatuses.length > 0 ? `; failures: status ${failedStatuses.join(", ")}` : "";
    const verdicts = [
        rateOk ? "" : `success rate below ${settings.minSuccessPercent}%`,
        latencyOk ? "" : `p95 above ${settings.maxLatencyMs} ms`,
    ].filter((v) => v !== "");
    return {
        ok: rateOk && latencyOk,
        message: `${succeeded}/${samples.length} succeeded (${successPercent.toFixed(1)}%), p95 ${Math.round(p95)} ms${detail}${verdicts.length > 0 ? `: ${verdicts.join(" and ")}` : ""}`,
        values: { requests: samples.length, succeeded, successPercent, p95Ms: Math.round(p95) },
    };
}

/** Judges a Prometheus query's value against its success condition. */
export function judgePrometheus(value: number | undefined, successCondition: string): Measurement {
    const condition = parseSuccessCondition(successCondition);
    if (value === undefined || Number.isNaN(value)) {
        return { ok: false, message: "the query returned no value", values: {} };
    }
    const ok = condition !== undefined && meetsCondition(value, condition);
    return {
        ok,
        message: `result ${value} ${ok ? "meets" : "fails"} "${successCondition}"`,
        values: { result: value },
    };
}

/** Judges a Job's or a command's exit code. */
export function judgeExitCode(what: string, exitCode: number, output = ""): Measurement {
    const tail = output.trim().split("\n").slice(-1)[0] ?? "";
    return {
        ok: exitCode === 0,
        message: `${what} exited with ${exitCode}${tail ? `: ${tail}` : ""}`,
        values: { exitCode },
    };
}

/** The verdict of a gate. */
export interface GateResult {
    readonly passed: boolean;
    readonly failures: number;
    readonly measurements: readonly Measurement[];
    /** The last (or the failing) measurement's message. */
    readonly message: string;
}

/**
 * Runs a gate. Each measurement is reported through `onMeasurement`; an error while measuring counts as a failed
 * measurement (with the error as its message), except an interrupt, which propagates.
 */
export async function runGate(
    engine: Engine,
    analysis: ResolvedAnalysis,
    signal: AbortSignal,
    onMeasurement: (measurement: Measurement, index: number) => void,
): Promise<GateResult> {
    const measurements: Measurement[] = [];
    let failures = 0;
    for (let index = 0; index < analysis.count; index++) {
        if (index > 0) {
            await engine.sleep(analysis.intervalSeconds * 1000, signal);
        }
        let measurement: Measurement;
        try {
            measurement = await engine.measure(analysis, signal);
        } catch (err) {
            if (signal.aborted) {
                throw err;
            }
            measurement = { ok: false, message: err instanceof Error ? err.message : String(err), values: {} };
        }
        measurements.push(measurement);
        onMeasurement(measurement, index);
        if (!measurement.ok) {
            failures++;
            if (failures > analysis.failureLimit) {
                return { passed: false, failures, measurements, message: measurement.message };
            }
        }
    }
    const last = measurements[measurements.length - 1];
    return { passed: true, failures, measurements, message: last?.message ?? "no measurement" };
}
