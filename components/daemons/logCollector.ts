import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_FLUENTD_MONITOR_PORT, defaultFluentConf } from "./fluentConf";
import { logCollectorEnv, renderLogCollectorPodTemplate, validateLogCollectorArgs } from "./logCollectorSpec";
import {
    LabelInput,
    NetworkPolicyOptionArgs,
    POLICY_RULES,
    ProbeArgs,
    ResourceDefaults,
    SecretEnvArgs,
    SecretKeyRefArgs,
    assertValidComponent,
    childName,
    choiceValues,
    createEnvSecret,
    createNetworkPolicy,
    objectMeta,
    selectorLabels,
    typeToken,
    workloadLabels,
} from "../core";
import { NodeAgentArgs, renderDaemonSet } from "./common";
import { createLogCollectorAccess } from "./logCollectorAccess";

/**
 * Where the collector ships logs: the Elasticsearch endpoint, passed to fluentd as the
 * `FLUENT_ELASTICSEARCH_*` environment variables its image reads.
 * @see https://github.com/fluent/fluentd-kubernetes-daemonset#environment-variables
 */
export interface ElasticsearchArgs {
    /** Host name or Service DNS name of Elasticsearch, for example "elasticsearch-logging". */
    readonly host: pulumi.Input<string>;
    /** The port. Default: 9200. @default 9200 */
    readonly port?: number;
    /** `http` or `https`. Default: "http". @default "http" */
    readonly scheme?: ElasticsearchScheme;
    /** The user for basic authentication. Default: none (no authentication). @default none (no authentication) */
    readonly user?: pulumi.Input<string>;
    /** The Secret key holding the password for `user`; never a literal. Default: none. @default none */
    readonly passwordSecret?: SecretKeyRefArgs;
    /** Index prefix (`<prefix>-YYYY.MM.DD`). Default: "logstash". @default "logstash" */
    readonly logstashPrefix?: string;
}

/**
 * Args of a {@link LogCollector}.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
export interface LogCollectorArgs extends NodeAgentArgs, NetworkPolicyOptionArgs {
    /**
     * Namespace of the DaemonSet, ConfigMap and ServiceAccount. Default: "kube-system" (the guide's).
     * @default "kube-system" (the guide's)
     * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
     */
    readonly namespace?: pulumi.Input<string>;
    /** The Elasticsearch endpoint logs go to. */
    readonly elasticsearch: ElasticsearchArgs;
    /**
     * A complete `fluent.conf` replacing the default one (`DEFAULT_FLUENT_CONF`). Keep a `monitor_agent`
     * source on `monitorPort`, or override the probes: they call it. Default: DEFAULT_FLUENT_CONF (tail container logs,
     * add Kubernetes metadata, ship to Elasticsearch).
     * @default DEFAULT_FLUENT_CONF (tail container logs, add Kubernetes metadata, ship to Elasticsearch)
     * @see https://docs.fluentd.org/configuration/config-file
     */
    readonly fluentConf?: string;
    /**
     * Host directory of the container runtime's log files, mounted read-only at the same path. Default:
     * "/var/lib/docker/containers" (the guide's).
     * @default "/var/lib/docker/containers" (the guide's)
     * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
     */
    readonly containerLogPath?: string;
    /** Port of fluentd's `monitor_agent`, which the probes call. Default: 24220. @default 24220 */
    readonly monitorPort?: number;
    /** Extra literal environment variables. Credentials belong in `secretEnv`. Default: none. @default none */
    readonly env?: Record<string, pulumi.Input<string>>;
    /**
     * Extra environment variables from Secret keys. Default: none.
     * @default none
     * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
     */
    readonly secretEnv?: SecretEnvArgs[];
    /**
     * Readiness probe overrides. Default: HTTP GET /api/plugins.json on monitorPort, 5s delay, 5s period, 3s timeout.
     * @default HTTP GET /api/plugins.json on monitorPort, 5s delay, 5s period, 3s timeout
     * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
     */
    readonly readinessProbe?: ProbeArgs;
    /**
     * Liveness probe overrides. Default: HTTP GET /api/plugins.json on monitorPort, 30s delay, 10s period, 3s timeout.
     * @default HTTP GET /api/plugins.json on monitorPort, 30s delay, 10s period, 3s timeout
     * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
     */
    readonly livenessProbe?: ProbeArgs;
}

export { DEFAULT_FLUENTD_MONITOR_PORT, DEFAULT_FLUENT_CONF, defaultFluentConf } from "./fluentConf";

/** The pinned fluentd image (the guide's v1.16 Elasticsearch 7 flavour, at a release tag). */
export const DEFAULT_LOG_COLLECTOR_IMAGE = "fluent/fluentd-kubernetes-daemonset:v1.16.2-debian-elasticsearch7-1.0";
/** The guide's namespace for the log collector. */
export const DEFAULT_LOG_COLLECTOR_NAMESPACE = "kube-system";
/**
 * fluentd's resources: the guide's 100m/200Mi requested and 200Mi memory limit, plus a CPU limit the guide does not
 * give, 400m. A collector on every node must not take a node's CPU during a log burst;
 * the default config buffers to files under /var/log, so a throttled fluentd falls behind and catches up rather
 * than losing lines. 400m is 4 times the request, the largest ratio the pack's baseline `resource-bounds` accepts,
 * and fluentd's one Ruby worker rarely uses more than a core. For busy nodes raise `resources.cpuLimit` (and
 * `cpuRequest` with it), or give `cpuLimit: ""` to run without one.
 */
