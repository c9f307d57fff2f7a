import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_HASH_ANNOTATION } from "../../contract";
import {
    buildContainer,
    buildPodTemplateFor,
    checkOneOf,
    checkPort,
    checkRequired,
    childName,
    contentHash,
    DEFAULT_LIVENESS_TIMINGS,
    DEFAULT_READINESS_TIMINGS,
    exemptionAnnotations,
    HostMount,
    hostVolumeMounts,
    hostVolumes,
    known,
    LabelInput,
    objectMeta,
    POLICY_RULES,
    ProbeArgs,
    Problems,
    ResourceDefaults,
    SecretEnvArgs,
    SecretKeyRefArgs,
    selectorLabels,
    show,
    throwIfInvalid,
    typeToken,
    validateEnv,
    validateProbe,
    validateSecretKeyRef,
    workloadLabels,
} from "../core";
import {
    DEFAULT_AGENT_GRACE_PERIOD_SECONDS,
    NodeAgentArgs,
    buildDaemonSetStrategy,
    validateNodeAgentArgs,
} from "./common";

/**
 * Where the collector ships logs: the Elasticsearch endpoint, passed to fluentd as the
 * `FLUENT_ELASTICSEARCH_*` environment variables its image reads.
 * @see https://github.com/fluent/fluentd-kubernetes-daemonset#environment-variables
 */
export interface ElasticsearchArgs {
    /** Host name or Service DNS name of Elasticsearch, for example "elasticsearch-logging". */
    readonly host: pulumi.Input<string>;
    /** The port. @default 9200 */
    readonly port?: number;
    /** `http` or `https`. @default "http" */
    readonly scheme?: string;
    /** The user for basic authentication. @default none (no authentication) */
    readonly user?: pulumi.Input<string>;
    /** The Secret key holding the password for `user`; never a literal. @default none */
    readonly passwordSecret?: SecretKeyRefArgs;
    /** Index prefix (`<prefix>-YYYY.MM.DD`). @default "logstash" */
    readonly logstashPrefix?: string;
}

/**
 * Args of a {@link LogCollector}.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
export interface LogCollectorArgs extends NodeAgentArgs {
    /**
     * Namespace of the DaemonSet, ConfigMap and ServiceAccount.
     * @default "kube-system" (the guide's)
     * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
     */
    readonly namespace?: pulumi.Input<string>;
    /** The Elasticsearch endpoint logs go to. */
    readonly elasticsearch: ElasticsearchArgs;
    /**
     * A complete `fluent.conf` replacing the default one ({@link DEFAULT_FLUENT_CONF}). Keep a `monitor_agent`
     * source on `monitorPort`, or override the probes: they call it.
     * @default DEFAULT_FLUENT_CONF (tail container logs, add Kubernetes metadata, ship to Elasticsearch)
     * @see https://docs.fluentd.org/configuration/config-file
     */
    readonly fluentConf?: string;
    /**
     * Host directory of the container runtime's log files, mounted read-only at the same path.
     * @default "/var/lib/docker/containers" (the guide's)
     * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
     */
    readonly containerLogPath?: string;
    /** Port of fluentd's `monitor_agent`, which the probes call. @default 24220 */
    readonly monitorPort?: number;
    /** Extra literal environment variables. Credentials belong in `secretEnv`. @default none */
    readonly env?: Record<string, pulumi.Input<string>>;
    /**
     * Extra environment variables from Secret keys.
     * @default none
     * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
     */
    readonly secretEnv?: SecretEnvArgs[];
    /**
     * Readiness probe overrides.
     * @default HTTP GET /api/plugins.json on monitorPort, 5s delay, 5s period, 3s timeout
     * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
     */
    readonly readinessProbe?: ProbeArgs;
    /**
     * Liveness probe overrides.
     * @default HTTP GET /api/plugins.json on monitorPort, 30s delay, 10s period, 3s timeout
     * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
     */
    readonly livenessProbe?: ProbeArgs;
}

