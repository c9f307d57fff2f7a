/**
 * Benchmark 3 on the local KWOK cluster: `pulumi up` of the dev stack against `kubectl apply` of the same rendered
 * manifests, from empty and with nothing to change (plus preview, and the phases of a no-op up). It uses its own
 * stack (bench-dev) and cleans up after itself. Benchmark 4 (scale) is in scale.ts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    BENCH_BIN,
    BenchOptions,
    BenchResult,
    lastJsonLine,
    log,
    median,
    msSince,
    round,
    runChild,
    skipped,
} from "./common";
import { existingNamespaces, kubectl, recycleVolumes, waitReady, workloadsOf } from "./kube";
import { BENCH_DEV_STACK } from "./settings";
import type { StackReport } from "./stackWorker";
import { UpSamples, noopResult, upResults } from "./upFigures";

/** Fixed-name objects of any dev-like stack: while one of these exists, bench-dev would collide with it. */
export const DEV_NAMESPACES = ["workloads-dev", "monitoring"];
/** The stack programs of stackWorker. */
export type Program = "dev" | "dev-skip-service-await" | "dev-real" | "scale";

/** Runs one stack operation in a fresh child process; returns its report and wall time. */
export async function stackOp(
    env: NodeJS.ProcessEnv,
    op: string,
    stack: string,
    program: Program,
    policy = false,
): Promise<StackReport & { wallMs: number }> {
    const args = [path.join(BENCH_BIN, "stackWorker.js"), op, stack, program, ...(policy ? ["--policy"] : [])];
    const result = await runChild(process.execPath, args, { env });
    if (result.code !== 0) {
        throw new Error(`${op} ${stack} failed: ${result.stderr.slice(-3000)}`);
    }
    return { ...lastJsonLine<StackReport>(result.stdout), wallMs: result.ms };
}

/** Destroys a benchmark stack and makes its released volumes bindable again. */
export async function destroy(env: NodeJS.ProcessEnv, stack: string, program: Program): Promise<void> {
    await stackOp(env, "destroy", stack, program);
    await recycleVolumes(env);
}

/** Renders a stack program's objects to a YAML file (the program under mocks). */
export async function renderProgram(env: NodeJS.ProcessEnv, program: "dev" | "dev-real" | "scale"): Promise<string> {
    const result = await runChild(process.execPath, [path.join(BENCH_BIN, "renderStack.js"), program], { env });
    if (result.code !== 0) {
        throw new Error(`renderStack ${program} failed: ${result.stderr.slice(-2000)}`);
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `k8sw-bench-${program}-`)), `${program}.yaml`);
    fs.writeFileSync(file, result.stdout);
    return file;
}

/** What one kubectl cycle measured (ms). */
export interface KubectlTimes {
    /** `kubectl apply -f` from empty until every workload is ready. */
    readonly apply: number;
    /** A second `kubectl apply -f` of the same, unchanged manifests. */
    readonly noop: number;
    /** The objects the second apply reported `configured` rather than `unchanged`. */
    readonly noopConfigured: string[];
}

/** One kubectl cycle: apply, wait until Ready (timed), apply again with nothing to change (timed), delete. */
export async function kubectlCycle(env: NodeJS.ProcessEnv, file: string): Promise<KubectlTimes> {
    const refs = workloadsOf(fs.readFileSync(file, "utf8"));
    await recycleVolumes(env);
    try {
        const start = process.hrtime.bigint();
        await kubectl(env, ["apply", "-f", file]);
        await waitReady(env, refs);
        const apply = msSince(start);
        const again = process.hrtime.bigint();
        const output = await kubectl(env, ["apply", "-f", file]);
        const noop = msSince(again);
        const lines = output.split("\n").filter((l) => l.trim() !== "");
        const created = lines.filter((l) => l.endsWith(" created"));
        if (created.length > 0) {
            throw new Error(`the second kubectl apply created objects: ${created.slice(0, 5).join("; ")}`);
        }
        const noopConfigured = lines.filter((l) => l.endsWith(" configured")).map((l) => l.replace(/ configured$/, ""));
        return { apply, noop, noopConfigured };
    } finally {
        await kubectl(env, ["delete", "-f", file, "--ignore-not-found", "--wait=true", "--timeout=600s"], true);
        await recycleVolumes(env);
    }
}

