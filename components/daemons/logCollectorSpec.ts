import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_HASH_ANNOTATION } from "../../contract";
import {
    HostMount,
    Problems,
    buildContainer,
    buildPodTemplateFor,
    checkOneOf,
    checkPort,
    checkRequired,
    contentHash,
    envSecretName,
    hostVolumeMounts,
    hostVolumes,
    known,
    objectMeta,
    show,
    validateEnv,
    validateNetworkPolicy,
    validateSecretKeyRef,
} from "../core";
import { DEFAULT_AGENT_GRACE_PERIOD_SECONDS, agentProbes, validateAgentProbes, validateNodeAgentArgs } from "./common";
import { DEFAULT_FLUENTD_MONITOR_PORT } from "./fluentConf";
import {
    CONTROL_PLANE_TOLERATIONS,
    DEFAULT_CONTAINER_LOG_PATH,
    DEFAULT_ELASTICSEARCH_PORT,
    DEFAULT_LOG_COLLECTOR_IMAGE,
    ELASTICSEARCH_SCHEMES,
    FLUENTD_HEALTH_PATH,
    LOG_COLLECTOR_RESOURCES,
} from "./logCollectorDefaults";
import type { LogCollectorArgs } from "./logCollector";

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
    validateNetworkPolicy(problems, "networkPolicy", args.networkPolicy);
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
    validateAgentProbes(problems, args);
    return problems;
}

/** What the log collector's pod refers to: its configuration and the objects created for it. */
export interface LogCollectorPodRefs {
    /** The DaemonSet's name: the owner of the env Secret `<owner>-env`. */
    readonly owner: string;
    readonly fluentConf: string;
    readonly configMapName: pulumi.Input<string>;
    readonly serviceAccountName: pulumi.Input<string>;
}

/**
 * The fluentd container's env: the Elasticsearch settings, then the user's `env`.
 *
 * There is no `FLUENT_ELASTICSEARCH_SED_DISABLE` here, on purpose: the pinned image's entrypoint runs no `sed -i` on
 * fluent.conf, so the read-only ConfigMap mount at /fluentd/etc is safe; it only adds the simple sniffer and execs
 * fluentd (fluent/fluentd-kubernetes-daemonset, docker-image/v1.16/debian-elasticsearch7/entrypoint.sh at a0cfca3,
 * "Add v1.16.2 images", the source of the `-1.0` tag, and unchanged since). The sed and its switch went in that
 * repository's 83339df, "Remove sed execution from elasticsearch images" (2020-02-21); an image older than that
 * needs `env: { FLUENT_ELASTICSEARCH_SED_DISABLE: "true" }`.
 * `FLUENT_UID` and `FLUENT_CONF` are the guide's. This image reads neither (it reads `FLUENTD_CONF`, default
 * fluent.conf, and runs as root), so they change nothing.
 */
export function logCollectorEnv(args: LogCollectorArgs): Record<string, pulumi.Input<string>> {
    const es = args.elasticsearch;
    return {
        FLUENT_ELASTICSEARCH_HOST: es.host,
        FLUENT_ELASTICSEARCH_PORT: String(es.port ?? DEFAULT_ELASTICSEARCH_PORT),
        FLUENT_ELASTICSEARCH_SCHEME: es.scheme ?? "http",
        ...(es.user !== undefined ? { FLUENT_ELASTICSEARCH_USER: es.user } : {}),
        ...(es.logstashPrefix !== undefined ? { FLUENT_ELASTICSEARCH_LOGSTASH_PREFIX: es.logstashPrefix } : {}),
        FLUENT_UID: "0",
        FLUENT_CONF: "fluent.conf",
        ...(args.env ?? {}),
    };
}

/** The fluentd pod: Elasticsearch env, the host log mounts, the config volume and the probes on monitor_agent. */
export function renderLogCollectorPodTemplate(
    args: LogCollectorArgs,
    labels: Record<string, string>,
    refs: LogCollectorPodRefs,
): k8s.types.input.core.v1.PodTemplateSpec {
    const monitorPort = args.monitorPort ?? DEFAULT_FLUENTD_MONITOR_PORT;
    const containerLogPath = args.containerLogPath ?? DEFAULT_CONTAINER_LOG_PATH;
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
        env: logCollectorEnv(args),
        envSecretName: envSecretName(refs.owner),
        secretEnv: [
            ...(es.passwordSecret ? [{ name: "FLUENT_ELASTICSEARCH_PASSWORD", ...es.passwordSecret }] : []),
            ...(args.secretEnv ?? []),
        ],
        resources: args.resources,
        resourceDefaults: LOG_COLLECTOR_RESOURCES,
        ...agentProbes(args, FLUENTD_HEALTH_PATH),
        volumeMounts: [...hostVolumeMounts(mounts), { name: "fluentd-config", mountPath: "/fluentd/etc" }],
    });
    return buildPodTemplateFor(args, {
        labels,
        annotations: { [CONFIG_HASH_ANNOTATION]: contentHash(refs.fluentConf) },
        containers: [container],
        volumes: [...hostVolumes(mounts), { name: "fluentd-config", configMap: { name: refs.configMapName } }],
        serviceAccountName: refs.serviceAccountName,
        automountServiceAccountToken: true,
        terminationGracePeriodSeconds: args.terminationGracePeriodSeconds ?? DEFAULT_AGENT_GRACE_PERIOD_SECONDS,
        scheduling: { tolerations: [...CONTROL_PLANE_TOLERATIONS, ...(args.tolerations ?? [])] },
    });
}

/** The binding of the collector's ClusterRole to its ServiceAccount. */
export function renderClusterRoleBinding(
    bindingName: pulumi.Input<string>,
    labels: Record<string, string>,
    annotations: Record<string, string> | undefined,
    role: k8s.rbac.v1.ClusterRole,
    serviceAccount: k8s.core.v1.ServiceAccount,
): k8s.rbac.v1.ClusterRoleBindingArgs {
    return {
        metadata: objectMeta(bindingName, undefined, labels, annotations),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
        subjects: [
            {
                kind: "ServiceAccount",
                name: serviceAccount.metadata.name,
                namespace: serviceAccount.metadata.namespace,
            },
        ],
    };
}
