import * as k8s from "@pulumi/kubernetes";
import { HostMount, ResourceDefaults } from "../core";

/** The documented defaults of the NodeExporter component (`nodeExporter.ts`), all public. */

/** The pinned node-exporter image (the guide uses `:latest`, which the policy pack rejects). */
export const DEFAULT_NODE_EXPORTER_IMAGE = "quay.io/prometheus/node-exporter:v1.8.2";
/** The guide's namespace for node-exporter. */
export const DEFAULT_NODE_EXPORTER_NAMESPACE = "monitoring";
/** The guide's port (and host port). */
export const DEFAULT_NODE_EXPORTER_PORT = 9100;
/** The path of node-exporter's metrics, which the probes call. */
export const NODE_EXPORTER_METRICS_PATH = "/metrics";
/** Requests and limits of node-exporter (the guide gives none). */
export const NODE_EXPORTER_RESOURCES: ResourceDefaults = {
    cpuRequest: "100m",
    memoryRequest: "64Mi",
    cpuLimit: "250m",
    memoryLimit: "128Mi",
};
/** The nobody user node-exporter runs as. */
export const NODE_EXPORTER_USER = 65534;
/**
 * The guide's filesystem collector exclusions, under the flag names node-exporter 1.x uses (the guide's
 * `ignored-mount-points`/`ignored-fs-types` are the deprecated names of the same flags).
 */
export const DEFAULT_NODE_EXPORTER_COLLECTOR_ARGS: readonly string[] = [
    "--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|var/lib/docker/.+)($|/)",
    "--collector.filesystem.fs-types-exclude=^(autofs|binfmt_misc|cgroup|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|mqueue|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|sysfs|tracefs)$",
];
/** The guide's toleration: run on every node, whatever NoSchedule taint it carries. */
export const TOLERATE_ALL_NO_SCHEDULE: k8s.types.input.core.v1.Toleration[] = [
    { operator: "Exists", effect: "NoSchedule" },
];

/** The guide's host mounts: /proc, /sys and / read-only, the root with HostToContainer propagation. */
export const NODE_EXPORTER_MOUNTS: readonly HostMount[] = [
    { name: "proc", hostPath: "/proc", mountPath: "/host/proc", readOnly: true },
    { name: "sys", hostPath: "/sys", mountPath: "/host/sys", readOnly: true },
    { name: "root", hostPath: "/", mountPath: "/host/root", readOnly: true, mountPropagation: "HostToContainer" },
];