/** The pinned fluentd image (the guide's v1.16 Elasticsearch 7 flavour, at a release tag). */
export const DEFAULT_LOG_COLLECTOR_IMAGE = "fluent/fluentd-kubernetes-daemonset:v1.16.2-debian-elasticsearch7-1.0";
/** The guide's namespace for the log collector. */
export const DEFAULT_LOG_COLLECTOR_NAMESPACE = "kube-system";
/** The guide's resources for fluentd: 100m/200Mi requested, 200Mi memory limit, no CPU limit. */
export const LOG_COLLECTOR_RESOURCES: ResourceDefaults = {
    cpuRequest: "100m",
    memoryRequest: "200Mi",
    cpuLimit: "",
    memoryLimit: "200Mi",
};
/** Elasticsearch's default port. */
export const DEFAULT_ELASTICSEARCH_PORT = 9200;
/** URL schemes for Elasticsearch. */
export const ELASTICSEARCH_SCHEMES = ["http", "https"] as const;
/** The port of fluentd's monitor_agent. */
export const DEFAULT_FLUENTD_MONITOR_PORT = 24220;
/** The monitor_agent path the probes call. */
export const FLUENTD_HEALTH_PATH = "/api/plugins.json";
/** Where the runtime keeps container logs (Docker); the guide mounts it read-only. */
export const DEFAULT_CONTAINER_LOG_PATH = "/var/lib/docker/containers";

/**
 * The default fluent.conf: tails `/var/log/containers/*.log` (Docker JSON or CRI format), adds pod and namespace
 * metadata, and ships to Elasticsearch with a file buffer under /var/log. Built for a given monitor port.
 */
export function defaultFluentConf(monitorPort: number = DEFAULT_FLUENTD_MONITOR_PORT): string {
    return `# fluent.conf from k8s-workloads LogCollector: container logs -> Kubernetes metadata -> Elasticsearch.
<system>
  log_level info
</system>

# Health endpoint for the readiness and liveness probes. Keep it when you replace this file.
<source>
  @type monitor_agent
  bind 0.0.0.0
  port ${monitorPort}
</source>

<source>
  @type tail
  @id in_tail_container_logs
  path /var/log/containers/*.log
  pos_file /var/log/fluentd-containers.log.pos
  tag kubernetes.*
  read_from_head true
  <parse>
    @type multi_format
    <pattern>
      format json
      time_key time
      time_format %Y-%m-%dT%H:%M:%S.%NZ
    </pattern>
    <pattern>
      format regexp
      expression /^(?<time>.+) (?<stream>stdout|stderr) [^ ]* (?<log>.*)$/
      time_format %Y-%m-%dT%H:%M:%S.%N%:z
    </pattern>
  </parse>
</source>

<filter kubernetes.**>
  @type kubernetes_metadata
  @id filter_kube_metadata
</filter>

<match **>
  @type elasticsearch
  @id out_es
  host "#{ENV['FLUENT_ELASTICSEARCH_HOST']}"
  port "#{ENV['FLUENT_ELASTICSEARCH_PORT']}"
  scheme "#{ENV['FLUENT_ELASTICSEARCH_SCHEME'] || 'http'}"
  user "#{ENV['FLUENT_ELASTICSEARCH_USER'] || use_default}"
  password "#{ENV['FLUENT_ELASTICSEARCH_PASSWORD'] || use_default}"
  logstash_format true
  logstash_prefix "#{ENV['FLUENT_ELASTICSEARCH_LOGSTASH_PREFIX'] || 'logstash'}"
  reconnect_on_error true
  reload_on_failure true
  reload_connections false
  request_timeout 15s
  <buffer>
    @type file
    path /var/log/fluentd-buffers/kubernetes.system.buffer
    flush_mode interval
    flush_interval 5s
    flush_thread_count 2
    retry_type exponential_backoff
    retry_forever true
    retry_max_interval 30
    chunk_limit_size 8M
    total_limit_size 512M
    overflow_action drop_oldest_chunk
  </buffer>
</match>
`;
}

