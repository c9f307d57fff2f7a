/**
 * `npm run bench`: runs the benchmarks, prints a table and writes tests/bench/results.json.
 *
 *   node bin/tests/bench/run.js [--only mock,policy,up,real,scale] [--quick] [--runs N] [--warmups N] [--start-cluster]
 *   node bin/tests/bench/run.js --smoke      (CI: mock and policy at their smallest sizes; fails if a figure is
 *                                             missing, asserts no timing, writes nothing)
 *
 * Env: BENCH_ONLY (same as --only), BENCH_QUICK=1, BENCH_RUNS, BENCH_WARMUPS, BENCH_CLUSTER_RUNS (cluster cycles).
 * Figures that need the toolchain or cluster are reported as skipped, with the reason, when they are missing.
 */
import * as fs from "fs";
import * as path from "path";
import { UP_NAMES, upBenchmarks } from "./cluster";
import { BenchOptions, BenchResult, REPO, log, machine, msSince, round, runChild, skipped } from "./common";
import { clusterProblem, toolchainEnv } from "./kube";
import { MOCK_SIZES, mockBenchmarks, recordWorkloads } from "./mock";
import { policyBenchmarks } from "./policy";
import { REAL_NAME, realBenchmarks } from "./real";
import { SCALE_NAME, SCALE_NAMES, scaleBenchmarks } from "./scale";
import { RecordedK8s } from "./mocks";

/** The benchmark groups, in run order. */
export const GROUPS = ["mock", "policy", "up", "real", "scale"] as const;
/** One of {@link GROUPS}. */
export type Group = (typeof GROUPS)[number];
/** The groups of a smoke run: the ones that need no cluster. */
const SMOKE_GROUPS: Group[] = ["mock", "policy"];

/** Parsed command line. */
export interface RunArgs {
    readonly groups: readonly Group[];
    readonly options: BenchOptions;
    /** Start the local cluster when it is down (and stop it at the end). */
    readonly startCluster: boolean;
}

/** The file the results go to (the source tree, not bin/). */
export const RESULTS_FILE = path.join(REPO, "tests", "bench", "results.json");

function parseGroups(text: string): Group[] {
    const groups = text.split(",").map((g) => g.trim());
    for (const g of groups) {
        if (!(GROUPS as readonly string[]).includes(g)) {
            throw new Error(`--only takes a comma-separated list of ${GROUPS.join(", ")} (got "${g}")`);
        }
    }
    return groups as Group[];
}

/** Parses the flags (and their environment-variable forms). */
export function parseRunArgs(argv: readonly string[], env: NodeJS.ProcessEnv): RunArgs {
    let only = env.BENCH_ONLY;
    let quick = env.BENCH_QUICK === "1";
    let runs = env.BENCH_RUNS;
    let warmups = env.BENCH_WARMUPS;
    let startCluster = false;
    let smoke = false;
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = (): string => {
            const v = argv[++i];
            if (v === undefined) {
                throw new Error(`${flag ?? ""} needs a value`);
            }
            return v;
        };
        if (flag === "--only") only = value();
        else if (flag === "--quick") quick = true;
        else if (flag === "--runs") runs = value();
        else if (flag === "--warmups") warmups = value();
        else if (flag === "--start-cluster") startCluster = true;
        else if (flag === "--smoke") smoke = true;
        else
            throw new Error(
                `unknown option "${flag ?? ""}" (--only, --quick, --runs, --warmups, --start-cluster, --smoke)`,
            );
    }
    const options: BenchOptions = {
        quick: quick || smoke,
        smoke,
        runs: Number(runs ?? (quick || smoke ? 1 : 5)),
        warmups: Number(warmups ?? 1),
    };
    const groups = only ? parseGroups(only) : smoke ? SMOKE_GROUPS : [...GROUPS];
    return { groups, options, startCluster };
}

/** A goal on the ratio column. */
function ratioAtMost(limit: number): { text: string; met: (r: BenchResult) => boolean } {
    return { text: `ratio <= ${limit}`, met: (r) => (r.ratio ?? Infinity) <= limit };
}

/** The goal of a figure, as text and as a check on the result (undefined: no goal). */
const GOALS: Record<string, { text: string; met: (r: BenchResult) => boolean }> = {
    "mock-eval-overhead-10": ratioAtMost(1.15),
    "mock-eval-overhead-100": ratioAtMost(1.15),
    "mock-eval-overhead-1000": ratioAtMost(1.15),
    "mock-eval-growth": { text: "ratio <= 1.1 (linear)", met: (r) => (r.ratio ?? Infinity) <= 1.1 },
    "policy-throughput": { text: ">= 10000/s", met: (r) => (r.value ?? 0) >= 10_000 },
    "policy-vs-parse": { text: "ratio <= 1.5", met: (r) => (r.ratio ?? Infinity) <= 1.5 },
    "policy-vs-kube-score": { text: "ratio <= 0.1", met: (r) => (r.ratio ?? Infinity) <= 0.1 },
    "up-vs-kubectl-apply": ratioAtMost(1.5),
    "up-noop-vs-kubectl-apply-noop": ratioAtMost(2.0),
    [REAL_NAME]: ratioAtMost(1.3),
    [SCALE_NAME]: ratioAtMost(2.0),
};

