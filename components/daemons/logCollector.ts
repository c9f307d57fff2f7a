import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_FLUENTD_MONITOR_PORT, defaultFluentConf } from "./fluentConf";
import { logCollectorEnv, renderLogCollectorPodTemplate, validateLogCollectorArgs } from "./logCollectorSpec";
import {
    LabelInput,
    NetworkPolicyOptionArgs,
    POLICY_RULES,
    SecretEnvArgs,
    SecretKeyRefArgs,
    childName,
    createEnvSecret,
    createNetworkPolicy,
    objectMeta,
    selectorLabels,
    setOutputs,
    validComponentType,
    workloadLabels,
} from "../core";
import { NodeAgentArgs, createAgentDaemonSet } from "./common";
import { createLogCollectorAccess } from "./logCollectorAccess";
import {
    DEFAULT_CONTAINER_LOG_PATH,
    DEFAULT_LOG_COLLECTOR_NAMESPACE,
    ElasticsearchScheme,
} from "./logCollectorDefaults";

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
}

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
    public readonly daemonSetName!: pulumi.Output<string>;
    /** The namespace everything namespaced went in. */
    public readonly namespace!: pulumi.Output<string>;
    /** The ConfigMap holding fluent.conf. */
    public readonly configMapName!: pulumi.Output<string>;
    /** The ServiceAccount the pods run as. */
    public readonly serviceAccountName!: pulumi.Output<string>;
    /** The ClusterRole granting read access to pods and namespaces. */
    public readonly clusterRoleName!: pulumi.Output<string>;

    constructor(name: string, args: LogCollectorArgs, opts?: pulumi.ComponentResourceOptions) {
        super(validComponentType("LogCollector", name, validateLogCollectorArgs(args)), name, {}, opts);

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
        const daemonSet = createAgentDaemonSet(
            this,
            args,
            {
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
            },
            [clusterRole],
        );

        // fluentd serves only its monitor port (metrics and health); nothing else may connect to it.
        createNetworkPolicy(
            this,
            { name, namespace, labels, annotations: args.annotations, selector: selectorLabels(labelInput) },
            { ports: [monitorPort] },
            args.networkPolicy,
        );

        this.registerOutputs(
            setOutputs<LogCollector>(this, {
                daemonSetName: daemonSet.metadata.name,
                namespace: daemonSet.metadata.namespace,
                configMapName: configMap.metadata.name,
                serviceAccountName: serviceAccount.metadata.name,
                clusterRoleName: clusterRole.metadata.name,
            }),
        );
    }
}
