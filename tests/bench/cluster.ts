/**
 * Benchmarks 3 and 4 on the local KWOK cluster: `pulumi up` of the dev stack against `kubectl apply` of the same
 * rendered manifests (plus preview and no-op up), and 200 workloads on a 100-node simulated cluster.
 * Both use their own stacks (bench-dev, bench-scale) and clean up after themselves.
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
    machine,
    median,
    msSince,
    round,
    runChild,
    skipped,
} from "./common";
import {
    apiRequestsByVerb,
    existingNamespaces,
    kubectl,
    recycleVolumes,
    requestDelta,
    total,
    waitReady,
    workloadsOf,
} from "./kube";
import { BENCH_DEV_STACK, BENCH_SCALE_STACK, SCALE_NODES, SCALE_WORKLOADS } from "./settings";
import type { StackReport } from "./stackWorker";

/** Fixed-name objects of any dev-like stack: while one of these exists, bench-dev would collide with it. */
const DEV_NAMESPACES = ["workloads-dev", "monitoring"];
/** The stack programs of stackWorker. */
type Program = "dev" | "dev-skip-service-await" | "scale";
const UP_GOAL = 1.5;

/** Runs one stack operation in a fresh child process; returns its report and wall time. */
async function stackOp(
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
async function destroy(env: NodeJS.ProcessEnv, stack: string, program: Program): Promise<void> {
    await stackOp(env, "destroy", stack, program);
    await recycleVolumes(env);
}

/** Renders the dev stack's objects to a YAML file (the stack program under mocks). */
async function renderDev(env: NodeJS.ProcessEnv): Promise<string> {
    const result = await runChild(process.execPath, [path.join(BENCH_BIN, "renderStack.js")], { env });
    if (result.code !== 0) {
        throw new Error(`renderStack failed: ${result.stderr.slice(-2000)}`);
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "k8sw-bench-dev-")), "dev.yaml");
    fs.writeFileSync(file, result.stdout);
    return file;
}

/** One kubectl cycle: apply, wait until Ready (timed), delete. */
async function kubectlCycle(env: NodeJS.ProcessEnv, file: string): Promise<number> {
    const refs = workloadsOf(fs.readFileSync(file, "utf8"));
    await recycleVolumes(env);
    try {
        const start = process.hrtime.bigint();
        await kubectl(env, ["apply", "-f", file]);
        await waitReady(env, refs);
        return msSince(start);
    } finally {
        await kubectl(env, ["delete", "-f", file, "--ignore-not-found", "--wait=true", "--timeout=600s"], true);
        await recycleVolumes(env);
    }
}

/** The timed samples of the up benchmark, one entry per run. */
interface UpSamples {
    readonly preview: number[];
    readonly up: number[];
    readonly noop: number[];
    readonly wall: number[];
    readonly skipAwait: number[];
    readonly kubectl: number[];
    /** The slowest resource steps of the last `up`. */
    slowest: string[];
    firstStepMs: number;
}

/** One Pulumi cycle: preview, up, no-op up (all timed), destroy; adds to `s` when `record`. */
async function pulumiCycle(env: NodeJS.ProcessEnv, s: UpSamples, record: boolean): Promise<number> {
    await recycleVolumes(env);
    try {
        const preview = await stackOp(env, "preview", BENCH_DEV_STACK, "dev", true);
        const up = await stackOp(env, "up", BENCH_DEV_STACK, "dev", true);
        const noop = await stackOp(env, "up", BENCH_DEV_STACK, "dev", true);
        if (record) {
            s.preview.push(preview.opMs);
            s.up.push(up.opMs);
            s.noop.push(noop.opMs);
            s.wall.push(up.wallMs);
            s.slowest = up.slowest ?? [];
            s.firstStepMs = up.firstStepMs ?? 0;
        }
        return up.opMs;
    } finally {
        await destroy(env, BENCH_DEV_STACK, "dev");
    }
}

/** The diagnostic cycle: up of the dev program with the Services' await skipped (timed), destroy. */
async function skipAwaitCycle(env: NodeJS.ProcessEnv): Promise<number> {
    await recycleVolumes(env);
    try {
        return (await stackOp(env, "up", BENCH_DEV_STACK, "dev-skip-service-await", true)).opMs;
    } finally {
        await destroy(env, BENCH_DEV_STACK, "dev");
    }
}

/** Cluster runs: at most `options.runs`, since one cycle takes minutes (override with BENCH_CLUSTER_RUNS). */
function clusterRuns(options: BenchOptions): number {
    return Number(process.env.BENCH_CLUSTER_RUNS ?? Math.min(options.runs, 3));
}

const UP_NAMES = ["up-vs-kubectl-apply", "preview-dev", "up-noop", "up-dev-skip-service-await"] as const;

