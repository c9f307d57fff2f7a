import * as k8s from "@pulumi/kubernetes";

/**
 * Container hardening options. The defaults already forbid privilege escalation, drop ALL capabilities and use
 * the RuntimeDefault seccomp profile; these options go further.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export interface SecurityArgs {
    /**
     * Require the image to run as a non-root user (the `restricted` Pod Security Standard). Many public images,
     * nginx among them, run as root and will not start with this on.
     * @default false
     */
    readonly runAsNonRoot?: boolean;
    /** The user ID to run as. */
    readonly runAsUser?: number;
    /** The group ID to run as. */
    readonly runAsGroup?: number;
    /** Mount the root filesystem read-only. @default false */
    readonly readOnlyRootFilesystem?: boolean;
    /** Capabilities to add back after dropping ALL, for example ["NET_BIND_SERVICE"]. @default [] */
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

/** The pod securityContext: RuntimeDefault seccomp for every container, and runAsNonRoot when asked. */
export function buildPodSecurityContext(args: SecurityArgs = {}): k8s.types.input.core.v1.PodSecurityContext {
    return {
        seccompProfile: { type: "RuntimeDefault" },
        ...(args.runAsNonRoot !== undefined ? { runAsNonRoot: args.runAsNonRoot } : {}),
    };
}