/** One Pulumi cycle: preview, up, no-op up (all timed), destroy; adds to `s` when `record`. */
async function pulumiCycle(env: NodeJS.ProcessEnv, s: UpSamples, record: boolean): Promise<number> {
    await recycleVolumes(env);
    try {
        const preview = await stackOp(env, "preview", BENCH_DEV_STACK, "dev", true);
        const up = await stackOp(env, "up", BENCH_DEV_STACK, "dev", true);
        const noop = await stackOp(env, "up", BENCH_DEV_STACK, "dev", true);
        const noopNoPolicy = await stackOp(env, "up", BENCH_DEV_STACK, "dev", false);
        const noopRefresh = await stackOp(env, "up-refresh", BENCH_DEV_STACK, "dev", true);
        for (const [what, report] of [
            ["no-op up", noop],
            ["no-op up without the policy pack", noopNoPolicy],
            ["no-op up --refresh", noopRefresh],
        ] as const) {
            assertNoChanges(what, report.changes);
        }
        if (record) {
            s.preview.push(preview.opMs);
            s.up.push(up.opMs);
            s.noop.push(noop.opMs);
            s.noopNoPolicy.push(noopNoPolicy.opMs);
            s.noopRefresh.push(noopRefresh.opMs);
            s.noopPhases.push(noop.phases ?? {});
            s.wall.push(up.wallMs);
            s.slowest = up.slowest ?? [];
            s.firstStepMs = up.firstStepMs ?? 0;
        }
        return up.opMs;
    } finally {
        await destroy(env, BENCH_DEV_STACK, "dev");
    }
}

/** Throws when an operation that should change nothing reports creates, updates, replaces or deletes. */
function assertNoChanges(what: string, changes: Record<string, number>): void {
    const changed = Object.entries(changes).filter(([op, n]) => op !== "same" && n > 0);
    if (changed.length > 0) {
        throw new Error(`${what} changed resources: ${changed.map(([op, n]) => `${op} ${n}`).join(", ")}`);
    }
}

/** A diagnostic cycle: an up from empty of a variant of the dev program (timed), then destroy. */
async function diagnosticUpCycle(
    env: NodeJS.ProcessEnv,
    program: Program,
    policy: boolean,
): Promise<StackReport & { wallMs: number }> {
    await recycleVolumes(env);
    try {
        return await stackOp(env, "up", BENCH_DEV_STACK, program, policy);
    } finally {
        await destroy(env, BENCH_DEV_STACK, "dev");
    }
}

/** Cluster runs: at most `options.runs`, since one cycle takes minutes (override with BENCH_CLUSTER_RUNS). */
export function clusterRuns(options: BenchOptions): number {
    return Number(process.env.BENCH_CLUSTER_RUNS ?? Math.min(options.runs, 3));
}

/** The figures of {@link upBenchmarks}. */
export const UP_NAMES = [
    "up-vs-kubectl-apply",
    "up-noop-vs-kubectl-apply-noop",
    "preview-dev",
    "up-noop",
    "up-dev-skip-service-await",
    "up-dev-no-policy-pack",
] as const;

/**
 * Why the KWOK-only figures cannot run on this cluster, or undefined. A node agent of the dev stack (realNode=false)
 * tolerates every taint, so on a cluster with the real node its pod lands on real-0 and waits for an image that is
 * not local: these figures need the cluster without it (the group `real` measures the real-pod variant).
 */
