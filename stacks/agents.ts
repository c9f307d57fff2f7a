import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LogCollector, NodeExporter, core } from "../components";
import { webPlacement } from "./realNode";
import { EnvironmentName, StackSettings, perEnv } from "./settings";

/** The node-agent family's resources in a stack. */
export interface AgentsStack {
    /** The `monitoring` Namespace, or undefined when `createMonitoringNamespace` is false. */
    readonly monitoringNamespace: k8s.core.v1.Namespace | undefined;
    readonly logCollector: LogCollector;
    readonly nodeExporter: NodeExporter;
}

/**
 * fluentd sizes: dev small (its CPU limit 4 times its request, as the component's default is for the guide's
 * request), staging and prod the guide's 100m/200Mi with the component's 400m CPU limit.
 */
const FLUENTD_RESOURCES: Record<EnvironmentName, core.ResourceArgs> = {
    dev: { cpuRequest: "50m", memoryRequest: "100Mi", cpuLimit: "200m", memoryLimit: "200Mi" },
    staging: { cpuRequest: "100m", memoryRequest: "200Mi", memoryLimit: "200Mi" },
    prod: { cpuRequest: "100m", memoryRequest: "200Mi", memoryLimit: "200Mi" },
};

/** node-exporter sizes: dev small, prod the component's defaults. */
const NODE_EXPORTER_RESOURCES: Record<EnvironmentName, core.ResourceArgs> = {
    dev: { cpuRequest: "50m", memoryRequest: "32Mi", cpuLimit: "100m", memoryLimit: "64Mi" },
    staging: { cpuRequest: "100m", memoryRequest: "64Mi", cpuLimit: "250m", memoryLimit: "128Mi" },
    prod: { cpuRequest: "100m", memoryRequest: "64Mi", cpuLimit: "250m", memoryLimit: "128Mi" },
};

/**
 * Creates the guide's node agents for the environment: the fluentd LogCollector (in kube-system, shipping to
 * Elasticsearch) and the NodeExporter in the `monitoring` Namespace, which this function creates (explicit name)
 * unless `createMonitoringNamespace` is false. dev is small; staging and prod use the guide's sizes, and add the
 * headless metrics Service.
 *
 * Config keys (project namespace, all optional): `monitoringNamespace` (default "monitoring"),
 * `createMonitoringNamespace` (default true), `logCollectorNamespace` (default "kube-system"), `elasticsearchHost`
 * (default "elasticsearch-logging"), `elasticsearchPort` (default 9200), `elasticsearchScheme` (default "http"),
 * `realNode` (node-exporter, which also runs on the local real node, from the local image).
 */
export function deployAgents(settings: StackSettings): AgentsStack {
    const { env, config } = settings;
    const monitoringName = config.get("monitoringNamespace") ?? "monitoring";
    const monitoringNamespace =
        config.getBoolean("createMonitoringNamespace") === false
            ? undefined
            : new k8s.core.v1.Namespace("monitoring", {
                  metadata: {
                      name: monitoringName,
                      labels: {
                          "app.kubernetes.io/part-of": "k8s-workloads",
                          // node-exporter uses the host's namespaces and paths: the privileged Pod Security level.
                          "pod-security.kubernetes.io/enforce": "privileged",
                      },
                  },
              });
    const labels = { "app.kubernetes.io/environment": env };

    const logCollector = new LogCollector("fluentd", {
        namespace: config.get("logCollectorNamespace") ?? "kube-system",
        elasticsearch: {
            host: config.get("elasticsearchHost") ?? "elasticsearch-logging",
            port: config.getNumber("elasticsearchPort") ?? 9200,
            scheme: config.get("elasticsearchScheme") ?? "http",
        },
        resources: FLUENTD_RESOURCES[env],
        labels,
        exemptions: ["run-as-non-root"],
        exemptionReason: "fluentd reads root-owned container logs under /var/log and /var/lib/docker/containers",
        // Its monitor port, from pods of its own namespace (kube-system) only.
        networkPolicy: { enabled: settings.networkPolicies },
    });

    const namespace: pulumi.Input<string> = monitoringNamespace ? monitoringNamespace.metadata.name : monitoringName;
    const nodeExporterImage = webPlacement(config).nodeExporterImage;
    const nodeExporter = new NodeExporter("node-exporter", {
        ...(nodeExporterImage !== undefined ? { image: nodeExporterImage } : {}),
        namespace,
        resources: NODE_EXPORTER_RESOURCES[env],
        headlessService: perEnv(env, { dev: false, staging: true, prod: true }),
        labels,
    });

    return { monitoringNamespace, logCollector, nodeExporter };
}
