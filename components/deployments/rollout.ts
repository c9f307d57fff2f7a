import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parseCountOrPercent, toIntOrString } from "../../contract";
import {
    DisruptionBudgetArgs,
    Problems,
    WorkloadArgs,
    checkCountOrPercent,
    checkInteger,
    checkRequired,
    known,
    show,
    validateDisruptionBudget,
    validateReplicas,
    validateWorkloadArgs,
} from "../core";

/**
 * How a Deployment rolls out a new version.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 */
export interface RolloutArgs {
    /**
     * Pods created above the desired count during an update: a count ("2") or a percentage ("25%"). Default: "2" (the
     * guide's value).
     * @default "2" (the guide's value)
     */
    readonly maxSurge?: string;
    /**
     * Pods that may be unavailable during an update: a count ("1") or a percentage ("25%"). Default: "1", or "0" when
     * replicas is 1 (so a single pod is never taken down before its successor is ready).
     * @default "1", or "0" when replicas is 1 (so a single pod is never taken down before its successor is ready)
     */
    readonly maxUnavailable?: string;
    /** Seconds a new pod must be ready before it counts as available. Default: 0. @default 0 */
    readonly minReadySeconds?: number;
    /** Old ReplicaSets kept for rollback. Default: 10. @default 10 */
    readonly revisionHistoryLimit?: number;
    /** Seconds before a stalled rollout is reported as failed. Default: 600. @default 600 */
    readonly progressDeadlineSeconds?: number;
    /**
     * How long `pulumi up` waits for the rollout to become ready before failing, as Pulumi's custom timeout
     * (for example "5m", "90s"). Default: "10m".
     * @default "10m"
     * @see https://www.pulumi.com/docs/iac/concepts/options/customtimeouts/
     */
    readonly rolloutTimeout?: string;
    /**
     * Seconds a terminating pod keeps serving before its container is stopped (a `preStop` sleep hook), so that
     * kube-proxy on every node has removed it from the Service before it stops accepting connections. Without it,
     * requests that arrive in that window fail (measured on the local real node: 2 failed and 1 hung request of 300
     * during one rollout; none with 5 s). 0 leaves the hook out. Must be below `terminationGracePeriodSeconds`.
     * Default: 5.
     * @default 5
     * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
     */
    readonly preStopSleepSeconds?: number;
}

/** The preStop sleep of Deployment pods: long enough for endpoint removal to reach kube-proxy everywhere. */
export const DEFAULT_PRE_STOP_SLEEP_SECONDS = 5;
/** Kubernetes' default grace period, which the preStop sleep must stay below. */
const DEFAULT_GRACE_PERIOD_SECONDS = 30;

/** The container lifecycle with the preStop sleep, or undefined when it is 0. */
export function buildPreStopLifecycle(seconds: number | undefined): k8s.types.input.core.v1.Lifecycle | undefined {
    const sleep = seconds ?? DEFAULT_PRE_STOP_SLEEP_SECONDS;
    return sleep > 0 ? { preStop: { sleep: { seconds: sleep } } } : undefined;
}

/** The guide's rolling update values. */
export const DEFAULT_MAX_SURGE = "2";
/** The guide's rolling update values. */
export const DEFAULT_MAX_UNAVAILABLE = "1";
/** Default rollout wait for `pulumi up`. */
export const DEFAULT_ROLLOUT_TIMEOUT = "10m";

/** The maxUnavailable default for a replica count: "1", or "0" for a single replica. */
export function defaultMaxUnavailable(replicas: number | undefined): string {
    return replicas === 1 ? "0" : DEFAULT_MAX_UNAVAILABLE;
}

/** Builds the RollingUpdate strategy. */
export function buildRollingStrategy(
    args: RolloutArgs,
    replicas: pulumi.Input<number> | undefined,
): k8s.types.input.apps.v1.DeploymentStrategy {
    const maxUnavailable = args.maxUnavailable ?? defaultMaxUnavailable(known(replicas));
    return {
        type: "RollingUpdate",
        rollingUpdate: {
            maxSurge: toIntOrString(args.maxSurge ?? DEFAULT_MAX_SURGE),
            maxUnavailable: toIntOrString(maxUnavailable),
        },
    };
}

const DURATION = /^([0-9]+)(s|m|h)$/;

