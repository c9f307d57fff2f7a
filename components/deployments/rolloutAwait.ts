import * as pulumi from "@pulumi/pulumi";
import { SKIP_AWAIT_ANNOTATION } from "../core";

/** The Pulumi annotation that replaces the provider's built-in await with the conditions it lists. */
export const WAIT_FOR_ANNOTATION = "pulumi.com/waitFor";

/**
 * The `pulumi.com/waitFor` conditions under which a Deployment of `replicas` pods has finished its rollout: every
 * pod counted by the controller runs the current template and is available. They read the status only once the
 * controller has observed the current generation (the provider's JSONPath conditions check
 * `.status.observedGeneration`), so a status left over from the previous template never satisfies them.
 *
 * Why not the provider's own Deployment await: it takes a `Progressing` condition that still says
 * `NewReplicaSetAvailable` from the last rollout, together with a ReplicaSet whose few pods are ready, as
 * success. When a change scales a Deployment and changes its template in one update (a canary going from weight 0
 * to a new image), the controller first scales the old ReplicaSet, and `up` returned while the new pods had not
 * even started. Seen on a loaded machine; see scripts/TOOLCHAIN-NOTES.md.
 *
 * With no pods to wait for, waiting until the controller has observed the change is enough.
 */
export function rolloutCompleteConditions(replicas: number): string[] {
    if (replicas <= 0) return ["jsonpath={.status.observedGeneration}"];
    return [
        `jsonpath={.status.updatedReplicas}=${replicas}`,
        `jsonpath={.status.replicas}=${replicas}`,
        `jsonpath={.status.availableReplicas}=${replicas}`,
    ];
}

/**
 * The annotations that make `up` wait for a Deployment's rollout to complete. None when an autoscaler owns the
 * replica count (no count to wait for: the provider's await stays), or when the user chose the await with their
 * own `pulumi.com/waitFor` or `pulumi.com/skipAwait`.
 */
export function rolloutAwaitAnnotations(
    replicas: pulumi.Input<number> | undefined,
    userAnnotations: Record<string, string> | undefined,
): Record<string, pulumi.Input<string>> {
    if (replicas === undefined) return {};
    if (userAnnotations?.[WAIT_FOR_ANNOTATION] !== undefined) return {};
    if (userAnnotations?.[SKIP_AWAIT_ANNOTATION] !== undefined) return {};
    return {
        [WAIT_FOR_ANNOTATION]: pulumi.output(replicas).apply((n) => JSON.stringify(rolloutCompleteConditions(n))),
    };
}
