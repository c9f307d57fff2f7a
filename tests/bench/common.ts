/**
 * Shared pieces of the benchmarks: the result record, statistics, the machine description and child processes.
 */
import { spawn } from "child_process";
import * as os from "os";
import * as path from "path";

/** The repository root (this file compiles to bin/tests/bench/common.js). */
export const REPO = path.resolve(__dirname, "..", "..", "..");

/** The compiled benchmark directory (bin/tests/bench). */
export const BENCH_BIN = __dirname;

/** One figure of `tests/bench/results.json`. */
export interface BenchResult {
    /** The figure's contract name, for example `mock-eval-overhead-100`. */
    readonly name: string;
    /** The measured value (median), or null when the figure was skipped. */
    readonly value: number | null;
    /** The unit of `value` and `baseline`. */
    readonly unit: string;
    /** The baseline measured in the same run, or null when the figure has none. */
    readonly baseline: number | null;
    /** value / baseline (or as the figure defines it), or null. */
    readonly ratio: number | null;
    /** How it was measured, the machine, the goal and, when skipped, why. */
    readonly notes: string;
}

/** Options shared by every benchmark. */
export interface BenchOptions {
    /** Quick mode: 1 timed run per figure. */
    readonly quick: boolean;
    /**
     * Smoke mode (`--smoke`, for CI): the smallest sizes (10 workloads, a 500-resource corpus), 1 run, nothing
     * written; it proves that the benchmark still runs and asserts no timing.
     */
    readonly smoke: boolean;
    /** Timed runs per figure (after the warm-up). */
    readonly runs: number;
    /** Untimed warm-up runs per figure. */
    readonly warmups: number;
}

/** The median of the samples (the mean of the two middle ones for an even count). */
export function median(samples: readonly number[]): number {
    if (samples.length === 0) {
        throw new Error("median of no samples");
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Rounds to a number of significant decimals for the report. */
export function round(value: number, decimals = 2): number {
    const f = 10 ** decimals;
    return Math.round(value * f) / f;
}

/** A short description of this machine, added to every result's notes. */
export function machine(): string {
    const cpus = os.cpus();
    const model = cpus[0]?.model.trim() ?? "unknown cpu";
    const memGiB = round(os.totalmem() / 2 ** 30, 1);
    return `machine: ${cpus.length} cores (${model}), ${memGiB} GiB RAM, ${os.platform()} ${os.release()}, node ${process.version}`;
}

/** A result for a figure that could not be measured, with the reason. */
export function skipped(name: string, unit: string, reason: string): BenchResult {
    return { name, value: null, unit, baseline: null, ratio: null, notes: `SKIPPED: ${reason}; ${machine()}` };
}

/** Milliseconds elapsed since `start` (a `process.hrtime.bigint()` value). */
export function msSince(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e6;
}

/** What a finished child process printed and how it ended. */
export interface ChildResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
    /** Wall-clock milliseconds from spawn to exit. */
    readonly ms: number;
}

/** Options of {@link runChild}. */
export interface ChildOptions {
    readonly env?: NodeJS.ProcessEnv;
    readonly cwd?: string;
    /** Text written to the child's stdin. */
    readonly input?: string;
    /** Kill the child after this many milliseconds (default 30 minutes). */
    readonly timeoutMs?: number;
}

/** Runs a command to completion and returns its output and wall time; never throws on a non-zero exit. */
export function runChild(command: string, args: readonly string[], options: ChildOptions = {}): Promise<ChildResult> {
    return new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        const child = spawn(command, [...args], {
            cwd: options.cwd ?? REPO,
            env: options.env ?? process.env,
            stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout?.on("data", (d: Buffer) => out.push(d));
        child.stderr?.on("data", (d: Buffer) => err.push(d));
        const timer = setTimeout(() => child.kill("SIGTERM"), options.timeoutMs ?? 30 * 60 * 1000);
        child.on("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({
                code: code ?? -1,
                stdout: Buffer.concat(out).toString("utf8"),
                stderr: Buffer.concat(err).toString("utf8"),
                ms: msSince(start),
            });
        });
        if (options.input !== undefined && child.stdin) {
            child.stdin.on("error", () => undefined); // the child may exit without reading its input
            child.stdin.end(options.input);
        }
    });
}

/** Parses the last line of a child's stdout as JSON of type T (the workers' report line). */
export function lastJsonLine<T>(stdout: string): T {
    const lines = stdout.trim().split("\n");
    const last = lines[lines.length - 1] ?? "";
    return JSON.parse(last) as T;
}

/** Writes a progress line to stderr (the table goes to stdout). */
export function log(message: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** A figure that compares two wall times in ms: value, baseline and their ratio. */
export function versusMs(name: string, valueMs: number, baselineMs: number, notes: string): BenchResult {
    return {
        name,
        value: round(valueMs, 0),
        unit: "ms",
        baseline: round(baselineMs, 0),
        ratio: round(valueMs / baselineMs),
        notes,
    };
}

/** Samples in ms as a list of seconds, for notes: `8.3, 9.4`. */
export function seconds(samples: readonly number[]): string {
    return samples.map((x) => round(x / 1000, 1)).join(", ");
}