/** `up-vs-kubectl-apply`, `preview-dev`, `up-noop` and the diagnostic `up-dev-skip-service-await`. */
export async function upBenchmarks(env: NodeJS.ProcessEnv, options: BenchOptions): Promise<BenchResult[]> {
    // Leftovers of an interrupted run of ours go first; anything dev-like left after that belongs to someone else.
    await destroy(env, BENCH_DEV_STACK, "dev");
    const taken = await existingNamespaces(env, DEV_NAMESPACES);
    if (taken.length > 0) {
        const reason = `another dev-like stack is deployed on the cluster (namespaces ${taken.join(", ")} exist; bench-dev would collide with its fixed-name objects): destroy it and re-run with --only up`;
        return UP_NAMES.map((n) => skipped(n, "ms", reason));
    }
    const file = await renderDev(env);
    try {
        const runs = clusterRuns(options);
        const s: UpSamples = {
            preview: [],
            up: [],
            noop: [],
            wall: [],
            skipAwait: [],
            kubectl: [],
            slowest: [],
            firstStepMs: 0,
        };
        for (let i = 0; i < options.warmups + runs; i++) {
            const record = i >= options.warmups;
            log(`cluster: ${record ? `run ${i - options.warmups + 1}/${runs}` : "warm-up"}: pulumi`);
            const up = await pulumiCycle(env, s, record);
            const skip = await skipAwaitCycle(env);
            log(
                `cluster: pulumi up ${round(up / 1000, 1)} s (Services not awaited: ${round(skip / 1000, 1)} s); kubectl`,
            );
            const k = await kubectlCycle(env, file);
            log(`cluster: kubectl apply+wait ${round(k / 1000, 1)} s`);
            if (record) {
                s.skipAwait.push(skip);
                s.kubectl.push(k);
            }
        }
        await stackOp(env, "remove", BENCH_DEV_STACK, "dev");
        return upResults(s, runs, options.warmups, workloadsOf(fs.readFileSync(file, "utf8")).length);
    } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
}

const seconds = (samples: readonly number[]) => samples.map((x) => round(x / 1000, 1)).join(", ");

function upResults(s: UpSamples, runs: number, warmups: number, workloads: number): BenchResult[] {
    const how = `median of ${runs} after ${warmups} warm-up; stack bench-dev (environment=dev, policy pack on), each operation a fresh process (Automation API + the pulumi CLI)`;
    const up = median(s.up);
    const kc = median(s.kubectl);
    return [
        {
            name: "up-vs-kubectl-apply",
            value: round(up, 0),
            unit: "ms",
            baseline: round(kc, 0),
            ratio: round(up / kc),
            notes: `value = \`pulumi up\` of the dev stack from empty until the provider reports every resource ready (samples ${seconds(s.up)} s; worker process wall ${round(median(s.wall) / 1000, 1)} s; first resource step after ${round(s.firstStepMs / 1000, 1)} s; slowest steps of the last up, start+duration: ${s.slowest.join("; ")}); baseline = \`kubectl apply -f\` of the same rendered manifests + \`kubectl rollout status\`/\`kubectl wait --for=condition=complete\` of its ${workloads} workloads in parallel (samples ${seconds(s.kubectl)} s); ${how}; goal ratio <= ${UP_GOAL}. ${machine()}`,
        },
        {
            name: "preview-dev",
            value: round(median(s.preview), 0),
            unit: "ms",
            baseline: null,
            ratio: null,
            notes: `\`pulumi preview\` of the dev stack against an empty stack (samples ${seconds(s.preview)} s); ${how}. ${machine()}`,
        },
        {
            name: "up-noop",
            value: round(median(s.noop), 0),
            unit: "ms",
            baseline: null,
            ratio: null,
            notes: `a second \`pulumi up\` of the dev stack with nothing to change (samples ${seconds(s.noop)} s); ${how}. ${machine()}`,
        },
        {
            name: "up-dev-skip-service-await",
            value: round(median(s.skipAwait), 0),
            unit: "ms",
            baseline: round(kc, 0),
            ratio: round(median(s.skipAwait) / kc),
            notes: `diagnostic: the same up with \`pulumi.com/skipAwait: "true"\` added to every Service by a stack transformation (samples ${seconds(s.skipAwait)} s), against the same kubectl baseline. The provider's Service await sleeps a fixed 10 s after each Endpoints change (pulumi-kubernetes provider/pkg/await/service.go), which is on the critical path of the default up; ${how}. ${machine()}`,
        },
    ];
}

/** Adds worker nodes up to `SCALE_NODES`; returns the names added (to delete afterwards). */
async function ensureNodes(env: NodeJS.ProcessEnv): Promise<string[]> {
    const nodes = (await kubectl(env, ["get", "nodes", "-o", "name"]))
        .split("\n")
        .filter((n) => n.startsWith("node/kwok-node-"));
    if (nodes.length >= SCALE_NODES) {
        return [];
    }
    log(`scale: adding ${SCALE_NODES - nodes.length} simulated nodes`);
    const result = await runChild("bash", [path.join("scripts", "cluster-up.sh")], {
        env: { ...env, K8S_WORKLOADS_NODES: String(SCALE_NODES) },
    });
    if (result.code !== 0) {
        throw new Error(`cluster-up.sh (node top-up) failed: ${result.stderr.slice(-1500)}`);
    }
    return Array.from({ length: SCALE_NODES - nodes.length }, (_, i) => `kwok-node-${nodes.length + i}`);
}

