import * as k8s from "@kubernetes/client-node";

/** API clients for the cluster in KUBECONFIG, with small waiting helpers. */
export class Kube {
    readonly config = new k8s.KubeConfig();
    readonly core: k8s.CoreV1Api;
    readonly apps: k8s.AppsV1Api;
    readonly batch: k8s.BatchV1Api;
    readonly discovery: k8s.DiscoveryV1Api;
    readonly networking: k8s.NetworkingV1Api;
    readonly custom: k8s.CustomObjectsApi;

    constructor() {
        this.config.loadFromDefault();
        this.core = this.config.makeApiClient(k8s.CoreV1Api);
        this.apps = this.config.makeApiClient(k8s.AppsV1Api);
        this.batch = this.config.makeApiClient(k8s.BatchV1Api);
        this.discovery = this.config.makeApiClient(k8s.DiscoveryV1Api);
        this.networking = this.config.makeApiClient(k8s.NetworkingV1Api);
        this.custom = this.config.makeApiClient(k8s.CustomObjectsApi);
    }

    /** Pods matching a label selector. */
    async pods(namespace: string, labelSelector: string): Promise<k8s.V1Pod[]> {
        return (await this.core.listNamespacedPod({ namespace, labelSelector })).items.filter(
            (p) => !p.metadata?.deletionTimestamp,
        );
    }

    /** Names of the pods behind a Service's ready endpoints. */
    async endpointPods(namespace: string, service: string): Promise<string[]> {
        const slices = await this.discovery.listNamespacedEndpointSlice({
            namespace,
            labelSelector: `kubernetes.io/service-name=${service}`,
        });
        return slices.items
            .flatMap((s) => s.endpoints ?? [])
            .filter((e) => e.conditions?.ready !== false)
            .map((e) => e.targetRef?.name ?? "")
            .sort();
    }

    /** Polls until `check` returns a value (not undefined), or throws after the timeout with the last state. */
    async waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120000): Promise<T> {
        const deadline = Date.now() + timeoutMs;
        let last: unknown;
        for (;;) {
            try {
                const value = await check();
                if (value !== undefined) {
                    return value;
                }
            } catch (err) {
                last = err;
            }
            if (Date.now() > deadline) {
                throw new Error(
                    `timed out after ${timeoutMs / 1000}s waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`,
                );
            }
            await new Promise((resolve) => setTimeout(resolve, 500));
        }
    }
}

/** True when a pod's Ready condition is True. */
export function isReady(pod: k8s.V1Pod): boolean {
    return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/** Milliseconds of an optional date. */
export function time(date: Date | undefined): number {
    return date ? new Date(date).getTime() : NaN;
}

/**
 * Makes the Released PersistentVolumes of a namespace Available again (the local cluster's volumes are pre-provisioned
 * with reclaim policy Retain), so that repeated runs on one cluster do not use them up.
 */
export async function recycleVolumes(cluster: Kube, ns: string): Promise<void> {
    const volumes = await cluster.core.listPersistentVolume();
    for (const pv of volumes.items) {
        if (pv.status?.phase === "Released" && pv.spec?.claimRef?.namespace === ns) {
            await cluster.core.patchPersistentVolume(
                { name: pv.metadata?.name ?? "", body: [{ op: "remove", path: "/spec/claimRef" }] },
                k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.JsonPatch),
            );
        }
    }
}
