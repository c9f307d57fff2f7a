/**
 * Pure judgements of live objects, as `kubectl rollout status` and `kubectl wait` make them. They read plain
 * Kubernetes objects (as returned by the API) and never call the cluster, so they are tested as plain objects.
 */
import type * as k8s from "@kubernetes/client-node";

/** The outcome of one judgement: done or not yet, with what was seen. */
export interface Judgement {
    readonly done: boolean;
    /** Failed for good (for example a Job past its backoff limit, or a stalled rollout): no point in waiting. */
    readonly failed?: boolean;
    readonly message: string;
}

function condition(
    conditions: Array<{ type: string; status: string; reason?: string; message?: string }> | undefined,
    type: string,
) {
    return (conditions ?? []).find((c) => c.type === type);
}

/** Rollout status of a Deployment: observed, fully updated, no old pods left, and all available. */
export function deploymentRollout(d: k8s.V1Deployment): Judgement {
    const want = d.spec?.replicas ?? 1;
    const s = d.status ?? {};
    if ((s.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        return { done: false, message: "waiting for the controller to observe the latest generation" };
    }
    const progressing = condition(s.conditions, "Progressing");
    if (progressing?.reason === "ProgressDeadlineExceeded") {
        return {
            done: false,
            failed: true,
            message: `rollout exceeded its progress deadline: ${progressing.message ?? ""}`.trim(),
        };
    }
    const updated = s.updatedReplicas ?? 0;
    const total = s.replicas ?? 0;
    const available = s.availableReplicas ?? 0;
    const counts = `${updated}/${want} updated, ${s.readyReplicas ?? 0}/${want} ready, ${available}/${want} available`;
    if (updated < want) {
        return { done: false, message: `${counts}: waiting for new replicas` };
    }
    if (total > updated) {
        return { done: false, message: `${counts}: ${total - updated} old replicas pending termination` };
    }
    if (available < updated) {
        return { done: false, message: `${counts}: waiting for updated replicas to be available` };
    }
    return { done: true, message: counts };
}

/** Rollout status of a StatefulSet: observed, ready, and updated up to the partition. */
export function statefulSetRollout(s: k8s.V1StatefulSet): Judgement {
    if (s.spec?.updateStrategy?.type === "OnDelete") {
        return { done: true, message: "updateStrategy OnDelete: rollout status is not tracked" };
    }
    const want = s.spec?.replicas ?? 1;
    const st = s.status ?? { replicas: 0 };
    if ((st.observedGeneration ?? 0) < (s.metadata?.generation ?? 0)) {
        return { done: false, message: "waiting for the controller to observe the latest generation" };
    }
    const ready = st.readyReplicas ?? 0;
    const updated = st.updatedReplicas ?? 0;
    const counts = `${ready}/${want} ready, ${updated}/${want} updated`;
    if (ready < want) {
        return { done: false, message: `${counts}: waiting for pods to be ready` };
    }
    const partition = s.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (partition > 0) {
        return updated >= want - partition
            ? { done: true, message: `${counts} (partition ${partition})` }
            : { done: false, message: `${counts}: waiting for partitioned rollout (partition ${partition})` };
    }
    if (st.updateRevision !== st.currentRevision) {
        return { done: false, message: `${counts}: waiting for pods to move to revision ${st.updateRevision ?? "?"}` };
    }
    return { done: true, message: counts };
}

/** Rollout status of a DaemonSet: observed, updated on every scheduled node, and available. */
export function daemonSetRollout(d: k8s.V1DaemonSet): Judgement {
    const st = d.status ?? {
        currentNumberScheduled: 0,
        desiredNumberScheduled: 0,
        numberMisscheduled: 0,
        numberReady: 0,
    };
    if ((st.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        return { done: false, message: "waiting for the controller to observe the latest generation" };
    }
    const desired = st.desiredNumberScheduled;
    const updated = st.updatedNumberScheduled ?? 0;
    const available = st.numberAvailable ?? 0;
    const counts = `${updated}/${desired} updated, ${available}/${desired} available`;
    if (desired === 0) {
        return { done: false, message: "no node is eligible for this DaemonSet" };
    }
    if (updated < desired) {
        return { done: false, message: `${counts}: waiting for pods on every node` };
    }
    if (available < desired) {
        return { done: false, message: `${counts}: waiting for pods to be available` };
    }
    return { done: true, message: counts };
}

/** True when a pod is Ready (or finished successfully, for Job pods). */
export function podReady(p: k8s.V1Pod): Judgement {
    if (p.status?.phase === "Succeeded") {
        return { done: true, message: "Succeeded" };
    }
    if (p.status?.phase === "Failed") {
        return { done: false, failed: true, message: `Failed: ${p.status.reason ?? ""}`.trim() };
    }
    const ready = condition(p.status?.conditions, "Ready");
    return ready?.status === "True"
        ? { done: true, message: "Ready" }
        : {
              done: false,
              message: `not ready (phase ${p.status?.phase ?? "Unknown"}${ready?.reason ? `, ${ready.reason}` : ""})`,
          };
}

/** Job completion: Complete is done; Failed is a failure. */
export function jobComplete(j: k8s.V1Job): Judgement {
    const complete = condition(j.status?.conditions, "Complete");
    const failed = condition(j.status?.conditions, "Failed");
    if (complete?.status === "True") {
        return { done: true, message: `complete (${j.status?.succeeded ?? 0} succeeded)` };
    }
    if (failed?.status === "True") {
        return { done: false, failed: true, message: `failed: ${failed.reason ?? ""} ${failed.message ?? ""}`.trim() };
    }
    return { done: false, message: `running (${j.status?.active ?? 0} active, ${j.status?.failed ?? 0} failed)` };
}

/** True when every key of the selector is on the labels with the same value. */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
    return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** Ready endpoint addresses of a Service's EndpointSlices, with the pods they point at. */
export interface ReadyEndpoint {
    readonly address: string;
    readonly podName?: string;
}

/** The ready endpoints in a set of EndpointSlices. */
export function readyEndpoints(slices: readonly k8s.V1EndpointSlice[]): ReadyEndpoint[] {
    return slices.flatMap((slice) =>
        (slice.endpoints ?? [])
            .filter((e) => e.conditions?.ready !== false)
            .flatMap((e) =>
                e.addresses.map((address) => ({
                    address,
                    podName: e.targetRef?.kind === "Pod" ? e.targetRef.name : undefined,
                })),
            ),
    );
}

/**
 * Service connectivity: ready endpoints exist, and each points at a pod whose labels match the selector.
 * @param podLabels labels of the pods in the Service's namespace, by name
 */
export function serviceConnectivity(
    service: k8s.V1Service,
    slices: readonly k8s.V1EndpointSlice[],
    podLabels: ReadonlyMap<string, Record<string, string>>,
): Judgement {
    const selector = service.spec?.selector ?? {};
    const endpoints = readyEndpoints(slices);
    if (endpoints.length === 0) {
        return { done: false, message: "no ready endpoints" };
    }
    const strangers = endpoints.filter(
        (e) => e.podName !== undefined && !selectorMatches(selector, podLabels.get(e.podName)),
    );
    if (strangers.length > 0) {
        return {
            done: false,
            failed: true,
            message: `endpoints point at pods outside the selector: ${strangers.map((e) => e.podName).join(", ")}`,
        };
    }
    return { done: true, message: `${endpoints.length} ready endpoint(s) matching the selector` };
}
