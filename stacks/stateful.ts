import * as pulumi from "@pulumi/pulumi";
import { MySqlCluster, RedisCluster, StatefulService } from "../components";
import { webPlacement } from "./realNode";
import { StackSettings, networkPolicyArgs, perEnv } from "./settings";

/** The stateful family's components in a stack. */
export interface StatefulStack {
    readonly web: StatefulService;
    readonly mysql: MySqlCluster;
    readonly redis: RedisCluster;
}

/**
 * Creates the guide's StatefulSets for the environment: the nginx StatefulService, the replicated MySQL and the
 * Redis Cluster. dev is small and uses the cluster's default StorageClass (claims of at most 5Gi); staging is in
 * between; prod has the guide's sizes, the `ebs-gp3` StorageClass and `protect` on every StatefulSet.
 *
 * Config keys (project namespace): `dbPassword` (secret, required), `redisPassword` (secret, optional: defaults to
 * dbPassword), `statefulStorageClass`, `webReplicas`, `mysqlReplicas`, `mysqlStorageSize`, `redisNodes`,
 * `redisReplicasPerPrimary`, `redisStorageSize`, `realNode` (the web StatefulService on the local real node).
 * @param opts resource options for every component (a provider, transformations)
 */
export function deployStateful(settings: StackSettings, opts?: pulumi.ComponentResourceOptions): StatefulStack {
    const { env, config, namespace } = settings;
    const dbPassword = config.requireSecret("dbPassword");
    const redisPassword = config.getSecret("redisPassword") ?? dbPassword;
    // dev runs on the default StorageClass (its PVs are pre-provisioned); staging and prod on EBS gp3.
    const storageClassName =
        config.get("statefulStorageClass") ??
        perEnv<string | undefined>(env, { dev: undefined, staging: "ebs-gp3", prod: "ebs-gp3" });
    const protect = settings.protect;
    const placement = webPlacement(config);

    const webSizes = perEnv(env, {
        dev: { content: "1Gi", config: "100Mi" },
        staging: { content: "5Gi", config: "1Gi" },
        prod: { content: "10Gi", config: "1Gi" },
    });
    const web = new StatefulService(
        "web",
        {
            ...placement.scheduling,
            namespace,
            // The guide's nginx, in its unprivileged build (runs as uid 101 on 8080) so that prod passes `restricted`.
            image: placement.webStable,
            replicas: config.getNumber("webReplicas") ?? perEnv(env, { dev: 2, staging: 2, prod: 3 }),
            port: 8080,
            security: { runAsNonRoot: true, runAsUser: 101 },
            // A read-only root filesystem (the default) with nginx's pid and temporary files in /tmp.
            writablePaths: placement.webWritablePaths,
            storageClassName,
            volumes: [
                { name: "web-storage", mountPath: "/usr/share/nginx/html", size: webSizes.content },
                { name: "config-storage", mountPath: "/etc/nginx/conf.d", size: webSizes.config },
            ],
            // nginx serves "/", not the package's default "/health" (the guide's StatefulSet probes).
            readinessProbe: { path: "/", initialDelaySeconds: 10, periodSeconds: 5 },
            livenessProbe: { path: "/", initialDelaySeconds: 30, periodSeconds: 10 },
            resources: { cpuRequest: "100m", memoryRequest: "256Mi", cpuLimit: "200m", memoryLimit: "512Mi" },
            networkPolicy: networkPolicyArgs(settings),
            protect,
        },
        opts,
    );

    const mysql = new MySqlCluster(
        "mysql",
        {
            namespace,
            replicas: config.getNumber("mysqlReplicas") ?? perEnv(env, { dev: 1, staging: 2, prod: 3 }),
            storageSize: config.get("mysqlStorageSize") ?? perEnv(env, { dev: "2Gi", staging: "5Gi", prod: "10Gi" }),
            storageClassName,
            rootPassword: dbPassword,
            networkPolicy: networkPolicyArgs(settings),
            protect,
        },
        opts,
    );

    const redis = new RedisCluster(
        "redis",
        {
            namespace,
            nodes: config.getNumber("redisNodes") ?? 6,
            replicasPerPrimary: config.getNumber("redisReplicasPerPrimary") ?? 1,
            storageSize: config.get("redisStorageSize") ?? perEnv(env, { dev: "1Gi", staging: "1Gi", prod: "1Gi" }),
            storageClassName,
            password: redisPassword,
            networkPolicy: networkPolicyArgs(settings),
            protect,
        },
        opts,
    );

    return { web, mysql, redis };
}
