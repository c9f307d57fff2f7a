/**
 * Benchmark 4 on the local KWOK cluster: `pulumi up` of SCALE_WORKLOADS workloads of every deployment strategy, with
 * CronJobs (scaleProgram.ts), on SCALE_NODES simulated nodes, against `kubectl apply` of the same rendered manifests;
 * with the program's peak RSS and the API-server requests of each. It uses its own stack (bench-scale), adds the nodes
 * it needs and removes them, and cleans up after itself.
 */
import * as fs from "fs";
import * as path from "path";
import { destroy, renderProgram, stackOp } from "./cluster";
import { BenchResult, log, machine, msSince, round, runChild } from "./common";
import { apiRequestsByVerb, kubectl, recycleVolumes, requestDelta, total } from "./kube";
import { BENCH_SCALE_STACK, SCALE_NAMESPACE, SCALE_NODES, SCALE_WORKLOADS } from "./settings";
import type { StackReport } from "./stackWorker";

/** The figure's contract name: `scale-<workloads>x<nodes>`. */
export const SCALE_NAME = `scale-${SCALE_WORKLOADS}x${SCALE_NODES}`;
/** The figures of {@link scaleBenchmarks}. */
export const SCALE_NAMES = [SCALE_NAME, `${SCALE_NAME}-rss`, `${SCALE_NAME}-api-calls`] as const;
/** How long the kubectl baseline may take to become ready. */
const READY_TIMEOUT_MS = 30 * 60_000;

/** Adds worker nodes up to `SCALE_NODES`; returns the names added (to delete afterwards). */
async function ensureNodes(env: NodeJS.ProcessEnv): Promise<string[]> {
    const all = (await kubectl(env, ["get", "nodes", "-o", "name"])).split("\n");
    const nodes = all.filter((n) => n.startsWith("node/kwok-node-"));
    if (nodes.length >= SCALE_NODES) {
        return [];
    }
    log(`scale: adding ${SCALE_NODES - nodes.length} simulated nodes`);
    // The top-up keeps the cluster as it is: without the real node, it must not start one during the measurement.
    const realNode = all.includes("node/real-0") ? {} : { K8S_WORKLOADS_REAL_NODE: "0" };
    const result = await runChild("bash", [path.join("scripts", "cluster-up.sh")], {
        env: { ...env, ...realNode, K8S_WORKLOADS_NODES: String(SCALE_NODES) },
    });
    if (result.code !== 0) {
        throw new Error(`cluster-up.sh (node top-up) failed: ${result.stderr.slice(-1500)}`);
    }
    return Array.from({ length: SCALE_NODES - nodes.length }, (_, i) => `kwok-node-${nodes.length + i}`);
}

/** A Deployment as `kubectl get -o json` lists it: the fields that say whether its rollout is done. */
interface DeploymentStatus {
    readonly metadata: { readonly name: string; readonly generation?: number };
    readonly spec: { readonly replicas?: number };
    readonly status?: {
        readonly observedGeneration?: number;
        readonly updatedReplicas?: number;
        readonly availableReplicas?: number;
    };
}

/** Whether a Deployment is rolled out, by the rule `kubectl rollout status` applies. */
export function rolledOut(d: DeploymentStatus): boolean {
    const want = d.spec.replicas ?? 1;
    const status = d.status ?? {};
    return (
        (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) &&
        (status.updatedReplicas ?? 0) >= want &&
        (status.availableReplicas ?? 0) >= want
    );
}

/**
 * Waits until every Deployment of the namespace is rolled out, by polling one list (a `kubectl rollout status` per
 * Deployment would start hundreds of processes at this size).
 */