export const LOG_COLLECTOR_RESOURCES: ResourceDefaults = {
    cpuRequest: "100m",
    memoryRequest: "200Mi",
    cpuLimit: "400m",
    memoryLimit: "200Mi",
};
/** Elasticsearch's default port. */
export const DEFAULT_ELASTICSEARCH_PORT = 9200;
/** URL schemes for Elasticsearch. */
export const ElasticsearchScheme = {
    /** Plain HTTP. */
    Http: "http",
    /** HTTPS. */
    Https: "https",
} as const;
/** One of {@link ElasticsearchScheme}: `"http"` or `"https"`. */
export type ElasticsearchScheme = (typeof ElasticsearchScheme)[keyof typeof ElasticsearchScheme];
/** The values of {@link ElasticsearchScheme}, in order. */
export const ELASTICSEARCH_SCHEMES: readonly ElasticsearchScheme[] = choiceValues(ElasticsearchScheme);
/** The monitor_agent path the probes call. */
export const FLUENTD_HEALTH_PATH = "/api/plugins.json";
/** Where the runtime keeps container logs (Docker); the guide mounts it read-only. */
export const DEFAULT_CONTAINER_LOG_PATH = "/var/lib/docker/containers";

/** The guide's tolerations: run on control-plane nodes, under both the current and the legacy taint. */
export const CONTROL_PLANE_TOLERATIONS: k8s.types.input.core.v1.Toleration[] = [
    { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
    { key: "node-role.kubernetes.io/master", operator: "Exists", effect: "NoSchedule" },
];

/**
 * The guide's log collector: a fluentd DaemonSet on every node (control-plane nodes included) that tails
 * container logs and ships them to Elasticsearch, with its fluent.conf in a ConfigMap and the RBAC the Kubernetes
 * metadata filter needs (a ServiceAccount, a ClusterRole to read pods and namespaces, and its binding).
 *
 * @example
 * new LogCollector("fluentd", { elasticsearch: { host: "elasticsearch-logging", port: 9200, scheme: "http" } });
 */
export class LogCollector extends pulumi.ComponentResource {
    /** The DaemonSet's name. */
    public readonly daemonSetName: pulumi.Output<string>;
    /** The namespace everything namespaced went in. */
    public readonly namespace: pulumi.Output<string>;
    /** The ConfigMap holding fluent.conf. */
    public readonly configMapName: pulumi.Output<string>;
    /** The ServiceAccount the pods run as. */
    public readonly serviceAccountName: pulumi.Output<string>;
    /** The ClusterRole granting read access to pods and namespaces. */
    public readonly clusterRoleName: pulumi.Output<string>;

    constructor(name: string, args: LogCollectorArgs, opts?: pulumi.ComponentResourceOptions) {
        super(typeToken("LogCollector"), name, {}, opts);
        assertValidComponent("LogCollector", name, validateLogCollectorArgs(args));

        const namespace = args.namespace ?? DEFAULT_LOG_COLLECTOR_NAMESPACE;
        const labelInput: LabelInput = {
            instance: name,
            app: args.appName,
            pattern: "daemonset",
            component: "log-collector",
        };
        const labels = workloadLabels(labelInput, { "k8s-app": "fluentd-logging", ...(args.labels ?? {}) });
        const monitorPort = args.monitorPort ?? DEFAULT_FLUENTD_MONITOR_PORT;
        const fluentConf = args.fluentConf ?? defaultFluentConf(monitorPort);
        const containerLogPath = args.containerLogPath ?? DEFAULT_CONTAINER_LOG_PATH;

        const { serviceAccount, clusterRole } = createLogCollectorAccess(
            this,
            name,
            namespace,
            labels,
            args.annotations,
        );
        const configMap = new k8s.core.v1.ConfigMap(
            childName(name, "config"),
            {
                metadata: objectMeta(childName(name, "config"), namespace, labels, args.annotations),
                data: { "fluent.conf": fluentConf },
            },
            { parent: this },
        );

        createEnvSecret(this, name, namespace, labels, logCollectorEnv(args));
        const daemonSet = new k8s.apps.v1.DaemonSet(
            name,
            renderDaemonSet(args, {
                name,
                namespace,
                labels,
                identity: labelInput,
                template: renderLogCollectorPodTemplate(args, labels, {
                    owner: name,
                    fluentConf,
                    configMapName: configMap.metadata.name,
                    serviceAccountName: serviceAccount.metadata.name,
                }),
                exemption: {
                    rules: [POLICY_RULES.hostPath, POLICY_RULES.volumeTypes],
                    reason: `fluentd tails container logs from the host (${containerLogPath} read-only) and keeps its read positions and buffers in /var/log, which it must write`,
                },
            }),
            { parent: this, dependsOn: [clusterRole] },
        );

        // fluentd serves only its monitor port (metrics and health); nothing else may connect to it.
        createNetworkPolicy(
            this,
            { name, namespace, labels, annotations: args.annotations, selector: selectorLabels(labelInput) },
            { ports: [monitorPort] },
            args.networkPolicy,
        );

        this.daemonSetName = daemonSet.metadata.name;
        this.namespace = daemonSet.metadata.namespace;
        this.configMapName = configMap.metadata.name;
        this.serviceAccountName = serviceAccount.metadata.name;
        this.clusterRoleName = clusterRole.metadata.name;
        this.registerOutputs({
            daemonSetName: this.daemonSetName,
            namespace: this.namespace,
            configMapName: this.configMapName,
            serviceAccountName: this.serviceAccountName,
            clusterRoleName: this.clusterRoleName,
        });
    }
}