async function upProblem(env: NodeJS.ProcessEnv): Promise<string | undefined> {
    const nodes = await kubectl(env, ["get", "nodes", "-o", "name"]);
    if (nodes.split("\n").includes("node/real-0")) {
        return "the real node real-0 is part of the cluster, where the KWOK-only dev stack's node-exporter pod would wait for an image that is not local: measure these figures on a cluster without it (bash scripts/cluster-down.sh && K8S_WORKLOADS_REAL_NODE=0 bash scripts/cluster-up.sh), and the real-pod figure with --only real";
    }
    const taken = await existingNamespaces(env, DEV_NAMESPACES);
    return taken.length > 0
        ? `another dev-like stack is deployed on the cluster (namespaces ${taken.join(", ")} exist; bench-dev would collide with its fixed-name objects): destroy it and re-run with --only up`
        : undefined;
}

/** The figures of {@link UP_NAMES}, from `warmups` + `BENCH_CLUSTER_RUNS` cycles of pulumi and kubectl. */
export async function upBenchmarks(env: NodeJS.ProcessEnv, options: BenchOptions): Promise<BenchResult[]> {
    // Leftovers of an interrupted run of ours go first; anything dev-like left after that belongs to someone else.
    await destroy(env, BENCH_DEV_STACK, "dev");
    const reason = await upProblem(env);
    if (reason !== undefined) {
        return UP_NAMES.map((n) => skipped(n, "ms", reason));
    }
    const file = await renderProgram(env, "dev");
    try {
        const runs = clusterRuns(options);
        const s: UpSamples = {
            preview: [],
            up: [],
            noop: [],
            noopNoPolicy: [],
            noopRefresh: [],
            noopPhases: [],
            wall: [],
            skipAwait: [],
            noPolicy: [],
            noPolicyFirstStepMs: 0,
            kubectl: [],
            kubectlNoop: [],
            kubectlNoopConfigured: [],
            slowest: [],
            firstStepMs: 0,
        };
        const cliStart = await pulumiVersionMs(env, options);
        for (let i = 0; i < options.warmups + runs; i++) {
            const record = i >= options.warmups;
            log(`cluster: ${record ? `run ${i - options.warmups + 1}/${runs}` : "warm-up"}: pulumi`);
            const up = await pulumiCycle(env, s, record);
            const skip = (await diagnosticUpCycle(env, "dev-skip-service-await", true)).opMs;
            const noPolicy = await diagnosticUpCycle(env, "dev", false);
            log(
                `cluster: pulumi up ${round(up / 1000, 1)} s (Services not awaited: ${round(skip / 1000, 1)} s; ` +
                    `no policy pack: ${round(noPolicy.opMs / 1000, 1)} s); kubectl`,
            );
            const k = await kubectlCycle(env, file);
            log(`cluster: kubectl apply+wait ${round(k.apply / 1000, 1)} s, no-op apply ${round(k.noop / 1000, 1)} s`);
            if (record) {
                s.skipAwait.push(skip);
                s.noPolicy.push(noPolicy.opMs);
                s.noPolicyFirstStepMs = noPolicy.firstStepMs ?? 0;
                s.kubectl.push(k.apply);
                s.kubectlNoop.push(k.noop);
                s.kubectlNoopConfigured = k.noopConfigured;
            }
        }
        await stackOp(env, "remove", BENCH_DEV_STACK, "dev");
        const workloads = workloadsOf(fs.readFileSync(file, "utf8")).length;
        return [...upResults(s, runs, options.warmups, workloads), noopResult(s, cliStart, runs, options.warmups)];
    } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
}

/** Median ms of `pulumi version`: the CLI binary's own start-up, before any stack, plugin or program. */
async function pulumiVersionMs(env: NodeJS.ProcessEnv, options: BenchOptions): Promise<number> {
    const samples: number[] = [];
    for (let i = 0; i < options.warmups + options.runs; i++) {
        const result = await runChild("pulumi", ["version"], { env });
        if (result.code !== 0) {
            throw new Error(`pulumi version failed: ${result.stderr.slice(-500)}`);
        }
        if (i >= options.warmups) {
            samples.push(result.ms);
        }
    }
    return median(samples);
}