async function waitDeploymentsReady(env: NodeJS.ProcessEnv, namespace: string, expected: number): Promise<void> {
    const start = process.hrtime.bigint();
    for (;;) {
        const list = JSON.parse(await kubectl(env, ["get", "deployments", "-n", namespace, "-o", "json"])) as {
            items: DeploymentStatus[];
        };
        const pending = list.items.filter((d) => !rolledOut(d));
        if (list.items.length >= expected && pending.length === 0) {
            return;
        }
        if (msSince(start) > READY_TIMEOUT_MS) {
            throw new Error(
                `kubectl baseline: ${pending.length} of ${list.items.length} Deployments not rolled out after ${READY_TIMEOUT_MS / 60_000} min (first: ${pending[0]?.metadata.name ?? "-"})`,
            );
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
    }
}

/** Deletes the scale namespace (left by a kubectl cycle, or an interrupted one) and waits until it is gone. */
async function deleteNamespace(env: NodeJS.ProcessEnv): Promise<void> {
    await kubectl(env, ["delete", "namespace", SCALE_NAMESPACE, "--ignore-not-found", "--wait=true", "--timeout=900s"]);
}

/** What one scale `up` (or apply) measured. */
interface ScaleRun {
    readonly ms: number;
    readonly delta: Map<string, number>;
    readonly pods: number;
}

/** Counts the pods of the scale namespace. */
async function podCount(env: NodeJS.ProcessEnv): Promise<number> {
    return (await kubectl(env, ["get", "pods", "-n", SCALE_NAMESPACE, "--no-headers"]))
        .split("\n")
        .filter((l) => l.trim() !== "").length;
}

/** Runs the scale `up` and counts API requests and pods; the caller destroys. */
async function pulumiUp(env: NodeJS.ProcessEnv): Promise<ScaleRun & { report: StackReport & { wallMs: number } }> {
    const before = await apiRequestsByVerb(env);
    const report = await stackOp(env, "up", BENCH_SCALE_STACK, "scale");
    const delta = requestDelta(before, await apiRequestsByVerb(env));
    const pods = await podCount(env);
    log(`scale: pulumi up ${round(report.opMs / 1000, 1)} s, ${pods} pods; destroying`);
    return { ms: report.opMs, delta, pods, report };
}

/** `kubectl apply -f` of the rendered scale manifests until every Deployment is rolled out; the caller deletes. */
async function kubectlApply(env: NodeJS.ProcessEnv, file: string, deployments: number): Promise<ScaleRun> {
    const before = await apiRequestsByVerb(env);
    const start = process.hrtime.bigint();
    await kubectl(env, ["apply", "-f", file]);
    await waitDeploymentsReady(env, SCALE_NAMESPACE, deployments);
    const ms = msSince(start);
    const delta = requestDelta(before, await apiRequestsByVerb(env));
    const pods = await podCount(env);
    log(`scale: kubectl apply + rollout ${round(ms / 1000, 1)} s, ${pods} pods; deleting`);
    return { ms, delta, pods };
}

/** Idle API requests per second, measured over 10 s. */
async function idleRequestRate(env: NodeJS.ProcessEnv): Promise<number> {
    const before = await apiRequestsByVerb(env);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    return total(requestDelta(before, await apiRequestsByVerb(env))) / 10;
}

/** How many objects of each kind a rendered manifest file holds. */
function kindsOf(file: string): Map<string, number> {
    const kinds = new Map<string, number>();
    for (const match of fs.readFileSync(file, "utf8").matchAll(/^kind: (\w+)$/gm)) {
        const kind = match[1] ?? "?";
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    return kinds;
}

/**
 * The environment of the scale stack's `up` and `destroy`: `PULUMI_SKIP_CHECKPOINTS`, so the file backend writes the
 * state once at the end. Without it the backend rewrites the whole state file (and its backup) after every step:
 * 7.5 MB at 2,300 resources, which made a 4,000-resource `up` quadratic (2,690 resources in the first 16 minutes).
 */
export function scaleStackEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return { ...env, PULUMI_SKIP_CHECKPOINTS: "true" };
}

/** The scale figures: one pulumi cycle and one kubectl cycle (each takes many minutes). */
export async function scaleBenchmarks(clusterEnv: NodeJS.ProcessEnv): Promise<BenchResult[]> {
    const env = scaleStackEnv(clusterEnv);
    const added = await ensureNodes(env);
    const file = await renderProgram(env, "scale");
    try {
        await destroy(env, BENCH_SCALE_STACK, "scale");
        await deleteNamespace(env);
        const ready = (await kubectl(env, ["get", "nodes", "--no-headers"]))
            .split("\n")
            .filter((l) => / Ready /.test(l)).length;
        const idle = await idleRequestRate(env);
        log(`scale: pulumi up of ${SCALE_WORKLOADS} workloads on ${ready} Ready nodes`);
        let pulumi: Awaited<ReturnType<typeof pulumiUp>>;
        const destroyStart = process.hrtime.bigint();
        try {
            pulumi = await pulumiUp(env);
        } finally {
            await destroy(env, BENCH_SCALE_STACK, "scale");
            await stackOp(env, "remove", BENCH_SCALE_STACK, "scale");
        }
        const destroyMs = msSince(destroyStart) - pulumi.report.wallMs;
        const kinds = kindsOf(file);
        // The kubectl cycle starts from nothing: the namespace the stack deleted must be gone, not terminating.
        await deleteNamespace(env);
        let applied: ScaleRun;
        try {
            applied = await kubectlApply(env, file, kinds.get("Deployment") ?? 0);
        } finally {
            await deleteNamespace(env);
            await recycleVolumes(env);
        }
        return scaleResults({ pulumi, applied, idle, nodes: ready, destroyMs, kinds });
    } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
        if (added.length > 0) {
            log(`scale: removing the ${added.length} nodes added`);
            await kubectl(env, ["delete", "node", ...added, "--ignore-not-found"], true);
        }
    }
}

