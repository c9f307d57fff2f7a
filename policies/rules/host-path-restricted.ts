import { ruleSettings, stringListSetting } from "../lib/config";
import { ContainerRef, containersOf } from "../lib/podspec";
import { configurablePodRule } from "../lib/rulekit";
import { JsonObject, isUnknown, objects, path, str } from "../lib/values";
import { Finding, ResourceRule } from "../types";

/** Config of `host-path-restricted`. */
export interface HostPathConfig {
    /** Host paths (and everything below them) that may be mounted, read-only. Empty: no hostPath at all. */
    readonly allowedHostPaths: readonly string[];
}

/**
 * Container-runtime sockets and the directories holding them. Mounting any of them hands over the node; no
 * allow-list entry or exemption waives it.
 */
export const RUNTIME_SOCKET_PATHS: readonly string[] = [
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/containerd",
    "/run/containerd",
    "/var/run/crio",
    "/run/crio",
    "/var/run/cri-dockerd.sock",
    "/run/cri-dockerd.sock",
    "/var/run/dockershim.sock",
    "/var/run/docker",
    "/run/docker",
    "/var/run",
    "/run",
];

function normalize(p: string): string {
    const trimmed = p.replace(/\/+/g, "/").replace(/\/$/, "");
    return trimmed === "" ? "/" : trimmed;
}

function under(p: string, base: string): boolean {
    return base === "/" || p === base || p.startsWith(`${base}/`);
}

function isRuntimeSocket(p: string): boolean {
    return RUNTIME_SOCKET_PATHS.some((s) => p === s || (s !== "/var/run" && s !== "/run" && p.startsWith(`${s}/`)));
}

const SETTINGS = ruleSettings({
    allowedHostPaths: stringListSetting(
        "Host paths (and their subpaths) that may be mounted read-only. Empty: no hostPath.",
        [],
        { normalize },
    ),
});

/** The findings of the containers that mount an allowed hostPath volume read-write. */
function readWriteMounts(containers: readonly ContainerRef[], name: string, hostPath: string, out: Finding[]): void {
    for (const ref of containers) {
        for (const mount of objects(ref.container.volumeMounts)) {
            if (str(mount.name) === name && mount.readOnly !== true && !isUnknown(mount.readOnly)) {
                out.push({
                    message: `mounts hostPath volume "${name}" (${hostPath}) read-write; allowed host paths must be readOnly: true`,
                    container: ref.name,
                });
            }
        }
    }
}

/** The findings of one volume: a runtime socket, a path off the allow-list, or read-write mounts of it. */
function checkVolume(
    volume: JsonObject,
    containers: readonly ContainerRef[],
    config: HostPathConfig,
    out: Finding[],
): void {
    const rawPath: unknown = path(volume, "hostPath", "path");
    const hostPath = str(rawPath);
    if (hostPath === undefined) {
        return;
    }
    const name = str(volume.name) ?? "(unnamed)";
    const p = normalize(hostPath);
    if (isRuntimeSocket(p)) {
        out.push({
            message: `volume "${name}" mounts the container-runtime socket path ${hostPath}: that is root on the node; only an explicit k8s-workloads.io/exempt annotation on this resource, with a reason, waives it`,
            exemptable: "annotation-only",
        });
    } else if (!config.allowedHostPaths.some((base) => under(p, base))) {
        out.push({ message: `volume "${name}" mounts hostPath ${hostPath}, which is not on allowedHostPaths` });
    } else {
        readWriteMounts(containers, name, hostPath, out);
    }
}

/**
 * `host-path-restricted`: hostPath volumes only under an allow-list, mounted read-only by every container; never a
 * container-runtime socket (only a per-resource exemption annotation with a reason waives that finding, never a
 * name/namespace pattern in config).
 */
export const hostPathRestricted: ResourceRule<HostPathConfig> = configurablePodRule(
    "host-path-restricted",
    SETTINGS,
    (pod, out, config) => {
        if (isUnknown(pod.spec.volumes)) {
            return;
        }
        const containers = containersOf(pod.spec);
        for (const volume of objects(pod.spec.volumes)) {
            checkVolume(volume, containers, config, out);
        }
    },
);
