import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CONCURRENCY_POLICIES, ConcurrencyPolicy } from "../../contract";
import {
    ExemptionArgs,
    PodArgs,
    PodIdentityArgs,
    Problems,
    ResourceDefaults,
    checkCronSchedule,
    checkTimeZone,
    checkInteger,
    checkOneOf,
    show,
    validateExemptions,
    validatePodArgs,
} from "../core";

/**
 * Args every batch component (Job or CronJob) accepts: the shared pod and identity args, exemptions, and the
 * Job's retry, deadline and clean-up settings.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export interface BatchArgs extends PodArgs, PodIdentityArgs, ExemptionArgs {
    /**
     * Retries before the Job is marked failed. Default: the component's (the guide's) value.
     * @default the component's (the guide's) value
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-backoff-failure-policy
     */
    readonly backoffLimit?: number;
    /**
     * Seconds a Job may run, retries included, before it is stopped and marked failed. Default: the component's (the
     * guide's) value.
     * @default the component's (the guide's) value
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup
     */
    readonly activeDeadlineSeconds?: number;
    /**
     * Seconds after a Job finishes before Kubernetes deletes it (and its pods). Default: 86400 (one day).
     * @default 86400 (one day)
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/
     */
    readonly ttlSecondsAfterFinished?: number;
}

/**
 * How and when a CronJob runs.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export interface CronArgs {
    /**
     * A 5-field cron expression ("minute hour day-of-month month day-of-week") or a macro such as "@daily". Default:
     * the component's (the guide's) schedule.
     * @default the component's (the guide's) schedule
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
     */
    readonly schedule?: string;
    /**
     * IANA time zone of the schedule, for example "Europe/Berlin". Default: the kube-controller-manager's time zone
     * (usually UTC).
     * @default the kube-controller-manager's time zone (usually UTC)
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
     */
    readonly timeZone?: string;
    /**
     * `Forbid` (skip a run while the previous one is still going), `Allow` or `Replace`. Default: "Forbid".
     * @default "Forbid"
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy
     */
    readonly concurrencyPolicy?: ConcurrencyPolicy;
    /**
     * Seconds after the scheduled time within which a missed run may still start (at least 10). Default: 600.
     * @default 600
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-deadline
     */
    readonly startingDeadlineSeconds?: number;
    /**
     * Finished successful Jobs to keep. Default: the component's (the guide's) value.
     * @default the component's (the guide's) value
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#jobs-history-limits
     */
    readonly successfulJobsHistoryLimit?: number;
    /**
     * Finished failed Jobs to keep. Default: 1 (the guide's).
     * @default 1 (the guide's)
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#jobs-history-limits
     */
    readonly failedJobsHistoryLimit?: number;
    /**
     * Stop scheduling new runs (running ones continue). Default: false.
     * @default false
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-suspension
     */
    readonly suspend?: boolean;
}

/** Seconds a finished Job is kept before Kubernetes deletes it. */
export const DEFAULT_TTL_SECONDS_AFTER_FINISHED = 86400;
/** Seconds after the scheduled time a missed CronJob run may still start. */
export const DEFAULT_STARTING_DEADLINE_SECONDS = 600;
/** The guide's concurrency policy for scheduled maintenance: never two runs at once. */
export const DEFAULT_CONCURRENCY_POLICY: ConcurrencyPolicy = "Forbid";
/** The guide's failed-Jobs history. */
export const DEFAULT_FAILED_JOBS_HISTORY_LIMIT = 1;

/** Job settings a component fills in from its args and defaults. */
export interface JobSettings {
    readonly backoffLimit: number;
    readonly activeDeadlineSeconds: number;
    readonly ttlSecondsAfterFinished: number;
    readonly completions?: number;
    readonly parallelism?: number;
}

/** The Job spec around a pod template. */
export function buildJobSpec(
    settings: JobSettings,
    template: k8s.types.input.core.v1.PodTemplateSpec,
): k8s.types.input.batch.v1.JobSpec {
    return {
        completions: settings.completions ?? 1,
        parallelism: settings.parallelism ?? 1,
        backoffLimit: settings.backoffLimit,
        activeDeadlineSeconds: settings.activeDeadlineSeconds,
        ttlSecondsAfterFinished: settings.ttlSecondsAfterFinished,
        template,
    };
}