/** The args every Deployment pattern shares: the shared workload args, the rollout, the port and the PDB. */
export interface DeploymentBaseArgs extends WorkloadArgs, RolloutArgs {
    readonly port: number;
    readonly replicas?: pulumi.Input<number>;
    readonly disruptionBudget?: DisruptionBudgetArgs;
}

/**
 * The checks every Deployment pattern starts with: the container port, `replicas`, the shared workload args, the
 * rollout, and the PodDisruptionBudget against the replicas given.
 */
export function validateDeploymentBase(problems: Problems, args: DeploymentBaseArgs): void {
    checkRequired(problems, "port", args.port, "give the container port the app listens on, for example 8080");
    validateReplicas(problems, "replicas", args.replicas);
    validateWorkloadArgs(problems, args, args.port);
    validateRollout(problems, args);
    validateDisruptionBudget(problems, "disruptionBudget", args.disruptionBudget, known(args.replicas));
}

/** Validates rollout args: counts or percentages, not both zero, and a readable timeout. */
export function validateRollout(
    problems: Problems,
    args: RolloutArgs & { readonly terminationGracePeriodSeconds?: number },
): void {
    checkCountOrPercent(problems, "maxSurge", args.maxSurge);
    checkCountOrPercent(problems, "maxUnavailable", args.maxUnavailable);
    const surge = args.maxSurge !== undefined ? parseCountOrPercent(args.maxSurge) : undefined;
    const unavailable = args.maxUnavailable !== undefined ? parseCountOrPercent(args.maxUnavailable) : undefined;
    if (surge?.value === 0 && unavailable?.value === 0) {
        problems.add(
            "maxSurge",
            `maxSurge and maxUnavailable must not both be 0 (got maxSurge ${show(args.maxSurge)} and maxUnavailable ${show(args.maxUnavailable)}); a rollout could never make progress, so set maxSurge to "1" or more`,
        );
    }
    checkInteger(problems, "minReadySeconds", args.minReadySeconds, 0);
    checkInteger(problems, "revisionHistoryLimit", args.revisionHistoryLimit, 0);
    checkInteger(problems, "progressDeadlineSeconds", args.progressDeadlineSeconds, 1);
    checkInteger(problems, "preStopSleepSeconds", args.preStopSleepSeconds, 0);
    checkReadyBeforeDeadline(problems, args);
    checkPreStopBeforeGrace(problems, args);
    if (args.rolloutTimeout !== undefined && !DURATION.test(args.rolloutTimeout)) {
        problems.add(
            "rolloutTimeout",
            `rolloutTimeout must be a duration such as "90s", "5m" or "1h" (got ${show(args.rolloutTimeout)})`,
        );
    }
}

/** Kubernetes rejects a Deployment whose `minReadySeconds` is not below its `progressDeadlineSeconds`. */
function checkReadyBeforeDeadline(problems: Problems, args: RolloutArgs): void {
    const minReady = args.minReadySeconds ?? 0;
    const deadline = args.progressDeadlineSeconds ?? 600;
    if (Number.isFinite(minReady) && Number.isFinite(deadline) && minReady >= deadline) {
        problems.add(
            "minReadySeconds",
            `minReadySeconds must be less than progressDeadlineSeconds (got ${show(minReady)} with progressDeadlineSeconds ${show(deadline)}); lower minReadySeconds or raise progressDeadlineSeconds`,
        );
    }
}

/** A preStop sleep at or above the grace period would have the pod killed while it sleeps. */
function checkPreStopBeforeGrace(
    problems: Problems,
    args: RolloutArgs & { readonly terminationGracePeriodSeconds?: number },
): void {
    const grace = args.terminationGracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS;
    const sleep = args.preStopSleepSeconds ?? DEFAULT_PRE_STOP_SLEEP_SECONDS;
    if (Number.isInteger(sleep) && sleep > 0 && sleep >= grace) {
        problems.add(
            "preStopSleepSeconds",
            `preStopSleepSeconds must be below terminationGracePeriodSeconds (got ${sleep} and ${grace}); the pod would be killed while it sleeps: lower preStopSleepSeconds or raise terminationGracePeriodSeconds`,
        );
    }
}

/** Pulumi custom timeouts that bound how long `up` waits for a rollout. */
export function rolloutTimeouts(args: RolloutArgs): pulumi.CustomTimeouts {
    const timeout = args.rolloutTimeout ?? DEFAULT_ROLLOUT_TIMEOUT;
    return { create: timeout, update: timeout };
}
