/**
 * Benchmark 5 on the local cluster's real node: `up-vs-kubectl-apply-real`, the comparison of `up-vs-kubectl-apply`
 * with the dev stack's web workloads on real pods (config realNode=true: real-0 runs their containers from the
 * local images, so readiness means real processes answering real probes). It uses its own stack (bench-dev-real).
 */
import * as fs from "fs";
import * as path from "path";
import { DEV_NAMESPACES, clusterRuns, destroy, kubectlCycle, renderProgram, stackOp } from "./cluster";
import { BenchOptions, BenchResult, log, machine, median, round, skipped, seconds } from "./common";
import { existingNamespaces, kubectl, workloadsOf } from "./kube";
import { BENCH_DEV_REAL_STACK } from "./settings";

/** The figure's contract name. */
export const REAL_NAME = "up-vs-kubectl-apply-real";
/** The node that runs real containers (scripts/_common.sh K8SW_NODE_NAME). */
const REAL_NODE = "real-0";

/** Why the real-pod figure cannot run on this cluster, or undefined when it can. */
async function realNodeProblem(env: NodeJS.ProcessEnv): Promise<string | undefined> {
    const ready = await kubectl(
        env,
        ["get", "node", REAL_NODE, "-o", 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'],
        true,
    );
    if (ready.trim() !== "True") {
        return `the real node ${REAL_NODE} is not Ready on this cluster (scripts/cluster-up.sh starts it where it can run; see its fallback message)`;
    }
    const taken = await existingNamespaces(env, DEV_NAMESPACES);
    return taken.length > 0
        ? `another dev-like stack is deployed on the cluster (namespaces ${taken.join(", ")} exist): destroy it and re-run with --only real`
        : undefined;
}

/** `up-vs-kubectl-apply-real`: warm-ups + BENCH_CLUSTER_RUNS cycles of pulumi up / destroy and kubectl apply / delete. */
export async function realBenchmarks(env: NodeJS.ProcessEnv, options: BenchOptions): Promise<BenchResult[]> {
    await destroy(env, BENCH_DEV_REAL_STACK, "dev-real");
    const problem = await realNodeProblem(env);
    if (problem !== undefined) {
        return [skipped(REAL_NAME, "ms", problem)];
    }
    const file = await renderProgram(env, "dev-real");
    try {
        const runs = clusterRuns(options);
        const ups: number[] = [];
        const applies: number[] = [];
        for (let i = 0; i < options.warmups + runs; i++) {
            const record = i >= options.warmups;
            log(
                `real: ${record ? `run ${i - options.warmups + 1}/${runs}` : "warm-up"}: pulumi up (web workloads on ${REAL_NODE})`,
            );
            let up: number;
            try {
                up = (await stackOp(env, "up", BENCH_DEV_REAL_STACK, "dev-real", true)).opMs;
            } finally {
                await destroy(env, BENCH_DEV_REAL_STACK, "dev-real");
            }
            const k = await kubectlCycle(env, file);
            log(`real: pulumi up ${round(up / 1000, 1)} s; kubectl apply+wait ${round(k.apply / 1000, 1)} s`);
            if (record) {
                ups.push(up);
                applies.push(k.apply);
            }
        }
        await stackOp(env, "remove", BENCH_DEV_REAL_STACK, "dev-real");
        const workloads = workloadsOf(fs.readFileSync(file, "utf8")).length;
        const value = median(ups);
        const baseline = median(applies);
        return [
            {
                name: REAL_NAME,
                value: round(value, 0),
                unit: "ms",
                baseline: round(baseline, 0),
                ratio: round(value / baseline),
                notes: `value = \`pulumi up\` of the dev stack with realNode=true (its web workloads run real containers on ${REAL_NODE} from the local images; the rest simulated) from empty until every resource is ready, policy pack on (samples ${seconds(ups)} s); baseline = \`kubectl apply -f\` of the same rendered manifests + \`kubectl rollout status\`/\`kubectl wait --for=condition=complete\` of its ${workloads} workloads in parallel (samples ${seconds(applies)} s); median of ${runs} after ${options.warmups} warm-up, stack ${BENCH_DEV_REAL_STACK}; goal ratio <= 1.3. ${machine()}`,
            },
        ];
    } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
}
