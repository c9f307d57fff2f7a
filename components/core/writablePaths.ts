import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { checkStringList, checkUnique } from "./k8sRules";
import { SecurityArgs } from "./security";
import { Problems, show } from "./validation";

/**
 * The paths a web workload's main container may write to when its root filesystem is read-only and `writablePaths`
 * is not given: `/tmp`, where most images (nginx-unprivileged among them) put their pid file and temporary files.
 */
export const DEFAULT_WRITABLE_PATHS: readonly string[] = ["/tmp"];

/** The prefix of the emptyDir volumes `writablePaths` creates: `writable-0`, `writable-1`, ... */
export const WRITABLE_VOLUME_PREFIX = "writable-";

const EXAMPLE = `["/tmp", "/var/cache/nginx"]`;

/**
 * A container path without repeated, trailing or `.` segments: `/var//cache/./nginx/` is `/var/cache/nginx`. The
 * root stays `/`.
 */
export function normalizeContainerPath(path: string): string {
    const segments = path.split("/").filter((s) => s !== "" && s !== ".");
    return `/${segments.join("/")}`;
}

/** The name of the emptyDir volume of the `index`th writable path. */
export function writableVolumeName(index: number): string {
    return `${WRITABLE_VOLUME_PREFIX}${index}`;
}

/** Checks one writable path: an absolute container path, without `..`, other than `/`. */
function checkWritablePath(problems: Problems, field: string, path: string): void {
    if (!path.startsWith("/")) {
        problems.add(
            field,
            `${field} must be an absolute container path starting with "/" (got ${show(path)}); for example "/${path.replace(/^\.?\/*/, "") || "tmp"}"`,
        );
    } else if (path.split("/").includes("..")) {
        problems.add(
            field,
            `${field} must not contain ".." (got ${show(path)}); give the directory itself, for example "/var/cache/nginx"`,
        );
    } else if (normalizeContainerPath(path) === "/") {
        problems.add(
            field,
            `${field} must not be "/" (got ${show(path)}): an emptyDir over the root would hide the whole image; list the directories the process writes, for example "/tmp", or set security.readOnlyRootFilesystem to false`,
        );
    }
}

/**
 * Validates `writablePaths`: a list of absolute container paths, none of them `/` or with `..`, none repeated
 * (after {@link normalizeContainerPath}).
 */
export function validateWritablePaths(problems: Problems, field: string, value: unknown): void {
    if (value === undefined || value === null) {
        return;
    }
    if (pulumi.Output.isInstance(value)) {
        problems.add(
            field,
            `${field} must be a plain list of paths, not an Output (got an Output); for example ${EXAMPLE}`,
        );
        return;
    }
    checkStringList(problems, field, value, EXAMPLE);
    if (!Array.isArray(value)) {
        return;
    }
    const items = value as unknown[];
    items.forEach((path, i) => {
        if (typeof path === "string") {
            checkWritablePath(problems, `${field}[${i}]`, path);
        } else if (pulumi.Output.isInstance(path)) {
            problems.add(
                `${field}[${i}]`,
                `${field}[${i}] must be a plain string, not an Output (got an Output); for example "/tmp"`,
            );
        }
    });
    checkUnique(
        problems,
        "writable path",
        items.map((path, i) => ({
            field: `${field}[${i}]`,
            value: typeof path === "string" && path.startsWith("/") ? normalizeContainerPath(path) : undefined,
        })),
    );
}

/**
 * Checks that no writable path is also the mount path of one of the component's own volumes (a path is either a
 * volume the component mounts or a scratch emptyDir, not both).
 */
export function checkWritablePathMounts(
    problems: Problems,
    field: string,
    writablePaths: readonly unknown[] | undefined,
    mounts: readonly { readonly field: string; readonly mountPath: unknown }[],
): void {
    const owners = new Map<string, string>();
    for (const m of mounts) {
        if (typeof m.mountPath === "string" && m.mountPath.startsWith("/")) {
            owners.set(normalizeContainerPath(m.mountPath), m.field);
        }
    }
    (Array.isArray(writablePaths) ? writablePaths : []).forEach((path, i) => {
        const owner = typeof path === "string" ? owners.get(normalizeContainerPath(path)) : undefined;
        if (owner !== undefined) {
            problems.add(
                `${field}[${i}]`,
                `${field}[${i}] ${show(path)} is already mounted by ${owner}; a path is either a volume or a writable emptyDir: remove it from ${field}`,
            );
        }
    });
}

/**
 * The container hardening of the web workloads (the Deployment families and StatefulService): the user's
 * `security`, with a read-only root filesystem unless `security.readOnlyRootFilesystem` is false.
 */
export function withReadOnlyRoot(security: SecurityArgs | undefined): SecurityArgs {
    return { ...(security ?? {}), readOnlyRootFilesystem: security?.readOnlyRootFilesystem ?? true };
}

/** The writable paths a component uses when `writablePaths` is not given: /tmp under a read-only root, else none. */
export function defaultWritablePathsFor(security: SecurityArgs): readonly string[] {
    return security.readOnlyRootFilesystem === true ? DEFAULT_WRITABLE_PATHS : [];
}

type Container = k8s.types.input.core.v1.Container;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

/** The mount paths a container's own mounts use, as far as they are known (plain values). */
function mountedPaths(mounts: Container["volumeMounts"]): Set<string> {
    const paths = new Set<string>();
    if (Array.isArray(mounts)) {
        for (const m of mounts as unknown[]) {
            const path = (m as { mountPath?: unknown } | undefined)?.mountPath;
            if (typeof path === "string") {
                paths.add(normalizeContainerPath(path));
            }
        }
    }
    return paths;
}

function appendMounts(existing: Container["volumeMounts"], extra: VolumeMount[]): Container["volumeMounts"] {
    if (existing === undefined) {
        return extra;
    }
    if (Array.isArray(existing)) {
        return [...existing, ...extra];
    }
    return pulumi.output(existing).apply((list) => [...list, ...extra]);
}

/**
 * Mounts one emptyDir volume (`writable-<i>`) at each writable path in the main (first) container. A path the main
 * container already mounts keeps that mount and gets no emptyDir.
 */
export function withWritablePaths(
    containers: readonly Container[],
    volumes: readonly Volume[] | undefined,
    paths: readonly string[],
): { containers: Container[]; volumes: Volume[] | undefined } {
    const [main, ...others] = containers;
    if (main === undefined || paths.length === 0) {
        return { containers: [...containers], volumes: volumes ? [...volumes] : undefined };
    }
    const taken = mountedPaths(main.volumeMounts);
    const added = paths
        .map((path, index) => ({ path: normalizeContainerPath(path), name: writableVolumeName(index) }))
        .filter((w) => !taken.has(w.path));
    if (added.length === 0) {
        return { containers: [...containers], volumes: volumes ? [...volumes] : undefined };
    }
    return {
        containers: [
            {
                ...main,
                volumeMounts: appendMounts(
                    main.volumeMounts,
                    added.map((w) => ({ name: w.name, mountPath: w.path })),
                ),
            },
            ...others,
        ],
        volumes: [...(volumes ?? []), ...added.map((w) => ({ name: w.name, emptyDir: {} }))],
    };
}
