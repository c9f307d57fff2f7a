import * as fs from "fs";
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

/** Where the local cluster's pre-provisioned hostPath volumes live (scripts/cluster-up.sh). */
const LOCAL_VOLUME_ROOT = "/tmp/kwok-pv/";

/**
 * Makes every local PersistentVolume whose claim is gone Available again, its host directory emptied first.
 *
 * The local cluster's volumes are pre-provisioned with reclaim policy Retain, so a deleted claim leaves its volume
 * Released (or, for a moment after a namespace goes, still Bound to the deleted claim) until someone frees it. A
 * claim is gone when no claim with the volume's `claimRef` uid exists: the volumes are listed before the claims, so
 * a claim bound in between is still seen. Data of an old claim never shows up in a new one.
 *
 * @returns the names of the volumes freed
 */
export async function freeUnclaimedVolumes(cluster: Kube): Promise<string[]> {
    const volumes = (await cluster.core.listPersistentVolume()).items;
    const claims = (await cluster.core.listPersistentVolumeClaimForAllNamespaces()).items;
    const liveClaims = new Set(claims.map((c) => c.metadata?.uid));
    const unclaimed = volumes.filter((pv) => {
        const ref = pv.spec?.claimRef;
        return ref !== undefined && !liveClaims.has(ref.uid) && pv.metadata?.deletionTimestamp === undefined;
    });
    for (const pv of unclaimed) {
        emptyLocalVolume(pv.spec?.hostPath?.path);
        await cluster.core.patchPersistentVolume(
            { name: pv.metadata?.name ?? "", body: [{ op: "remove", path: "/spec/claimRef" }] },
            k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.JsonPatch),
        );
    }
    return unclaimed.map((pv) => pv.metadata?.name ?? "");
}

/** Empties a local volume's host directory (only under LOCAL_VOLUME_ROOT, and only when it is on this machine). */
function emptyLocalVolume(dir: string | undefined): void {
    if (!dir?.startsWith(LOCAL_VOLUME_ROOT) || !fs.existsSync(dir)) {
        return;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(dir, 0o777);
}
