import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LabelInput, SecurityArgs, setOutputs, validComponentType } from "../core";
import { BatchArgs, CronArgs } from "./common";
import { renderLogCleanupCronJob, validateLogCleanupArgs } from "./logCleanupSpec";

/**
 * Args of a {@link LogCleanup}.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export interface LogCleanupArgs extends BatchArgs, CronArgs {
    /**
     * When the cleanup runs. Default: "0 0 * * 0" (the guide's: weekly, Sunday at midnight).
     * @default "0 0 * * 0" (the guide's: weekly, Sunday at midnight)
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
     */
    readonly schedule?: string;
    /**
     * Delete `*.log` files not modified for more than this many days (`find -mtime +N`). Default: 30 (the guide's).
     * @default 30 (the guide's)
     */
    readonly maxAgeDays?: number;
    /**
     * Delete `*.gz` archives not modified for more than this many days. Default: 90 (the guide's).
     * @default 90 (the guide's)
     */
    readonly archiveMaxAgeDays?: number;
    /**
     * The host directory to clean, mounted writable through a hostPath volume at the same path. Default: "/var/log".
     * @default "/var/log"
     * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
     */
    readonly logPath?: string;
    /** The image with `find`, pinned. Default: "alpine:3.20". @default "alpine:3.20" */
    readonly image?: string;
    /**
     * DANGEROUS, opt-in: the guide's `docker system prune` and container-log cleanup. Adds a container that mounts
     * the node's Docker socket (root on the node, in effect) and `/var/lib/docker/containers` writable. The
     * component then declares no exemption: the policy pack flags the CronJob until you add `exemptions`
     * (`host-path-restricted`) with an `exemptionReason`. Only for nodes that run Docker. Default: false.
     * @default false
     * @see https://docs.docker.com/reference/cli/docker/system/prune/
     */
    readonly dockerPrune?: boolean;
    /**
     * With `dockerPrune`: prune only objects older than this (`--filter until=`). Default: "168h" (the guide's).
     * @default "168h" (the guide's)
     */
    readonly dockerPruneUntil?: string;
    /** With `dockerPrune`: the Docker CLI image, pinned. Default: "docker:27.3.1-cli". @default "docker:27.3.1-cli" */
    readonly dockerImage?: string;
    /**
     * Run this many cleanup pods per run, each on a different node (required pod anti-affinity on the host name).
     * Set it to the number of nodes to clean every node; see the docs for the limits of a CronJob for per-node work.
     * Default: 1 (one pod, on whichever node the scheduler picks).
     * @default 1 (one pod, on whichever node the scheduler picks)
     * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
     */
    readonly nodeCount?: number;
}

/** The guide's cleanup settings, plus the Job limits it leaves out. */
export const LOG_CLEANUP_DEFAULTS = {
    schedule: "0 0 * * 0",
    maxAgeDays: 30,
    archiveMaxAgeDays: 90,
    logPath: "/var/log",
    successfulJobsHistoryLimit: 2,
    backoffLimit: 2,
    activeDeadlineSeconds: 1800,
    restartPolicy: "OnFailure",
    dockerPruneUntil: "168h",
    dockerContainerLogPath: "/var/lib/docker/containers",
    dockerSocket: "/var/run/docker.sock",
} as const;
/** The pinned cleanup image (the guide uses `alpine:latest`). */
export const DEFAULT_LOG_CLEANUP_IMAGE = "alpine:3.20";
/** The pinned Docker CLI image for the opt-in prune. */
export const DEFAULT_DOCKER_CLI_IMAGE = "docker:27.3.1-cli";
/**
 * The cleanup containers keep root (the logs they delete are root-owned) but no capabilities and a read-only root
 * filesystem.
 */
export const LOG_CLEANUP_SECURITY: SecurityArgs = { readOnlyRootFilesystem: true };
/** The pod label key whose per-Job value keeps anti-affinity within one run. */
export const JOB_CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";

/**
 * The guide's weekly log cleanup as a CronJob: deletes `*.log` files older than `maxAgeDays` and `*.gz` archives
 * older than `archiveMaxAgeDays` under /var/log through a writable hostPath mount. Unlike the guide it needs no
 * privileged mode, no host PID namespace and no Docker socket; the guide's `docker system prune` is the explicit,
 * dangerous opt-in `dockerPrune`.
 *
 * A CronJob run lands on one node; `nodeCount` spreads a run over that many distinct nodes.
 *
 * @example
 * new LogCleanup("log-cleanup", { schedule: "0 0 * * 0", maxAgeDays: 30 });
 */
export class LogCleanup extends pulumi.ComponentResource {
    /** The CronJob's name. */
    public readonly cronJobName!: pulumi.Output<string>;

    constructor(name: string, args: LogCleanupArgs, opts?: pulumi.ComponentResourceOptions) {
        super(validComponentType("LogCleanup", name, validateLogCleanupArgs(args)), name, {}, opts);

        const labelInput: LabelInput = {
            instance: name,
            app: args.appName,
            pattern: "cronjob",
            component: "log-cleanup",
        };
        const cronJob = new k8s.batch.v1.CronJob(name, renderLogCleanupCronJob(name, args, labelInput), {
            parent: this,
        });

        this.registerOutputs(
            setOutputs<LogCleanup>(this, {
                cronJobName: cronJob.metadata.name,
            }),
        );
    }
}
