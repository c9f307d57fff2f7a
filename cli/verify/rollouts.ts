/**
 * Rollout checks of the package's Deployments, StatefulSets and DaemonSets, listed through one table keyed by kind.
 */
import type * as k8s from "@kubernetes/client-node";
import { Judgement, daemonSetRollout, deploymentRollout, statefulSetRollout } from "./judge";
import { Clients, NamespaceContext, packageSelector } from "./types";

/** The workload kinds verify checks. */
export type WorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet";

/** A workload of the stack with what its pods and rollout checks need. */
export interface Workload {
    readonly kind: WorkloadKind;
    readonly name: string;
    readonly selector?: { readonly [key: string]: string };
    /** Desired pods (1 for DaemonSets, which want one per eligible node). */
    readonly wanted: number;
    /** Reads the workload again and judges its rollout. */
    readonly rollout: () => Promise<Judgement>;
}

/** The parts of a workload object verify reads. */
interface WorkloadObject {
    readonly metadata?: k8s.V1ObjectMeta;
    readonly spec?: { readonly selector: k8s.V1LabelSelector; readonly replicas?: number };
}

/** How to list, read and judge one kind. */
interface KindAccess<T extends WorkloadObject> {
    list(clients: Clients, namespace: string): Promise<T[]>;
    read(clients: Clients, name: string, namespace: string): Promise<T>;
    judge(object: T): Judgement;
    wanted(object: T): number;
}

function access<T extends WorkloadObject>(a: KindAccess<T>): KindAccess<WorkloadObject> {
    return a;
}

/** Every workload kind verify checks, in check order. */
export const WORKLOAD_KINDS: { readonly [K in WorkloadKind]: KindAccess<WorkloadObject> } = {
    Deployment: access<k8s.V1Deployment>({
        list: async (c, namespace) => (await c.apps.listNamespacedDeployment(packageSelector(namespace))).items,
        read: (c, name, namespace) => c.apps.readNamespacedDeployment({ name, namespace }),
        judge: deploymentRollout,
        wanted: (d) => d.spec?.replicas ?? 1,
    }),
    StatefulSet: access<k8s.V1StatefulSet>({
        list: async (c, namespace) => (await c.apps.listNamespacedStatefulSet(packageSelector(namespace))).items,
        read: (c, name, namespace) => c.apps.readNamespacedStatefulSet({ name, namespace }),
        judge: statefulSetRollout,
        wanted: (s) => s.spec?.replicas ?? 1,
    }),
    DaemonSet: access<k8s.V1DaemonSet>({
        list: async (c, namespace) => (await c.apps.listNamespacedDaemonSet(packageSelector(namespace))).items,
        read: (c, name, namespace) => c.apps.readNamespacedDaemonSet({ name, namespace }),
        judge: daemonSetRollout,
        wanted: () => 1,
    }),
};

/** The package's workloads of every kind in a namespace. */
export async function listWorkloads(clients: Clients, namespace: string): Promise<Workload[]> {
    const out: Workload[] = [];
    for (const kind of Object.keys(WORKLOAD_KINDS) as WorkloadKind[]) {
        const kindAccess = WORKLOAD_KINDS[kind];
        for (const object of await kindAccess.list(clients, namespace)) {
            const name = object.metadata?.name ?? "";
            out.push({
                kind,
                name,
                selector: object.spec?.selector.matchLabels,
                wanted: kindAccess.wanted(object),
                rollout: async () => kindAccess.judge(await kindAccess.read(clients, name, namespace)),
            });
        }
    }
    return out;
}

/** Checks that every workload has rolled out. */
export async function checkRollouts(ctx: NamespaceContext, workloads: readonly Workload[]): Promise<void> {
    for (const w of workloads) {
        await ctx.record("rollout", w.kind, ctx.namespace, w.name, () => w.rollout());
    }
}
