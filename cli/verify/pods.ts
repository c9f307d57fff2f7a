/**
 * Pod readiness checks: every live pod of each workload is ready.
 */
import type * as k8s from "@kubernetes/client-node";
import { Judgement, podReady } from "./judge";
import type { Workload } from "./rollouts";
import { NamespaceContext, labelSelector } from "./types";

/** Judges a workload's pods: all live ones ready. */
export function podsJudgement(pods: readonly k8s.V1Pod[]): Judgement {
    const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
    if (live.length === 0) {
        return { done: false, message: "no pods" };
    }
    const notReady = live.filter((p) => !podReady(p).done);
    return notReady.length === 0
        ? { done: true, message: `${live.length} pod(s) ready` }
        : {
              done: false,
              message: `${notReady.length}/${live.length} not ready: ${notReady.map((p) => `${p.metadata?.name ?? "?"} ${podReady(p).message}`).join("; ")}`,
          };
}

/** Checks that each workload's pods are ready (skipped for workloads scaled to zero). */
export async function checkPods(ctx: NamespaceContext, workloads: readonly Workload[]): Promise<void> {
    const { clients, namespace } = ctx;
    for (const w of workloads) {
        await ctx.record("pods", w.kind, namespace, w.name, async () => {
            if (w.wanted === 0) {
                return "skip";
            }
            const pods = await clients.core.listNamespacedPod({ namespace, labelSelector: labelSelector(w.selector) });
            return podsJudgement(pods.items);
        });
    }
}
