import * as k8s from "@pulumi/kubernetes";
import { ResourceDefaults, choiceValues } from "../core";

/** The documented defaults of the LogCollector component (`logCollector.ts`), all public. */

export { DEFAULT_FLUENTD_MONITOR_PORT, DEFAULT_FLUENT_CONF } from "./fluentConf";

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