const SCALE_NAME = `scale-${SCALE_WORKLOADS}x${SCALE_NODES}`;

/** What one scale `up` measured. */
interface ScaleRun {
    readonly up: StackReport & { wallMs: number };
    readonly delta: Map<string, number>;
    readonly pods: number;
}

/** Runs the scale `up` and counts API requests and pods; the caller destroys. */
async function scaleUp(env: NodeJS.ProcessEnv): Promise<ScaleRun> {
    const before = await apiRequestsByVerb(env);
    const up = await stackOp(env, "up", BENCH_SCALE_STACK, "scale");
    const delta = requestDelta(before, await apiRequestsByVerb(env));
    const pods = (await kubectl(env, ["get", "pods", "-n", "bench-scale", "--no-headers"]))
        .split("\n")
        .filter((l) => l.trim() !== "").length;
    log(`scale: up ${round(up.opMs / 1000, 1)} s; destroying`);
    return { up, delta, pods };
}

/** Idle API requests per second, measured over 10 s. */
async function idleRequestRate(env: NodeJS.ProcessEnv): Promise<number> {
    const before = await apiRequestsByVerb(env);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    return total(requestDelta(before, await apiRequestsByVerb(env))) / 10;
}

/** `scale-200x100` (up time), with the program's peak RSS and the API-server requests. */
export async function scaleBenchmarks(env: NodeJS.ProcessEnv): Promise<BenchResult[]> {
    const added = await ensureNodes(env);
    try {
        await destroy(env, BENCH_SCALE_STACK, "scale");
        const ready = (await kubectl(env, ["get", "nodes", "--no-headers"]))
            .split("\n")
            .filter((l) => / Ready /.test(l)).length;
        const idle = await idleRequestRate(env);
        log(`scale: pulumi up of ${SCALE_WORKLOADS} workloads on ${ready} Ready nodes`);
        const destroyStart = process.hrtime.bigint();
        let run: ScaleRun;
        try {
            run = await scaleUp(env);
        } finally {
            await destroy(env, BENCH_SCALE_STACK, "scale");
            await stackOp(env, "remove", BENCH_SCALE_STACK, "scale");
        }
        const destroyMs = msSince(destroyStart) - run.up.wallMs;
        return scaleResults(run, idle, ready, destroyMs);
    } finally {
        if (added.length > 0) {
            log(`scale: removing the ${added.length} nodes added`);
            await kubectl(env, ["delete", "node", ...added, "--ignore-not-found"], true);
        }
    }
}

function scaleResults(run: ScaleRun, idlePerSecond: number, nodes: number, destroyMs: number): BenchResult[] {
    const { up, delta, pods } = run;
    const calls = total(delta);
    const idleShare = idlePerSecond * (up.opMs / 1000);
    const verbs = [...delta].map(([v, n]) => `${v} ${n}`).join(", ");
    const what = `${SCALE_WORKLOADS} workloads (3 RollingDeployments to 1 LogCleanup CronJob; the multi-Service strategies exhaust the local API server's default 254-address Service range at this size, ${up.changes.create ?? "?"} resources created, ${pods} pods) in a fresh stack on ${nodes} Ready simulated nodes; 1 run (a cycle takes minutes)`;
    return [
        {
            name: SCALE_NAME,
            value: round(up.opMs, 0),
            unit: "ms",
            baseline: null,
            ratio: null,
            notes: `\`pulumi up\` from empty to all ready: ${what}; worker wall time ${round(up.wallMs / 1000, 1)} s, destroy about ${round(destroyMs / 1000, 0)} s; slowest steps: ${(up.slowest ?? []).slice(0, 4).join("; ")}. ${machine()}`,
        },
        {
            name: `${SCALE_NAME}-rss`,
            value: round(up.maxRssKiB / 1024, 0),
            unit: "MiB",
            baseline: null,
            ratio: null,
            notes: `peak RSS of the Node.js process running the program (Automation API inline program, so program + language host) during that up. ${machine()}`,
        },
        {
            name: `${SCALE_NAME}-api-calls`,
            value: calls,
            unit: "requests",
            baseline: round(idleShare, 0),
            ratio: null,
            notes: `apiserver_request_total delta during the up, all clients (the Pulumi provider plus controllers, scheduler and kwok reacting to it): ${verbs}; baseline = idle background traffic for the same duration (${round(idlePerSecond, 1)}/s measured just before). ${machine()}`,
        },
    ];
}