/** Everything the scale figures are computed from. */
interface ScaleMeasurements {
    readonly pulumi: ScaleRun & { report: StackReport & { wallMs: number } };
    readonly applied: ScaleRun;
    /** Idle API requests per second. */
    readonly idle: number;
    readonly nodes: number;
    readonly destroyMs: number;
    readonly kinds: Map<string, number>;
}

const verbsOf = (delta: Map<string, number>) => [...delta].map(([v, n]) => `${v} ${n}`).join(", ");

function scaleResults(m: ScaleMeasurements): BenchResult[] {
    const { pulumi, applied } = m;
    const up = pulumi.report;
    const objects = [...m.kinds].map(([k, n]) => `${n} ${k}`).join(", ");
    const what = `${SCALE_WORKLOADS} workloads cycling through RollingDeployment, BlueGreenDeployment, CanaryDeployment, ABTestDeployment and LogCleanup (${up.changes.create ?? "?"} resources created; the rendered manifests hold ${objects}; ${pulumi.pods} pods) in a fresh stack on ${m.nodes} Ready simulated nodes, with PULUMI_SKIP_CHECKPOINTS=true (the file backend saves the state once, not after every step); 1 run each (a cycle takes many minutes)`;
    return [
        {
            name: SCALE_NAME,
            value: round(up.opMs, 0),
            unit: "ms",
            baseline: round(applied.ms, 0),
            ratio: round(up.opMs / applied.ms),
            notes: `value = \`pulumi up\` from empty to all ready (default parallelism, no policy pack): ${what}; worker wall time ${round(up.wallMs / 1000, 1)} s, destroy about ${round(m.destroyMs / 1000, 0)} s; slowest steps: ${(up.slowest ?? []).slice(0, 4).join("; ")}. Baseline = \`kubectl apply -f\` of the same objects rendered under mocks until every Deployment is rolled out (${applied.pods} pods); goal ratio <= 2.0. ${machine()}`,
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
            value: total(pulumi.delta),
            unit: "requests",
            baseline: total(applied.delta),
            ratio: round(total(pulumi.delta) / total(applied.delta)),
            notes: `apiserver_request_total delta during the up, all clients (the Pulumi provider plus controllers, scheduler and kwok reacting to it): ${verbsOf(pulumi.delta)}; baseline = the same during the kubectl apply + rollout (${verbsOf(applied.delta)}); idle background traffic is ${round(m.idle, 1)}/s (measured just before), about ${round(m.idle * (up.opMs / 1000), 0)} requests over the up and ${round(m.idle * (applied.ms / 1000), 0)} over the apply. ${machine()}`,
        },
    ];
}