/** The CronJob spec around a Job spec, with the schedule and history settings. */
export function buildCronJobSpec(
    cron: CronArgs,
    defaults: { readonly schedule: string; readonly successfulJobsHistoryLimit: number },
    labels: Record<string, string>,
    jobSpec: k8s.types.input.batch.v1.JobSpec,
): k8s.types.input.batch.v1.CronJobSpec {
    return {
        schedule: cron.schedule ?? defaults.schedule,
        ...(cron.timeZone !== undefined ? { timeZone: cron.timeZone } : {}),
        concurrencyPolicy: cron.concurrencyPolicy ?? DEFAULT_CONCURRENCY_POLICY,
        startingDeadlineSeconds: cron.startingDeadlineSeconds ?? DEFAULT_STARTING_DEADLINE_SECONDS,
        successfulJobsHistoryLimit: cron.successfulJobsHistoryLimit ?? defaults.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: cron.failedJobsHistoryLimit ?? DEFAULT_FAILED_JOBS_HISTORY_LIMIT,
        suspend: cron.suspend ?? false,
        jobTemplate: { metadata: { labels }, spec: jobSpec },
    };
}

/** Validates the shared batch args. */
export function validateBatchArgs(problems: Problems, args: BatchArgs, resourceDefaults: ResourceDefaults): void {
    validatePodArgs(problems, args, resourceDefaults);
    checkInteger(problems, "backoffLimit", args.backoffLimit, 0, undefined, "use 0 for no retries");
    checkInteger(
        problems,
        "activeDeadlineSeconds",
        args.activeDeadlineSeconds,
        1,
        undefined,
        "give the longest time a run may take, for example 600",
    );
    checkInteger(
        problems,
        "ttlSecondsAfterFinished",
        args.ttlSecondsAfterFinished,
        0,
        undefined,
        "for example 86400 to keep a finished Job for a day",
    );
    validateExemptions(problems, args);
}

/** Validates the CronJob args. */
export function validateCronArgs(problems: Problems, args: CronArgs): void {
    checkCronSchedule(problems, "schedule", args.schedule);
    checkTimeZone(problems, "timeZone", args.timeZone);
    checkOneOf(problems, "concurrencyPolicy", args.concurrencyPolicy, CONCURRENCY_POLICIES);
    checkInteger(
        problems,
        "startingDeadlineSeconds",
        args.startingDeadlineSeconds,
        10,
        undefined,
        "the CronJob controller checks every 10 seconds, so shorter deadlines can skip runs",
    );
    checkInteger(problems, "successfulJobsHistoryLimit", args.successfulJobsHistoryLimit, 0);
    checkInteger(problems, "failedJobsHistoryLimit", args.failedJobsHistoryLimit, 0);
}

/** Validates a number of days: a whole number of at least 1. */
export function checkDays(problems: Problems, field: string, value: number | undefined, example: number): void {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
        problems.add(
            field,
            `${field} must be a whole number of days, at least 1 (got ${show(value)}); for example ${example}`,
        );
    }
}

/** Checks an absolute path without characters that would break a shell command. */
export function checkShellSafePath(
    problems: Problems,
    field: string,
    value: string | undefined,
    example: string,
): void {
    if (value !== undefined && !/^\/[A-Za-z0-9._\-/]*$/.test(value)) {
        problems.add(
            field,
            `${field} must be an absolute path of letters, digits, '.', '_', '-' and '/' (got ${show(value)}); for example ${show(example)}`,
        );
    }
}

/** Custom timeouts for a Job that Pulumi waits on: its deadline plus a margin for scheduling and image pulls. */
export function jobTimeouts(activeDeadlineSeconds: number): pulumi.CustomTimeouts {
    const seconds = `${activeDeadlineSeconds + 300}s`;
    return { create: seconds, update: seconds };
}
