import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LabelInput, ResourceArgs, createNetworkPolicy, setOutputs, validComponentType, workloadLabels } from "../core";
import { StatefulBaseArgs, renderStatefulSet, statefulSetOptions } from "./common";
import { REDIS_CLIENT_PORT, REDIS_GOSSIP_PORT } from "./redisScripts";
import { createSetDisruptionBudget, dataClaim, setPolicyTarget } from "./children";
import { createDatabaseFoundation } from "./databaseFoundation";
import type { PodManagementPolicy } from "./args";

import {
    validateRedisClusterArgs,
    redisNames,
    redisConf,
    redisSeedAddresses,
    buildRedisPodTemplate,
    renderRedisBootstrapJob,
    redisPasswords,
} from "./redisSpec";
import { DEFAULT_REDIS_NODES, DEFAULT_REDIS_STORAGE_SIZE } from "./redisDefaults";

/**
 * Batch limits of the cluster bootstrap Job.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup
 */
export interface RedisBootstrapArgs {
    /** Retries before the Job fails. Default: 6. @default 6 */
    readonly backoffLimit?: number;
    /** Seconds before the Job is stopped, however far it got. Default: 600. @default 600 */
    readonly activeDeadlineSeconds?: number;
    /**
     * Seconds after it finishes before the Job is deleted. A later `pulumi up --refresh` recreates it, which is
     * harmless: the Job does nothing against a formed cluster. Default: 86400.
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
     * Redis nodes: a multiple of (1 + replicasPerPrimary) that gives at least 3 primaries. Default: 6 (the guide's: 3
     * primaries with 1 replica each).
     * @default 6 (the guide's: 3 primaries with 1 replica each)
     * @see https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/#create-a-redis-cluster
     */
    readonly nodes?: number;
    /**
     * Replicas of every primary (`--cluster-replicas`). Default: 1.
     * @default 1
     * @see https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/#create-a-redis-cluster
     */
    readonly replicasPerPrimary?: number;
    /**
     * The data volume of each node, a quantity such as "1Gi". Default: "1Gi" (the guide's value).
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
     * An existing Secret holding the password (key `passwordKey`), instead of `password`. Default: none: the component
     * creates `<name>-credentials`.
     * @default none: the component creates `<name>-credentials`
     */
    readonly existingSecretName?: string;
    /** The password's key in the Secret. Default: "password". @default "password" */
    readonly passwordKey?: string;
    /**
     * The Redis image, pinned. Default: "redis:7.2.4-alpine".
     * @default "redis:7.2.4-alpine"
     * @see https://hub.docker.com/_/redis
     */
    readonly image?: string;
    /**
     * Milliseconds a node may be unreachable before it counts as failing (`cluster-node-timeout`). Default: 5000 (the
     * guide's value).
     * @default 5000 (the guide's value)
     * @see https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/
     */
    readonly clusterNodeTimeoutMs?: number;
    /**
     * More redis.conf directives (for example "maxmemory 200mb"). No passwords: they would land in a ConfigMap.
     * Default: none.
     * @default none
     */
    readonly extraConfig?: string;
    /**
     * Requests and limits of the redis container. Default: requests 100m/128Mi, limits 200m/256Mi.
     * @default requests 100m/128Mi, limits 200m/256Mi
     * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
     */
    readonly resources?: ResourceArgs;
    /**
     * `OrderedReady` or `Parallel` (nodes are independent until the bootstrap Job joins them). Default: "OrderedReady".
     * @default "OrderedReady"
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies
     */
    readonly podManagementPolicy?: PodManagementPolicy;
    /**
     * Batch limits of the bootstrap Job. Default: backoffLimit 6, activeDeadlineSeconds 600, ttl 86400.
     * @default backoffLimit 6, activeDeadlineSeconds 600, ttl 86400
     */
    readonly bootstrap?: RedisBootstrapArgs;
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
    public readonly statefulSetName!: pulumi.Output<string>;
    /** The headless Service's name. */
    public readonly headlessServiceName!: pulumi.Output<string>;
    /** Every node's stable address, `redis-0.redis-headless.<ns>.svc.cluster.local:6379`, ...: the client seeds. */
    public readonly seedNodes!: pulumi.Output<string[]>;
    /** The Secret holding the password (created, or the one named by `existingSecretName`). */
    public readonly secretName!: pulumi.Output<string>;
    /** The bootstrap Job's name. */
    public readonly bootstrapJobName!: pulumi.Output<string>;

    constructor(name: string, args: RedisClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(validComponentType("RedisCluster", name, validateRedisClusterArgs(args)), name, {}, opts);

        const labels: LabelInput = { instance: name, app: args.appName, pattern: "redis-cluster", component: "cache" };
        const objectLabels = workloadLabels(labels, args.labels);
        const names = redisNames(name, args.existingSecretName);
        const nodes = args.nodes ?? DEFAULT_REDIS_NODES;

        const foundation = createDatabaseFoundation(this, args, names, labels, {
            passwords: redisPasswords(args),
            configData: { "redis.conf": redisConf(args) },
            ports: {
                port: REDIS_CLIENT_PORT,
                targetPortName: "client",
                extraPorts: [{ name: "gossip", containerPort: REDIS_GOSSIP_PORT }],
            },
        });
        const { credentials, headless } = foundation;
        const statefulSet = new k8s.apps.v1.StatefulSet(
            names.set,
            renderStatefulSet(args, {
                identity: { name: names.set, serviceName: names.headless, labels },
                replicas: nodes,
                template: buildRedisPodTemplate(args, names, objectLabels),
                claims: [dataClaim(args.storageSize ?? DEFAULT_REDIS_STORAGE_SIZE, args.storageClassName)],
                update: { podManagementPolicy: args.podManagementPolicy },
            }),
            { ...statefulSetOptions(this, args), dependsOn: foundation.dependsOn },
        );
        createNetworkPolicy(
            this,
            setPolicyTarget(name, args, labels),
            // Replication uses the client port too, so the nodes reach each other on both ports whoever else may.
            { ports: [REDIS_CLIENT_PORT], peerPorts: [REDIS_CLIENT_PORT, REDIS_GOSSIP_PORT] },
            args.networkPolicy,
        );
        // The bootstrap Job's pods serve nothing: all ingress to them is denied.
        const bootstrapLabels: LabelInput = { ...labels, instance: names.bootstrap, component: "bootstrap" };
        createNetworkPolicy(
            this,
            setPolicyTarget(names.bootstrap, args, bootstrapLabels),
            { ports: [] },
            args.networkPolicy,
        );
        createSetDisruptionBudget(this, names.pdb, args, labels);
        // Pulumi waits for the StatefulSet to be ready (every node answering PING) before it creates the Job.
        const job = new k8s.batch.v1.Job(names.bootstrap, renderRedisBootstrapJob(args, names, labels), {
            parent: this,
            dependsOn: [statefulSet],
            deleteBeforeReplace: true,
        });

        this.registerOutputs(
            setOutputs<RedisCluster>(this, {
                statefulSetName: statefulSet.metadata.name,
                headlessServiceName: headless.metadata.name,
                seedNodes: pulumi
                    .all([headless.metadata.name, headless.metadata.namespace])
                    .apply(([svc, ns]) => redisSeedAddresses(names.set, svc, ns, nodes)),
                secretName: credentials.name,
                bootstrapJobName: job.metadata.name,
            }),
        );
    }
}
