import * as k8s from "@pulumi/kubernetes";
import {
    BuiltInExemption,
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
    selectorLabels,
    show,
    workloadLabels,
} from "../core";
import {
    DEFAULT_TTL_SECONDS_AFTER_FINISHED,
    buildCronJobSpec,
    buildJobSpec,
    checkDays,
    checkShellSafePath,
    validateBatchArgs,
    validateCronArgs,
} from "./common";
import {
    DEFAULT_DOCKER_CLI_IMAGE,
    DEFAULT_LOG_CLEANUP_IMAGE,
    JOB_CONTROLLER_UID_LABEL,
    LOG_CLEANUP_DEFAULTS,
    LOG_CLEANUP_SECURITY,
} from "./logCleanup";
import type { LogCleanupArgs } from "./logCleanup";

/**
 * The pure parts of {@link LogCleanup}: validation, the scripts, and the renderers of its containers, pod template
 * and CronJob.
 */

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

/** The writable host mount of the log directory, which the cleanup deletes from. */
function logMounts(logPath: string): HostMount[] {
    return [{ name: "varlog", hostPath: logPath, mountPath: logPath, readOnly: false, type: "Directory" }];
}

/** The opt-in Docker prune's host mounts: the Docker socket and the container log directory. */
function dockerMounts(): HostMount[] {
    const socket = LOG_CLEANUP_DEFAULTS.dockerSocket;
    const containerLogs = LOG_CLEANUP_DEFAULTS.dockerContainerLogPath;
    return [
        { name: "dockersock", hostPath: socket, mountPath: socket, readOnly: false, type: "Socket" },
        {
            name: "dockercontainers",
            hostPath: containerLogs,
            mountPath: containerLogs,
            readOnly: false,
            type: "Directory",
        },
    ];
}

/** The cleanup containers, and the Docker prune container when `dockerPrune` is set. */
export function renderLogCleanupContainers(args: LogCleanupArgs): k8s.types.input.core.v1.Container[] {
    const logPath = args.logPath ?? LOG_CLEANUP_DEFAULTS.logPath;
    const maxAgeDays = args.maxAgeDays ?? LOG_CLEANUP_DEFAULTS.maxAgeDays;
    const archiveMaxAgeDays = args.archiveMaxAgeDays ?? LOG_CLEANUP_DEFAULTS.archiveMaxAgeDays;
    const security = { ...LOG_CLEANUP_SECURITY, ...(args.security ?? {}) };
    const cleanup = buildContainer({
        name: "log-cleanup",
        image: args.image ?? DEFAULT_LOG_CLEANUP_IMAGE,
        command: ["/bin/sh", "-c", cleanupScript(logPath, maxAgeDays, archiveMaxAgeDays)],
        imagePullPolicy: args.imagePullPolicy,
        resources: args.resources,
        readinessProbe: null,
        livenessProbe: null,
        security,
        volumeMounts: hostVolumeMounts(logMounts(logPath)),
    });
    const containers: k8s.types.input.core.v1.Container[] = [{ ...cleanup, env: [NODE_NAME_ENV] }];
    if (args.dockerPrune) {
        const until = args.dockerPruneUntil ?? LOG_CLEANUP_DEFAULTS.dockerPruneUntil;
        containers.push(
            buildContainer({
                name: "docker-prune",
                image: args.dockerImage ?? DEFAULT_DOCKER_CLI_IMAGE,
                command: ["/bin/sh", "-c", dockerPruneScript(until, maxAgeDays)],
                imagePullPolicy: args.imagePullPolicy,
                resources: args.resources,
                readinessProbe: null,
                livenessProbe: null,
                security,
                volumeMounts: hostVolumeMounts(dockerMounts()),
            }),
        );
    }
    return containers;
}

/**
 * The user's affinity, plus, when a run spans `nodeCount` > 1 pods, an anti-affinity that puts them on distinct
 * nodes within one run (keyed by the Job's controller uid).
 */
export function onePodPerNodeAffinity(
    args: LogCleanupArgs,
    labelInput: LabelInput,
): k8s.types.input.core.v1.Affinity | undefined {
    if ((args.nodeCount ?? 1) <= 1) {
        return args.affinity;
    }
    return {
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
    };
}

/** The cleanup Job's pod template. */
export function renderLogCleanupPodTemplate(
    args: LogCleanupArgs,
    labelInput: LabelInput,
): k8s.types.input.core.v1.PodTemplateSpec {
    const logPath = args.logPath ?? LOG_CLEANUP_DEFAULTS.logPath;
    return buildPodTemplateFor(args, {
        labels: workloadLabels(labelInput, args.labels),
        containers: renderLogCleanupContainers(args),
        volumes: [...hostVolumes(logMounts(logPath)), ...hostVolumes(args.dockerPrune ? dockerMounts() : [])],
        restartPolicy: LOG_CLEANUP_DEFAULTS.restartPolicy,
        security: args.security?.runAsNonRoot !== undefined ? { runAsNonRoot: args.security.runAsNonRoot } : undefined,
        scheduling: { affinity: onePodPerNodeAffinity(args, labelInput) },
    });
}

/**
 * The exemption the component declares itself: the writable log mount is the job itself. With `dockerPrune`
 * nothing is declared, and the user must state their own exemption and reason.
 */
function builtInExemption(args: LogCleanupArgs): BuiltInExemption | undefined {
    if (args.dockerPrune) {
        return undefined;
    }
    const logPath = args.logPath ?? LOG_CLEANUP_DEFAULTS.logPath;
    return {
        rules: [POLICY_RULES.hostPath, POLICY_RULES.volumeTypes],
        reason: `log-cleanup deletes old log files under ${logPath} on the node, so it mounts that host directory writable`,
    };
}

/** The cleanup CronJob, named after the component. */
export function renderLogCleanupCronJob(
    name: string,
    args: LogCleanupArgs,
    labelInput: LabelInput,
): k8s.batch.v1.CronJobArgs {
    const labels = workloadLabels(labelInput, args.labels);
    const nodeCount = args.nodeCount ?? 1;
    const jobSpec = buildJobSpec(
        {
            completions: nodeCount,
            parallelism: nodeCount,
            backoffLimit: args.backoffLimit ?? LOG_CLEANUP_DEFAULTS.backoffLimit,
            activeDeadlineSeconds: args.activeDeadlineSeconds ?? LOG_CLEANUP_DEFAULTS.activeDeadlineSeconds,
            ttlSecondsAfterFinished: args.ttlSecondsAfterFinished ?? DEFAULT_TTL_SECONDS_AFTER_FINISHED,
        },
        renderLogCleanupPodTemplate(args, labelInput),
    );
    return {
        metadata: objectMeta(name, args.namespace, labels, {
            ...(args.annotations ?? {}),
            ...exemptionAnnotations(builtInExemption(args), args),
        }),
        spec: buildCronJobSpec(args, LOG_CLEANUP_DEFAULTS, labels, jobSpec),
    };
}
