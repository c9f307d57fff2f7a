import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { SecurityArgs, MAX_REPLICAS } from "../core";
import {
    DEFAULT_RESOURCES,
    LabelInput,
    Problems,
    buildContainer,
    buildEnv,
    buildPodTemplate,
    checkInteger,
    checkOneOf,
    checkImage,
    childName,
    objectMeta,
    serviceDnsName,
    show,
    validateDisruptionBudget,
    workloadLabels,
} from "../core";
import {
    POD_MANAGEMENT_POLICIES,
    buildStatefulPodTemplate,
    checkStorageSize,
    downwardApiEnv,
    validatePasswordSource,
    validateStatefulBase,
} from "./common";
import { fillTemplate } from "./templates";
import {
    REDIS_BOOTSTRAP_SCRIPT,
    REDIS_CLIENT_PORT,
    REDIS_CONF,
    REDIS_GOSSIP_PORT,
    REDIS_PING_COMMAND,
    REDIS_RUNTIME_DIR,
    REDIS_START_SCRIPT,
} from "./redisScripts";

import {
    DEFAULT_REDIS_IMAGE,
    DEFAULT_REDIS_NODES,
    DEFAULT_REDIS_REPLICAS_PER_PRIMARY,
    DEFAULT_REDIS_NODE_TIMEOUT_MS,
    MIN_REDIS_PRIMARIES,
    DEFAULT_REDIS_PASSWORD_KEY,
    REDIS_POD_USER,
    DEFAULT_BOOTSTRAP_JOB,
    REDIS_RESERVED_DIRECTIVES,
} from "./redisDefaults";
import type { RedisClusterArgs } from "./redisCluster";

/** Validates a Redis Cluster topology: `nodes` split into groups of 1 primary + replicas, at least 3 primaries. */
export function validateRedisTopology(problems: Problems, nodes: number, replicasPerPrimary: number): void {
    if (!Number.isInteger(replicasPerPrimary) || replicasPerPrimary < 0) {
        problems.add(
            "replicasPerPrimary",
            `replicasPerPrimary must be a whole number of at least 0 (got ${show(replicasPerPrimary)}); use 1 for one replica per primary`,
        );
        return;
    }
    if (Number.isInteger(nodes) && nodes > MAX_REPLICAS) {
        problems.add("nodes", `nodes must be at most ${MAX_REPLICAS} (got ${show(nodes)}); use fewer nodes`);
        return;
    }
    const group = 1 + replicasPerPrimary;
    const minimum = MIN_REDIS_PRIMARIES * group;
    const valid = Number.isInteger(nodes) && nodes % group === 0 && nodes / group >= MIN_REDIS_PRIMARIES;
    if (!valid) {
        const got = Number.isInteger(nodes)
            ? nodes % group === 0
                ? `which gives ${nodes / group} primaries`
                : `which is not a multiple of ${group}`
            : "which is not a whole number";
        problems.add(
            "nodes",
            `nodes must be a multiple of (1 + replicasPerPrimary) that gives at least ${MIN_REDIS_PRIMARIES} primaries (got nodes ${show(nodes)} with replicasPerPrimary ${replicasPerPrimary}, ${got}); use ${minimum} or more nodes in steps of ${group}`,
        );
    }
}