/** The default fluent.conf on the default monitor port. */
export const DEFAULT_FLUENT_CONF = defaultFluentConf();

/** The guide's tolerations: run on control-plane nodes, under both the current and the legacy taint. */
export const CONTROL_PLANE_TOLERATIONS: k8s.types.input.core.v1.Toleration[] = [
    { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
    { key: "node-role.kubernetes.io/master", operator: "Exists", effect: "NoSchedule" },
];

/** What the Kubernetes metadata filter reads. */
export const LOG_COLLECTOR_RBAC_RULES: k8s.types.input.rbac.v1.PolicyRule[] = [
    { apiGroups: [""], resources: ["pods", "namespaces"], verbs: ["get", "list", "watch"] },
];

/** Validates {@link LogCollectorArgs}; returns every problem found. */
export function validateLogCollectorArgs(args: LogCollectorArgs): Problems {
    const problems = new Problems();
    validateNodeAgentArgs(problems, args, LOG_COLLECTOR_RESOURCES);
    const es = args.elasticsearch;
    if (!es) {
        problems.add(
            "elasticsearch",
            `elasticsearch is required (got undefined); give { host: "elasticsearch-logging", port: 9200, scheme: "http" }`,
        );
    } else {
        const host = known(es.host);
        if (es.host === undefined || host === "") {
            checkRequired(
                problems,
                "elasticsearch.host",
                host,
                `give the Elasticsearch host or Service name, for example "elasticsearch-logging"`,
            );
        }
        if (host !== undefined && host !== "" && /[\s/:]/.test(host)) {
            problems.add(
                "elasticsearch.host",
                `elasticsearch.host must be a bare host name without scheme, port or path (got ${show(host)}); put the scheme in elasticsearch.scheme and the port in elasticsearch.port`,
            );
        }
        checkPort(problems, "elasticsearch.port", es.port);
        checkOneOf(problems, "elasticsearch.scheme", es.scheme, ELASTICSEARCH_SCHEMES);
        if (es.passwordSecret !== undefined) {
            validateSecretKeyRef(problems, "elasticsearch.passwordSecret", es.passwordSecret);
        }
    }
    checkPort(problems, "monitorPort", args.monitorPort);
    if (args.fluentConf !== undefined && args.fluentConf.trim() === "") {
        problems.add(
            "fluentConf",
            `fluentConf must not be empty (got ${show(args.fluentConf)}); leave it out for the default`,
        );
    }
    if (args.containerLogPath !== undefined && !args.containerLogPath.startsWith("/")) {
        problems.add(
            "containerLogPath",
            `containerLogPath must be an absolute host path (got ${show(args.containerLogPath)}); for example "/var/lib/docker/containers"`,
        );
    }
    validateEnv(problems, "", { env: args.env, secretEnv: args.secretEnv });
    validateProbe(problems, "readinessProbe", args.readinessProbe, DEFAULT_READINESS_TIMINGS);
    validateProbe(problems, "livenessProbe", args.livenessProbe, DEFAULT_LIVENESS_TIMINGS);
    return problems;
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
        throwIfInvalid("LogCollector", name, validateLogCollectorArgs(args));

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

        const serviceAccount = new k8s.core.v1.ServiceAccount(
            childName(name, "sa"),
            { metadata: objectMeta(name, namespace, labels, args.annotations) },
            { parent: this },
        );
        const clusterRoleName = pulumi.output(namespace).apply((ns) => `${ns}-${name}`);
        const clusterRole = new k8s.rbac.v1.ClusterRole(
            childName(name, "role"),
            {
                metadata: {
                    name: clusterRoleName,
                    labels,
                    ...(args.annotations ? { annotations: args.annotations } : {}),
                },
                rules: LOG_COLLECTOR_RBAC_RULES,
            },
            { parent: this },
        );
        new k8s.rbac.v1.ClusterRoleBinding(
            childName(name, "binding"),
            {
                metadata: {
                    name: clusterRoleName,
                    labels,
                    ...(args.annotations ? { annotations: args.annotations } : {}),
                },
                roleRef: {
                    apiGroup: "rbac.authorization.k8s.io",
                    kind: "ClusterRole",
                    name: clusterRole.metadata.name,
                },
                subjects: [
                    {
                        kind: "ServiceAccount",
                        name: serviceAccount.metadata.name,
                        namespace: serviceAccount.metadata.namespace,
                    },
                ],
            },
            { parent: this },
        );
        const configMap = new k8s.core.v1.ConfigMap(
            childName(name, "config"),
            {
                metadata: objectMeta(childName(name, "config"), namespace, labels, args.annotations),
                data: { "fluent.conf": fluentConf },
            },
            { parent: this },
        );

        const es = args.elasticsearch;
        const mounts: HostMount[] = [
            { name: "varlog", hostPath: "/var/log", mountPath: "/var/log", readOnly: false },
            { name: "varlibdockercontainers", hostPath: containerLogPath, mountPath: containerLogPath, readOnly: true },
        ];
        const container = buildContainer({
            name: "fluentd",
            image: args.image ?? DEFAULT_LOG_COLLECTOR_IMAGE,
            port: monitorPort,
            portName: "monitor",
            imagePullPolicy: args.imagePullPolicy,
            env: {
                FLUENT_ELASTICSEARCH_HOST: es.host,
                FLUENT_ELASTICSEARCH_PORT: String(es.port ?? DEFAULT_ELASTICSEARCH_PORT),
                FLUENT_ELASTICSEARCH_SCHEME: es.scheme ?? "http",
                ...(es.user !== undefined ? { FLUENT_ELASTICSEARCH_USER: es.user } : {}),
                ...(es.logstashPrefix !== undefined ? { FLUENT_ELASTICSEARCH_LOGSTASH_PREFIX: es.logstashPrefix } : {}),
                FLUENT_UID: "0",
                FLUENT_CONF: "fluent.conf",
                ...(args.env ?? {}),
            },
            secretEnv: [
                ...(es.passwordSecret ? [{ name: "FLUENT_ELASTICSEARCH_PASSWORD", ...es.passwordSecret }] : []),
                ...(args.secretEnv ?? []),
            ],
            resources: args.resources,
            resourceDefaults: LOG_COLLECTOR_RESOURCES,
            readinessProbe: { path: FLUENTD_HEALTH_PATH, ...(args.readinessProbe ?? {}) },
            livenessProbe: { path: FLUENTD_HEALTH_PATH, ...(args.livenessProbe ?? {}) },
            volumeMounts: [...hostVolumeMounts(mounts), { name: "fluentd-config", mountPath: "/fluentd/etc" }],
        });
        const template = buildPodTemplateFor(args, {
            labels,
            annotations: { [CONFIG_HASH_ANNOTATION]: contentHash(fluentConf) },
            containers: [container],
            volumes: [...hostVolumes(mounts), { name: "fluentd-config", configMap: { name: configMap.metadata.name } }],
            serviceAccountName: serviceAccount.metadata.name,
            automountServiceAccountToken: true,
            terminationGracePeriodSeconds: args.terminationGracePeriodSeconds ?? DEFAULT_AGENT_GRACE_PERIOD_SECONDS,
            scheduling: { tolerations: [...CONTROL_PLANE_TOLERATIONS, ...(args.tolerations ?? [])] },
        });
        const exemptions = exemptionAnnotations(
            {
                rules: [POLICY_RULES.hostPath],
                reason: `fluentd tails container logs from the host (${containerLogPath} read-only) and keeps its read positions and buffers in /var/log, which it must write`,
            },
            args,
        );
        const daemonSet = new k8s.apps.v1.DaemonSet(
            name,
            {
                metadata: objectMeta(name, namespace, labels, { ...(args.annotations ?? {}), ...exemptions }),
                spec: {
                    selector: { matchLabels: selectorLabels(labelInput) },
                    updateStrategy: buildDaemonSetStrategy(args.maxUnavailable),
                    template,
                },
            },
            { parent: this, dependsOn: [clusterRole] },
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
