import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    buildContainer,
    buildPodTemplateFor,
    checkInteger,
    checkPinnedImage,
    DEFAULT_RESOURCES,
    exemptionAnnotations,
    HostMount,
    hostVolumeMounts,
    hostVolumes,
    LabelInput,
    objectMeta,
    POLICY_RULES,
    Problems,
    SecurityArgs,
    selectorLabels,
    show,
    throwIfInvalid,
    typeToken,
    workloadLabels,
    ChildNameRule,
    withNameProblems,
    NAME_LIMITS,
} from "../core";
import {
    BatchArgs,
    CronArgs,
    DEFAULT_TTL_SECONDS_AFTER_FINISHED,
    buildCronJobSpec,
    buildJobSpec,
    checkDays,
    checkShellSafePath,
    validateBatchArgs,
    validateCronArgs,
} from "./common";

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

/** Validates {@link LogCleanupArgs}; returns every problem found. */
export function validateLogCleanupArgs(args: LogCleanupArgs): Problems {
    const problems = new Problems();
    validateCronArgs(problems, args);
    checkDays(problems, "maxAgeDays", args.maxAgeDays, LOG_CLEANUP_DEFAULTS.maxAgeDays);
    checkDays(problems, "archiveMaxAgeDays", args.archiveMaxAgeDays, LOG_CLEANUP_DEFAULTS.archiveMaxAgeDays);
    checkShellSafePath(problems, "logPath", args.logPath, LOG_CLEANUP_DEFAULTS.logPath);
    if (args.logPath === "/") {
        problems.add(
            "logPath",
            `logPath must not be the root directory (got "/"); give the log directory, for example "/var/log"`,
        );
    }
    checkPinnedImage(problems, "image", args.image);
    if (args.dockerPruneUntil !== undefined && !/^[0-9]+(h|m|s)$/.test(args.dockerPruneUntil)) {
        problems.add(
            "dockerPruneUntil",
            `dockerPruneUntil must be a duration in hours, minutes or seconds (got ${show(args.dockerPruneUntil)}); for example "168h"`,
        );
    }
    if (!args.dockerPrune && (args.dockerPruneUntil !== undefined || args.dockerImage !== undefined)) {
        problems.add(
            "dockerPrune",
            `dockerPrune must be true for dockerPruneUntil or dockerImage to apply (got ${show(args.dockerPrune)}); set dockerPrune: true, or remove them`,
        );
    }
    checkPinnedImage(problems, "dockerImage", args.dockerImage);
    checkInteger(problems, "nodeCount", args.nodeCount, 1, undefined, "use 1 for a single pod, or the number of nodes");
    validateBatchArgs(problems, args, DEFAULT_RESOURCES);
    return problems;
}

/** The cleanup script: the guide's two `find` commands, with the node name logged. */
export function cleanupScript(logPath: string, maxAgeDays: number, archiveMaxAgeDays: number): string {
    return [
        "set -eu",
        `echo "log-cleanup on node $NODE_NAME: *.log older than ${maxAgeDays} days and *.gz older than ${archiveMaxAgeDays} days under ${logPath}"`,
        `find ${logPath} -xdev -type f -name "*.log" -mtime +${maxAgeDays} -print -exec rm -f {} +`,
        `find ${logPath} -xdev -type f -name "*.gz" -mtime +${archiveMaxAgeDays} -print -exec rm -f {} +`,
        "",
    ].join("\n");
}

/** The opt-in Docker script: the guide's prune and container-log cleanup. */
export function dockerPruneScript(until: string, maxAgeDays: number): string {
    return [
        "set -eu",
        `docker system prune -f --filter "until=${until}"`,
        `find ${LOG_CLEANUP_DEFAULTS.dockerContainerLogPath} -xdev -type f -name "*.log" -mtime +${maxAgeDays} -print -exec rm -f {} +`,
        "",
    ].join("\n");
}

const NODE_NAME_ENV: k8s.types.input.core.v1.EnvVar = {
    name: "NODE_NAME",
    valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } },
};