/** Validates {@link RedisClusterArgs}; returns every problem found. */
export function validateRedisClusterArgs(args: RedisClusterArgs): Problems {
    const problems = new Problems();
    validateRedisTopology(
        problems,
        args.nodes ?? DEFAULT_REDIS_NODES,
        args.replicasPerPrimary ?? DEFAULT_REDIS_REPLICAS_PER_PRIMARY,
    );
    validateStatefulBase(problems, args, DEFAULT_RESOURCES);
    checkStorageSize(problems, "storageSize", args.storageSize);
    validatePasswordSource(problems, { field: "password", value: args.password }, args.existingSecretName, [
        { field: "passwordKey", value: args.passwordKey },
    ]);
    if (args.image !== undefined) {
        checkImage(problems, "image", args.image, DEFAULT_REDIS_IMAGE);
    }
    checkInteger(problems, "clusterNodeTimeoutMs", args.clusterNodeTimeoutMs, 100);
    checkOneOf(problems, "podManagementPolicy", args.podManagementPolicy, POD_MANAGEMENT_POLICIES);
    for (const line of (args.extraConfig ?? "").split("\n")) {
        const directive = line.trim().split(/\s+/)[0].toLowerCase();
        if ((REDIS_RESERVED_DIRECTIVES as readonly string[]).includes(directive)) {
            problems.add(
                "extraConfig",
                `extraConfig must not set ${show(directive)} (got the line ${show(line.trim())}); the component manages it (passwords come from the Secret, never from a ConfigMap)`,
            );
        }
    }
    const bootstrap = args.bootstrap ?? {};
    checkInteger(problems, "bootstrap.backoffLimit", bootstrap.backoffLimit, 0);
    checkInteger(problems, "bootstrap.activeDeadlineSeconds", bootstrap.activeDeadlineSeconds, 1);
    checkInteger(problems, "bootstrap.ttlSecondsAfterFinished", bootstrap.ttlSecondsAfterFinished, 0);
    validateDisruptionBudget(problems, "disruptionBudget", args.disruptionBudget, args.nodes ?? DEFAULT_REDIS_NODES);
    return problems;
}

/** The names a RedisCluster gives its children. */
export interface RedisNames {
    readonly set: string;
    readonly headless: string;
    readonly config: string;
    readonly secret: string;
    readonly bootstrap: string;
    readonly pdb: string;
}

/** Children names from the component name; the Secret is the user's when one is named. */
export function redisNames(name: string, existingSecretName?: string): RedisNames {
    return {
        set: name,
        headless: childName(name, "headless"),
        config: childName(name, "config"),
        secret: existingSecretName ?? childName(name, "credentials"),
        bootstrap: childName(name, "bootstrap"),
        pdb: childName(name, "pdb"),
    };
}

/** The password of the credentials Secret, by key, or undefined when the user names an existing Secret. */
export function redisPasswords(args: RedisClusterArgs): Record<string, pulumi.Input<string>> | undefined {
    if (args.existingSecretName !== undefined || args.password === undefined) {
        return undefined;
    }
    return { [args.passwordKey ?? DEFAULT_REDIS_PASSWORD_KEY]: args.password };
}

/** The ConfigMap's redis.conf: the guide's cluster settings plus `extraConfig`. */
export function redisConf(args: RedisClusterArgs): string {
    const base = fillTemplate(REDIS_CONF, {
        PORT: String(REDIS_CLIENT_PORT),
        TIMEOUT: String(args.clusterNodeTimeoutMs ?? DEFAULT_REDIS_NODE_TIMEOUT_MS),
    });
    return args.extraConfig ? `${base}${args.extraConfig.trim()}\n` : base;
}

/** The `redis-cli --cluster create` seeds: every node's stable address. */
export function redisSeedAddresses(set: string, headless: string, namespace: string, nodes: number): string[] {
    return Array.from(
        { length: nodes },
        (_, i) => `${set}-${i}.${serviceDnsName(headless, namespace)}:${REDIS_CLIENT_PORT}`,
    );
}

/** Redis writes only to /data and the runtime emptyDir, so its root filesystem is read-only. */
function redisSecurity(): SecurityArgs {
    return {
        runAsNonRoot: true,
        runAsUser: REDIS_POD_USER.runAsUser,
        runAsGroup: REDIS_POD_USER.runAsGroup,
        readOnlyRootFilesystem: true,
    };
}

