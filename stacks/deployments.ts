import * as pulumi from "@pulumi/pulumi";
import {
    ABTestDeployment,
    BlueGreenDeployment,
    CanaryDeployment,
    RollingDeployment,
    TrafficMode,
    core,
    rolloutState,
} from "../components";
import { webPlacement } from "./realNode";
import { EnvironmentName, StackSettings, networkPolicyArgs, perEnv } from "./settings";

/** Container sizes per environment: dev is small, prod uses the guide's blue-green/canary sizes. */
const RESOURCES: Record<EnvironmentName, core.ResourceArgs> = {
    dev: { cpuRequest: "50m", memoryRequest: "64Mi", cpuLimit: "100m", memoryLimit: "128Mi" },
    staging: { cpuRequest: "100m", memoryRequest: "128Mi", cpuLimit: "200m", memoryLimit: "256Mi" },
    prod: { cpuRequest: "200m", memoryRequest: "256Mi", cpuLimit: "500m", memoryLimit: "512Mi" },
};

/** The four deployment strategies of one stack, for outputs. */
export interface DeploymentOutputs {
    readonly api: RollingDeployment;
    readonly webapp: BlueGreenDeployment;
    readonly shop: CanaryDeployment;
    readonly experiment: ABTestDeployment;
}

/**
 * The guide's four deployment strategies for an environment. Config keys (all optional):
 * `apiImage`, `apiReplicas`, `webappActiveColor`, `webappBlueImage`, `webappGreenImage`, `webappIdleReplicas`,
 * `shopStableImage`, `shopCanaryImage`, `shopCanaryWeight`, `shopTraffic`, `shopHost`, `shopWaitForIngress`, `shopPromote`,
 * `abReplicas`, `healthPath`, `rolloutTimeout`, `realNode` (run on the local real node from local images). While
 * `k8s-workloads rollout shop|webapp` runs, its state (`rollout.shop`, `rollout.webapp`, read through
 * `rolloutState`) takes precedence over the weight, promotion and color keys.
 * @param dependsOn resources the database-backed workloads wait for (the migration Job).
 */
export function deployDeployments(settings: StackSettings, dependsOn: pulumi.Resource[] = []): DeploymentOutputs {
    const { env, config, namespace } = settings;
    const healthPath = config.get("healthPath") ?? "/";
    const placement = webPlacement(config);
    const stableImage = placement.webStable;
    const nextImage = placement.webNext;
    const shared = {
        ...placement.scheduling,
        namespace,
        // nginx stands in for the application, in its unprivileged build (uid 101, port 8080): prod passes `restricted`.
        // The root filesystem is read-only (the components' default); nginx writes only to /tmp.
        security: { runAsNonRoot: true, runAsUser: 101 },
        writablePaths: placement.webWritablePaths,
        resources: RESOURCES[env],
        readinessProbe: { path: healthPath },
        livenessProbe: { path: healthPath },
        rolloutTimeout: config.get("rolloutTimeout") ?? perEnv(env, { dev: "3m", staging: "5m", prod: "10m" }),
        labels: { "app.kubernetes.io/environment": env },
        env: { ENVIRONMENT: env },
        networkPolicy: networkPolicyArgs(settings, true),
    };
    const budget = perEnv(env, { dev: undefined, staging: { maxUnavailable: "1" }, prod: { maxUnavailable: "1" } });
    const replicas = (key: string, values: Record<EnvironmentName, number>) =>
        config.getNumber(key) ?? perEnv(env, values);

    const api = new RollingDeployment(
        "api",
        {
            ...shared,
            image: config.get("apiImage") ?? stableImage,
            replicas: replicas("apiReplicas", { dev: 2, staging: 3, prod: 5 }),
            port: 8080,
            maxSurge: perEnv(env, { dev: "1", staging: "1", prod: "2" }),
            maxUnavailable: perEnv(env, { dev: "1", staging: "1", prod: "1" }),
            disruptionBudget: budget,
        },
        { dependsOn },
    );

    const webappRollout = rolloutState(config, "webapp");
    const webapp = new BlueGreenDeployment("webapp", {
        ...shared,
        replicas: replicas("webappReplicas", { dev: 1, staging: 2, prod: 3 }),
        port: 8080,
        blue: { image: config.get("webappBlueImage") ?? stableImage },
        green: { image: config.get("webappGreenImage") ?? nextImage },
        activeColor: webappRollout.activeColor ?? config.get("webappActiveColor") ?? "blue",
        idleReplicas: webappRollout.scaleDownIdle ? 0 : config.getNumber("webappIdleReplicas"),
        disruptionBudget: perEnv(env, { dev: undefined, staging: { minAvailable: "1" }, prod: { minAvailable: "2" } }),
    });

    const shopRollout = rolloutState(config, "shop");
    // The component checks the value (a typo fails with the allowed modes), so the config read only types it.
    const traffic: TrafficMode =
        config.get("shopTraffic") ?? perEnv<TrafficMode>(env, { dev: "replicas", staging: "istio", prod: "nginx" });
    const shop = new CanaryDeployment(
        "shop",
        {
            ...shared,
            replicas: replicas("shopReplicas", { dev: 2, staging: 4, prod: 10 }),
            port: 8080,
            stable: { image: config.get("shopStableImage") ?? stableImage },
            canary: { image: config.get("shopCanaryImage") ?? nextImage },
            canaryWeight:
                shopRollout.canaryWeight ??
                config.getNumber("shopCanaryWeight") ??
                perEnv(env, { dev: 50, staging: 20, prod: 20 }),
            traffic,
            host: traffic === "replicas" ? undefined : (config.get("shopHost") ?? `shop.${env}.example.com`),
            canaryHeader: traffic === "replicas" ? undefined : "X-Canary",
            // Without an ingress controller (the local cluster) no Ingress gets an address: set shopWaitForIngress false.
            waitForIngress: config.getBoolean("shopWaitForIngress") ?? true,
            promote: shopRollout.promote ?? config.getBoolean("shopPromote") ?? false,
            disruptionBudget: budget,
        },
        { dependsOn },
    );

    const abReplicas = replicas("abReplicas", { dev: 1, staging: 2, prod: 5 });
    const experiment = new ABTestDeployment("webapp-ab", {
        ...shared,
        port: 8080,
        variants: [
            {
                name: "a",
                image: stableImage,
                replicas: abReplicas,
                env: { FEATURE_FLAG_NEW_UI: "false", FEATURE_FLAG_ANALYTICS: "true" },
            },
            {
                name: "b",
                image: stableImage,
                replicas: abReplicas,
                env: { FEATURE_FLAG_NEW_UI: "true", FEATURE_FLAG_ANALYTICS: "true" },
            },
        ],
        routing: perEnv(env, { dev: "none", staging: "istio", prod: "nginx" }),
        host: env === "dev" ? undefined : `ab.${env}.example.com`,
        disruptionBudget: budget,
    });

    return { api, webapp, shop, experiment };
}