/** The verdict column of the table. */
export function verdict(r: BenchResult): string {
    const goal = GOALS[r.name];
    if (r.value === null) {
        return "skipped";
    }
    return goal === undefined ? "" : `${goal.met(r) ? "met" : "MISSED"} (${goal.text})`;
}

/** The results as a Markdown table. */
export function table(results: readonly BenchResult[]): string {
    const cell = (v: number | null) => (v === null ? "-" : String(v));
    const rows = results.map(
        (r) => `| ${r.name} | ${cell(r.value)} | ${r.unit} | ${cell(r.baseline)} | ${cell(r.ratio)} | ${verdict(r)} |`,
    );
    return ["| name | value | unit | baseline | ratio | goal |", "|---|---|---|---|---|---|", ...rows].join("\n");
}

/** Merges new results over the previous file (by name), keeping the contract order of first appearance. */
function mergeResults(fresh: readonly BenchResult[]): BenchResult[] {
    const previous: BenchResult[] = fs.existsSync(RESULTS_FILE)
        ? (JSON.parse(fs.readFileSync(RESULTS_FILE, "utf8")) as BenchResult[])
        : [];
    const byName = new Map(previous.map((r) => [r.name, r]));
    for (const r of fresh) {
        byName.set(r.name, r);
    }
    return [...byName.values()];
}

async function mockAndPolicy(args: RunArgs): Promise<BenchResult[]> {
    const results: BenchResult[] = [];
    let records: RecordedK8s[] | undefined;
    if (args.groups.includes("mock")) {
        const mock = await mockBenchmarks(args.options);
        results.push(...mock.results);
        records = mock.records;
    }
    if (args.groups.includes("policy")) {
        records ??= (await recordWorkloads(100)).records;
        results.push(...(await policyBenchmarks(records, args.options)));
    }
    return results;
}

async function clusterFigures(args: RunArgs): Promise<BenchResult[]> {
    const wantUp = args.groups.includes("up");
    const wantScale = args.groups.includes("scale");
    const wantReal = args.groups.includes("real");
    if (!wantUp && !wantScale && !wantReal) {
        return [];
    }
    const env = await toolchainEnv();
    let problem = await clusterProblem(env);
    let started = false;
    if (problem !== undefined && args.startCluster && !problem.includes("not on PATH")) {
        log("cluster: starting it (scripts/cluster-up.sh)");
        started = (await runChild("bash", ["scripts/cluster-up.sh"], { env })).code === 0;
        problem = await clusterProblem(env);
    }
    const skipAll = (reason: string): BenchResult[] => [
        ...(wantUp ? UP_NAMES.map((n) => skipped(n, "ms", reason)) : []),
        ...(wantReal ? [skipped(REAL_NAME, "ms", reason)] : []),
        ...(wantScale ? SCALE_NAMES.map((n) => skipped(n, "ms", reason)) : []),
    ];
    if (problem !== undefined) {
        return skipAll(problem);
    }
    try {
        const results: BenchResult[] = [];
        if (wantUp) results.push(...(await guard(() => upBenchmarks(env, args.options), UP_NAMES)));
        if (wantReal) results.push(...(await guard(() => realBenchmarks(env, args.options), [REAL_NAME])));
        if (wantScale) results.push(...(await guard(() => scaleBenchmarks(env), SCALE_NAMES)));
        return results;
    } finally {
        if (started) {
            log("cluster: stopping it again (scripts/cluster-down.sh)");
            await runChild("bash", ["scripts/cluster-down.sh"], { env });
        }
    }
}

/** Runs a figure group; a failure becomes skipped figures carrying the error, so the other figures survive. */
async function guard(run: () => Promise<BenchResult[]>, names: readonly string[]): Promise<BenchResult[]> {
    try {
        return await run();
    } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, " ").slice(-600);
        log(`failed: ${message}`);
        return names.map((n) => skipped(n, "ms", `failed: ${message}`));
    }
}

/** Prints the smoke run's table and fails when a figure is missing (skipped or failed); no timing is judged. */
function smokeReport(results: readonly BenchResult[]): void {
    const missing = results.filter((r) => r.value === null);
    process.stdout.write(`${table(results)}\n\nsmoke run: ${results.length} figures produced, none judged\n`);
    if (results.length === 0 || missing.length > 0) {
        throw new Error(`smoke run: figures missing: ${missing.map((r) => `${r.name} (${r.notes})`).join("; ")}`);
    }
}

async function main(): Promise<void> {
    const args = parseRunArgs(process.argv.slice(2), process.env);
    const start = process.hrtime.bigint();
    log(
        `groups ${args.groups.join(",")}; ${args.options.runs} runs after ${args.options.warmups} warm-up${args.options.quick ? " (quick)" : ""}; mock sizes ${MOCK_SIZES.join(", ")}; ${machine()}`,
    );
    const results = [...(await mockAndPolicy(args)), ...(await clusterFigures(args))];
    if (args.options.smoke) {
        smokeReport(results);
        return;
    }
    const merged = mergeResults(results);
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(merged, null, 4)}\n`);
    process.stdout.write(
        `${table(results)}\n\n${machine()}\nwrote ${path.relative(REPO, RESULTS_FILE)} (${merged.length} figures) in ${round(msSince(start) / 1000, 1)} s\n`,
    );
}

if (require.main === module) {
    main().catch((err: unknown) => {
        process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
    });
}
