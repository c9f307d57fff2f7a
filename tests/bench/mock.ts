/**
 * Benchmark 1: building N workloads (a mix of all twelve components) under Pulumi mocks, against the same Kubernetes
 * resources constructed directly with @pulumi/kubernetes. Each configuration runs in its own child process so that
 * its peak RSS is its own.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BENCH_BIN, BenchOptions, BenchResult, lastJsonLine, log, machine, median, round, runChild } from "./common";
import { RecordedK8s } from "./mocks";
import type { WorkerReport } from "./mockWorker";

/** Workload counts measured in full mode. */
export const MOCK_SIZES = [10, 100, 1000] as const;
/** The only size of a smoke run. */
const SMOKE_SIZES = [10] as const;

const WORKER = path.join(BENCH_BIN, "mockWorker.js");
const GOAL_RATIO = 1.15;

async function worker(args: readonly string[]): Promise<WorkerReport> {
    const result = await runChild(process.execPath, ["--max-old-space-size=8192", WORKER, ...args]);
    // The Pulumi runtime sets exit code 1 when output promises are still pending at exit (the mocks never finish
    // some component outputs); the report line is what counts.
    if (!result.stdout.trim().startsWith("{")) {
        throw new Error(`mockWorker ${args.join(" ")} failed (exit ${result.code}): ${result.stderr.slice(-2000)}`);
    }
    return lastJsonLine<WorkerReport>(result.stdout);
}

/** Records the Kubernetes resources that `workloads` components register (the raw baseline's input). */
export async function recordWorkloads(workloads: number): Promise<{ file: string; records: RecordedK8s[] }> {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "k8sw-bench-")), `records-${workloads}.json`);
    await worker(["record", String(workloads), file]);
    return { file, records: JSON.parse(fs.readFileSync(file, "utf8")) as RecordedK8s[] };
}

/** Runs of one size: fewer for the largest, which takes seconds per build. */
function runsFor(size: number, options: BenchOptions): number {
    return size >= 1000 ? Math.max(1, Math.min(options.runs, 3)) : options.runs;
}

const mib = (kib: number) => round(kib / 1024, 0);

/** Measures one size; returns its two figures and the recorded resources. */
async function measureSize(
    size: number,
    options: BenchOptions,
): Promise<{ results: BenchResult[]; records: RecordedK8s[] }> {
    const { file, records } = await recordWorkloads(size);
    try {
        const runs = String(runsFor(size, options));
        const warmups = String(options.warmups);
        log(`mock: ${size} workloads (${records.length} kubernetes resources), components then raw`);
        const comp = await worker(["components", String(size), runs, warmups]);
        const raw = await worker(["raw", file, runs, warmups]);
        const value = median(comp.samples);
        const baseline = median(raw.samples);
        const shared = `${size} workloads = ${comp.registrations - records.length} components registering ${records.length} kubernetes resources; median of ${runs} builds after ${warmups} warm-up, each in a fresh child process per side`;
        const overhead: BenchResult = {
            name: `mock-eval-overhead-${size}`,
            value: round(value, 1),
            unit: "ms",
            baseline: round(baseline, 1),
            ratio: round(value / baseline),
            notes: `${shared}; ${round(value / size, 2)} ms/workload (raw ${round(baseline / size, 2)}); peak RSS components ${mib(comp.maxRssKiB)} MiB, raw ${mib(raw.maxRssKiB)} MiB; goal ratio <= ${GOAL_RATIO}. ${machine()}`,
        };
        const rss: BenchResult = {
            name: `mock-eval-peak-rss-${size}`,
            value: mib(comp.maxRssKiB),
            unit: "MiB",
            baseline: mib(raw.maxRssKiB),
            ratio: round(comp.maxRssKiB / raw.maxRssKiB),
            notes: `peak RSS (process.resourceUsage().maxRSS) of the child that built ${size} workloads ${Number(warmups) + Number(runs)} times (components) vs the raw resources as many times. ${machine()}`,
        };
        return { results: [overhead, rss], records };
    } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
}

/** The mock figures for every size, plus the 100-workload records (the policy corpus source). */
export async function mockBenchmarks(
    options: BenchOptions,
): Promise<{ results: BenchResult[]; records: RecordedK8s[] | undefined }> {
    const results: BenchResult[] = [];
    let records: RecordedK8s[] | undefined;
    for (const size of options.smoke ? SMOKE_SIZES : MOCK_SIZES) {
        const measured = await measureSize(size, options);
        results.push(...measured.results);
        if (size === 100 || options.smoke) {
            records = measured.records;
        }
    }
    if (!options.smoke) {
        results.push(linearity(results));
    }
    return { results, records };
}

/** Growth from 10 to 1000 workloads: ms/workload at 1000 divided by ms/workload at 100 (1 = linear). */
function linearity(results: readonly BenchResult[]): BenchResult {
    const at = (n: number) => results.find((r) => r.name === `mock-eval-overhead-${n}`)?.value ?? null;
    const [v10, v100, v1000] = [at(10), at(100), at(1000)];
    const perWorkload = (v: number | null, n: number) => (v === null ? null : v / n);
    const p100 = perWorkload(v100, 100);
    const p1000 = perWorkload(v1000, 1000);
    const ratio = p100 !== null && p1000 !== null ? round(p1000 / p100) : null;
    return {
        name: "mock-eval-growth",
        value: p1000 === null ? null : round(p1000, 2),
        unit: "ms/workload",
        baseline: p100 === null ? null : round(p100, 2),
        ratio,
        notes: `components: ms per workload at 1000 (value) vs at 100 (baseline); ratio 1 = linear growth (10: ${v10 ?? "-"} ms, 100: ${v100 ?? "-"} ms, 1000: ${v1000 ?? "-"} ms). ${machine()}`,
    };
}