/** Builds the redis node pod template. */
export function buildRedisPodTemplate(
    args: RedisClusterArgs,
    names: RedisNames,
    labels: Record<string, string>,
): k8s.types.input.core.v1.PodTemplateSpec {
    const passwordRef = { secretName: names.secret, key: args.passwordKey ?? DEFAULT_REDIS_PASSWORD_KEY };
    const input = {
        name: "redis",
        image: args.image ?? DEFAULT_REDIS_IMAGE,
        imagePullPolicy: args.imagePullPolicy,
        port: REDIS_CLIENT_PORT,
        portName: "client",
        extraPorts: [{ name: "gossip", containerPort: REDIS_GOSSIP_PORT }],
        command: ["sh", "-c", fillTemplate(REDIS_START_SCRIPT, { RUNTIME_DIR: REDIS_RUNTIME_DIR })],
        secretEnv: [
            { name: "REDIS_PASSWORD", ...passwordRef },
            { name: "REDISCLI_AUTH", ...passwordRef },
        ],
        resources: args.resources,
        // The guide's probes: redis-cli ping.
        readinessProbe: {
            type: "exec" as const,
            command: REDIS_PING_COMMAND,
            initialDelaySeconds: 15,
            periodSeconds: 10,
            timeoutSeconds: 5,
        },
        livenessProbe: {
            type: "exec" as const,
            command: REDIS_PING_COMMAND,
            initialDelaySeconds: 20,
            periodSeconds: 3,
            timeoutSeconds: 2,
        },
        security: redisSecurity(),
        volumeMounts: [
            { name: "conf", mountPath: "/conf", readOnly: true },
            { name: "runtime", mountPath: REDIS_RUNTIME_DIR },
            { name: "data", mountPath: "/data" },
        ],
    };
    const container = { ...buildContainer(input), env: [...downwardApiEnv(), ...buildEnv(input)] };
    return buildStatefulPodTemplate(args, {
        labels,
        containers: [container],
        volumes: [
            { name: "conf", configMap: { name: names.config, defaultMode: 0o444 } },
            { name: "runtime", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
        ],
        user: REDIS_POD_USER,
    });
}

/** Renders the bootstrap Job: batch limits, and pods that the StatefulSet's Service and PDB do not select. */
export function renderRedisBootstrapJob(
    args: RedisClusterArgs,
    names: RedisNames,
    labels: LabelInput,
): k8s.batch.v1.JobArgs {
    const jobLabels: LabelInput = { ...labels, instance: names.bootstrap, component: "bootstrap" };
    const objectLabels = workloadLabels(jobLabels, args.labels);
    const bootstrap = args.bootstrap ?? {};
    const script = fillTemplate(REDIS_BOOTSTRAP_SCRIPT, {
        NODES: String(args.nodes ?? DEFAULT_REDIS_NODES),
        SET: names.set,
        HEADLESS: names.headless,
        PORT: String(REDIS_CLIENT_PORT),
        REPLICAS: String(args.replicasPerPrimary ?? DEFAULT_REDIS_REPLICAS_PER_PRIMARY),
    });
    const container = buildContainer({
        name: "bootstrap",
        imagePullPolicy: args.imagePullPolicy,
        image: args.image ?? DEFAULT_REDIS_IMAGE,
        command: ["sh", "-c", script],
        secretEnv: [
            { name: "REDISCLI_AUTH", secretName: names.secret, key: args.passwordKey ?? DEFAULT_REDIS_PASSWORD_KEY },
        ],
        readinessProbe: null,
        livenessProbe: null,
        security: redisSecurity(),
    });
    const template = buildPodTemplate({
        labels: objectLabels,
        containers: [container],
        restartPolicy: "Never",
        security: { runAsNonRoot: true },
        nodeSelector: args.nodeSelector,
        tolerations: args.tolerations,
        priorityClassName: args.priorityClassName,
    });
    return {
        metadata: objectMeta(names.bootstrap, args.namespace, objectLabels, args.annotations),
        spec: {
            backoffLimit: bootstrap.backoffLimit ?? DEFAULT_BOOTSTRAP_JOB.backoffLimit,
            activeDeadlineSeconds: bootstrap.activeDeadlineSeconds ?? DEFAULT_BOOTSTRAP_JOB.activeDeadlineSeconds,
            ttlSecondsAfterFinished: bootstrap.ttlSecondsAfterFinished ?? DEFAULT_BOOTSTRAP_JOB.ttlSecondsAfterFinished,
            template,
        },
    };
}
