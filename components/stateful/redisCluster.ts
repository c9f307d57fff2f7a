import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    DEFAULT_RESOURCES,
    LabelInput,
    Problems,
    ResourceArgs,
    buildContainer,
    buildEnv,
    buildHeadlessServiceSpec,
    buildPodTemplate,
    checkInteger,
    checkOneOf,
    checkRequired,
    childName,
    objectMeta,
    renderPdb,
    selectorLabels,
    serviceDnsName,
    show,
    throwIfInvalid,
    typeToken,
    validateDisruptionBudget,
    workloadLabels,
} from "../core";
import {
    POD_MANAGEMENT_POLICIES,
    PodUser,
    StatefulBaseArgs,
    buildStatefulPodTemplate,
    checkStorageSize,
    disruptionBudgetOf,
    downwardApiEnv,
    createCredentialsSecret,
    renderStatefulSet,
    statefulSetOptions,
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

/** The guide's Redis image (redis:7-alpine), pinned to a release. */
export const DEFAULT_REDIS_IMAGE = "redis:7.2.4-alpine";
/** The guide's node count: 3 primaries with 1 replica each. */
export const DEFAULT_REDIS_NODES = 6;
/** The guide's replicas per primary. */
export const DEFAULT_REDIS_REPLICAS_PER_PRIMARY = 1;
/** The guide's data volume size. */
export const DEFAULT_REDIS_STORAGE_SIZE = "1Gi";
/** The guide's cluster-node-timeout, in milliseconds. */
export const DEFAULT_REDIS_NODE_TIMEOUT_MS = 5000;
/** Redis Cluster needs at least 3 primaries to keep a majority. */
export const MIN_REDIS_PRIMARIES = 3;
/** Secret key of the Redis password. */
export const DEFAULT_REDIS_PASSWORD_KEY = "password";
/** The redis user of the alpine image (uid 999, gid 1000). */
export const REDIS_POD_USER: PodUser = { runAsUser: 999, runAsGroup: 1000, fsGroup: 1000 };
/** Bootstrap Job defaults: retries, a deadline, and cleanup a day after it finishes. */
export const DEFAULT_BOOTSTRAP_JOB = {
    backoffLimit: 6,
    activeDeadlineSeconds: 600,
    ttlSecondsAfterFinished: 86400,
} as const;

/** Directives the runtime config owns; they must not come from `extraConfig` (a ConfigMap is not secret). */
export const REDIS_RESERVED_DIRECTIVES = [
    "requirepass",
    "masterauth",
    "cluster-enabled",
    "cluster-config-file",
    "cluster-announce-ip",
    "port",
    "protected-mode",
    "user",
] as const;

/**
 * Batch limits of the cluster bootstrap Job.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup
 */
export interface RedisBootstrapArgs {
    /** Retries before the Job fails. @default 6 */
    readonly backoffLimit?: number;
    /** Seconds before the Job is stopped, however far it got. @default 600 */
    readonly activeDeadlineSeconds?: number;
    /**
     * Seconds after it finishes before the Job is deleted. A later `pulumi up --refresh` recreates it, which is
     * harmless: the Job does nothing against a formed cluster.
     * @default 86400
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/
     */
    readonly ttlSecondsAfterFinished?: number;
}

/**
 * Args of a {@link RedisCluster}.
 * @see https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/
 */
export interface RedisClusterArgs extends StatefulBaseArgs {
    /**
     * Redis nodes: a multiple of (1 + replicasPerPrimary) that gives at least 3 primaries.
     * @default 6 (the guide's: 3 primaries with 1 replica each)
     * @see https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/#create-a-redis-cluster
     */
    readonly nodes?: number;
    /**
     * Replicas of every primary (`--cluster-replicas`).
     * @default 1
     * @see https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/#create-a-redis-cluster
     */
    readonly replicasPerPrimary?: number;
    /**
     * The data volume of each node, a quantity such as "1Gi".
     * @default "1Gi" (the guide's value)
     * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#capacity
     */
    readonly storageSize?: string;
    /**
     * The password (`requirepass` and `masterauth`), as a Pulumi secret. The component stores it in a Secret it
     * creates. Required unless `existingSecretName` is set: auth is always on.
     * @see https://redis.io/docs/latest/operate/oss_and_stack/management/security/#authentication
     */
    readonly password?: pulumi.Input<string>;
    /**
     * An existing Secret holding the password (key `passwordKey`), instead of `password`.
     * @default none: the component creates `<name>-credentials`
     */
    readonly existingSecretName?: string;
    /** The password's key in the Secret. @default "password" */
    readonly passwordKey?: string;
    /**
     * The Redis image, pinned.
     * @default "redis:7.2.4-alpine"
     * @see https://hub.docker.com/_/redis
     */
    readonly image?: string;
    /**
     * Milliseconds a node may be unreachable before it counts as failing (`cluster-node-timeout`).
     * @default 5000 (the guide's value)
     * @see https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/
     */
    readonly clusterNodeTimeoutMs?: number;
    /** More redis.conf directives (for example "maxmemory 200mb"). No passwords: they would land in a ConfigMap. */
    readonly extraConfig?: string;
    /**
     * Requests and limits of the redis container.
     * @default requests 100m/128Mi, limits 200m/256Mi
     * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
     */
    readonly resources?: ResourceArgs;
    /**
     * `OrderedReady` or `Parallel` (nodes are independent until the bootstrap Job joins them).
     * @default "OrderedReady"
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies
     */
    readonly podManagementPolicy?: string;
    /** Batch limits of the bootstrap Job. @default backoffLimit 6, activeDeadlineSeconds 600, ttl 86400 */
    readonly bootstrap?: RedisBootstrapArgs;
}

/** Validates a Redis Cluster topology: `nodes` split into groups of 1 primary + replicas, at least 3 primaries. */
export function validateRedisTopology(problems: Problems, nodes: number, replicasPerPrimary: number): void {
    if (!Number.isInteger(replicasPerPrimary) || replicasPerPrimary < 0) {
        problems.add(
            "replicasPerPrimary",
            `replicasPerPrimary must be a whole number of at least 0 (got ${show(replicasPerPrimary)}); use 1 for one replica per primary`,
        );
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
        checkRequired(problems, "image", args.image, `give a pinned image such as "${DEFAULT_REDIS_IMAGE}"`);
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
const SECURITY = {
    runAsNonRoot: true,
    runAsUser: REDIS_POD_USER.runAsUser,
    runAsGroup: REDIS_POD_USER.runAsGroup,
    readOnlyRootFilesystem: true,
};

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
        security: SECURITY,
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
        security: SECURITY,
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

/**
 * The guide's Redis Cluster: 6 nodes by default (3 primaries, 1 replica each) with client (6379) and gossip (16379)
 * ports, a ConfigMap with redis.conf (cluster-enabled, appendonly, node timeout), `redis-cli ping` probes, auth
 * always on (the password from a Secret, never in a ConfigMap or command line), a PodDisruptionBudget, and an
 * idempotent bootstrap Job that runs `redis-cli --cluster create` once every node is ready.
 *
 * @example
 * new RedisCluster("redis", { nodes: 6, replicasPerPrimary: 1, storageSize: "1Gi", password: cfg.requireSecret("dbPassword") });
 */
export class RedisCluster extends pulumi.ComponentResource {
    /** The StatefulSet's name. */
    public readonly statefulSetName: pulumi.Output<string>;
    /** The headless Service's name. */
    public readonly headlessServiceName: pulumi.Output<string>;
    /** Every node's stable address, `redis-0.redis-headless.<ns>.svc.cluster.local:6379`, ...: the client seeds. */
    public readonly seedNodes: pulumi.Output<string[]>;
    /** The Secret holding the password (created, or the one named by `existingSecretName`). */
    public readonly secretName: pulumi.Output<string>;
    /** The bootstrap Job's name. */
    public readonly bootstrapJobName: pulumi.Output<string>;

    constructor(name: string, args: RedisClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(typeToken("RedisCluster"), name, {}, opts);
        throwIfInvalid("RedisCluster", name, validateRedisClusterArgs(args));

        const labels: LabelInput = { instance: name, app: args.appName, pattern: "redis-cluster", component: "cache" };
        const objectLabels = workloadLabels(labels, args.labels);
        const names = redisNames(name, args.existingSecretName);
        const nodes = args.nodes ?? DEFAULT_REDIS_NODES;

        const credentials = createCredentialsSecret(
            this,
            names.secret,
            args,
            labels,
            args.existingSecretName === undefined && args.password !== undefined
                ? { [args.passwordKey ?? DEFAULT_REDIS_PASSWORD_KEY]: args.password }
                : undefined,
        );
        const config = new k8s.core.v1.ConfigMap(
            names.config,
            {
                metadata: objectMeta(names.config, args.namespace, objectLabels, args.annotations),
                data: { "redis.conf": redisConf(args) },
            },
            { parent: this },
        );
        const headless = new k8s.core.v1.Service(
            names.headless,
            {
                metadata: objectMeta(names.headless, args.namespace, objectLabels, args.annotations),
                spec: buildHeadlessServiceSpec(selectorLabels(labels), {
                    port: REDIS_CLIENT_PORT,
                    targetPortName: "client",
                    extraPorts: [{ name: "gossip", containerPort: REDIS_GOSSIP_PORT }],
                }),
            },
            { parent: this },
        );
        const statefulSet = new k8s.apps.v1.StatefulSet(
            names.set,
            renderStatefulSet(args, {
                identity: { name: names.set, serviceName: names.headless, labels },
                replicas: nodes,
                template: buildRedisPodTemplate(args, names, objectLabels),
                claims: [
                    {
                        name: "data",
                        size: args.storageSize ?? DEFAULT_REDIS_STORAGE_SIZE,
                        storageClassName: args.storageClassName,
                    },
                ],
                update: { podManagementPolicy: args.podManagementPolicy },
            }),
            { ...statefulSetOptions(this, args), dependsOn: [...credentials.dependsOn, config, headless] },
        );
        new k8s.policy.v1.PodDisruptionBudget(names.pdb, renderPdb(names.pdb, args, labels, disruptionBudgetOf(args)), {
            parent: this,
        });
        // Pulumi waits for the StatefulSet to be ready (every node answering PING) before it creates the Job.
        const job = new k8s.batch.v1.Job(names.bootstrap, renderRedisBootstrapJob(args, names, labels), {
            parent: this,
            dependsOn: [statefulSet],
            deleteBeforeReplace: true,
        });

        this.statefulSetName = statefulSet.metadata.name;
        this.headlessServiceName = headless.metadata.name;
        this.seedNodes = pulumi
            .all([headless.metadata.name, headless.metadata.namespace])
            .apply(([svc, ns]) => redisSeedAddresses(names.set, svc, ns, nodes));
        this.secretName = credentials.name;
        this.bootstrapJobName = job.metadata.name;
        this.registerOutputs({
            statefulSetName: this.statefulSetName,
            headlessServiceName: this.headlessServiceName,
            seedNodes: this.seedNodes,
            secretName: this.secretName,
            bootstrapJobName: this.bootstrapJobName,
        });
    }
}
