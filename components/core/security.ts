import * as k8s from "@pulumi/kubernetes";
import { compact } from "./objects";

/**
 * Container hardening options. The defaults already forbid privilege escalation, drop ALL capabilities and use
 * the RuntimeDefault seccomp profile; these options go further.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export interface SecurityArgs {
    /**
     * Require the image to run as a non-root user (the `restricted` Pod Security Standard). Many public images,
     * nginx among them, run as root and will not start with this on. Default: false.
     * @default false
     */
    readonly runAsNonRoot?: boolean;
    /** The user ID to run as. Default: the image's user. @default the image's user */
    readonly runAsUser?: number;
    /** The group ID to run as. Default: the image's group. @default the image's group */
    readonly runAsGroup?: number;
    /**
     * Mount the root filesystem read-only; the paths in `writablePaths` stay writable (emptyDirs). Set false for an
     * image that writes all over its filesystem. Default: true (the web workloads and the batch jobs; the other
     * components do not take `security`).
     * @default true
     */
    readonly readOnlyRootFilesystem?: boolean;
    /** Capabilities to add back after dropping ALL, for example ["NET_BIND_SERVICE"]. Default: []. @default [] */
    readonly addCapabilities?: string[];
}

/** The container securityContext: no privilege escalation, drop ALL, RuntimeDefault seccomp, then the options. */
export function buildContainerSecurityContext(args: SecurityArgs = {}): k8s.types.input.core.v1.SecurityContext {
    return {
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: {
            drop: ["ALL"],
            ...(args.addCapabilities && args.addCapabilities.length > 0 ? { add: [...args.addCapabilities] } : {}),
        },
        seccompProfile: { type: "RuntimeDefault" },
        ...(args.runAsNonRoot !== undefined ? { runAsNonRoot: args.runAsNonRoot } : {}),
        ...(args.runAsUser !== undefined ? { runAsUser: args.runAsUser } : {}),
        ...(args.runAsGroup !== undefined ? { runAsGroup: args.runAsGroup } : {}),
        ...(args.readOnlyRootFilesystem !== undefined ? { readOnlyRootFilesystem: args.readOnlyRootFilesystem } : {}),
    };
}

/** Pod-level identity: the user and group the pod runs as and the group that owns its volumes. */
export interface PodUserSettings {
    readonly runAsUser?: number;
    readonly runAsGroup?: number;
    /** The group that owns mounted volumes, so a non-root container can write to a fresh claim. */
    readonly fsGroup?: number;
}

/**
 * The pod securityContext: RuntimeDefault seccomp for every container, runAsNonRoot when asked, then the pod
 * user's settings that are given.
 */
export function buildPodSecurityContext(
    args: SecurityArgs = {},
    user: PodUserSettings = {},
): k8s.types.input.core.v1.PodSecurityContext {
    return {
        seccompProfile: { type: "RuntimeDefault" },
        ...(args.runAsNonRoot !== undefined ? { runAsNonRoot: args.runAsNonRoot } : {}),
        ...compact({ runAsUser: user.runAsUser, runAsGroup: user.runAsGroup, fsGroup: user.fsGroup }),
    };
}