/** Every child a LogCleanup's name becomes. */
export const LOG_CLEANUP_CHILDREN: readonly ChildNameRule[] = [
    { suffix: "", kind: "CronJob", limit: NAME_LIMITS.cronJob },
];

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
    public readonly cronJobName: pulumi.Output<string>;

    constructor(name: string, args: LogCleanupArgs, opts?: pulumi.ComponentResourceOptions) {
        super(typeToken("LogCleanup"), name, {}, opts);
        throwIfInvalid("LogCleanup", name, withNameProblems(validateLogCleanupArgs(args), name, LOG_CLEANUP_CHILDREN));

        const labelInput: LabelInput = {
            instance: name,
            app: args.appName,
            pattern: "cronjob",
            component: "log-cleanup",
        };
        const labels = workloadLabels(labelInput, args.labels);
        const logPath = args.logPath ?? LOG_CLEANUP_DEFAULTS.logPath;
        const maxAgeDays = args.maxAgeDays ?? LOG_CLEANUP_DEFAULTS.maxAgeDays;
        const archiveMaxAgeDays = args.archiveMaxAgeDays ?? LOG_CLEANUP_DEFAULTS.archiveMaxAgeDays;
        const nodeCount = args.nodeCount ?? 1;
        const security = { ...LOG_CLEANUP_SECURITY, ...(args.security ?? {}) };

        const logMounts: HostMount[] = [
            { name: "varlog", hostPath: logPath, mountPath: logPath, readOnly: false, type: "Directory" },
        ];
        const cleanup = buildContainer({
            name: "log-cleanup",
            image: args.image ?? DEFAULT_LOG_CLEANUP_IMAGE,
            command: ["/bin/sh", "-c", cleanupScript(logPath, maxAgeDays, archiveMaxAgeDays)],
            imagePullPolicy: args.imagePullPolicy,
            resources: args.resources,
            readinessProbe: null,
            livenessProbe: null,
            security,
            volumeMounts: hostVolumeMounts(logMounts),
        });
        const containers: k8s.types.input.core.v1.Container[] = [{ ...cleanup, env: [NODE_NAME_ENV] }];
        const dockerMounts: HostMount[] = args.dockerPrune
            ? [
                  {
                      name: "dockersock",
                      hostPath: LOG_CLEANUP_DEFAULTS.dockerSocket,
                      mountPath: LOG_CLEANUP_DEFAULTS.dockerSocket,
                      readOnly: false,
                      type: "Socket",
                  },
                  {
                      name: "dockercontainers",
                      hostPath: LOG_CLEANUP_DEFAULTS.dockerContainerLogPath,
                      mountPath: LOG_CLEANUP_DEFAULTS.dockerContainerLogPath,
                      readOnly: false,
                      type: "Directory",
                  },
              ]
            : [];
        if (args.dockerPrune) {
            containers.push(
                buildContainer({
                    name: "docker-prune",
                    image: args.dockerImage ?? DEFAULT_DOCKER_CLI_IMAGE,
                    command: [
                        "/bin/sh",
                        "-c",
                        dockerPruneScript(args.dockerPruneUntil ?? LOG_CLEANUP_DEFAULTS.dockerPruneUntil, maxAgeDays),
                    ],
                    imagePullPolicy: args.imagePullPolicy,
                    resources: args.resources,
                    readinessProbe: null,
                    livenessProbe: null,
                    security,
                    volumeMounts: hostVolumeMounts(dockerMounts),
                }),
            );
        }
        const antiAffinity: k8s.types.input.core.v1.Affinity | undefined =
            nodeCount > 1
                ? {
                      ...(args.affinity ?? {}),
                      podAntiAffinity: {
                          requiredDuringSchedulingIgnoredDuringExecution: [
                              {
                                  topologyKey: "kubernetes.io/hostname",
                                  labelSelector: { matchLabels: selectorLabels(labelInput) },
                                  matchLabelKeys: [JOB_CONTROLLER_UID_LABEL],
                              },
                          ],
                      },
                  }
                : args.affinity;
        const template = buildPodTemplateFor(args, {
            labels,
            containers,
            volumes: [...hostVolumes(logMounts), ...hostVolumes(dockerMounts)],
            restartPolicy: LOG_CLEANUP_DEFAULTS.restartPolicy,
            security:
                args.security?.runAsNonRoot !== undefined ? { runAsNonRoot: args.security.runAsNonRoot } : undefined,
            scheduling: { affinity: antiAffinity },
        });
        const jobSpec = buildJobSpec(
            {
                completions: nodeCount,
                parallelism: nodeCount,
                backoffLimit: args.backoffLimit ?? LOG_CLEANUP_DEFAULTS.backoffLimit,
                activeDeadlineSeconds: args.activeDeadlineSeconds ?? LOG_CLEANUP_DEFAULTS.activeDeadlineSeconds,
                ttlSecondsAfterFinished: args.ttlSecondsAfterFinished ?? DEFAULT_TTL_SECONDS_AFTER_FINISHED,
            },
            template,
        );
        // The writable /var/log mount is the job itself, so it is declared; with dockerPrune nothing is declared and
        // the user must state their own exemption and reason.
        const builtIn = args.dockerPrune
            ? undefined
            : {
                  rules: [POLICY_RULES.hostPath, POLICY_RULES.volumeTypes],
                  reason: `log-cleanup deletes old log files under ${logPath} on the node, so it mounts that host directory writable`,
              };
        const cronJob = new k8s.batch.v1.CronJob(
            name,
            {
                metadata: objectMeta(name, args.namespace, labels, {
                    ...(args.annotations ?? {}),
                    ...exemptionAnnotations(builtIn, args),
                }),
                spec: buildCronJobSpec(args, LOG_CLEANUP_DEFAULTS, labels, jobSpec),
            },
            { parent: this },
        );

        this.cronJobName = cronJob.metadata.name;
        this.registerOutputs({ cronJobName: this.cronJobName });
    }
}
