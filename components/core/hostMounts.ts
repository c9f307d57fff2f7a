import * as k8s from "@pulumi/kubernetes";

/** A read-only or writable hostPath volume and its mount. */
export interface HostMount {
    readonly name: string;
    readonly hostPath: string;
    readonly mountPath: string;
    readonly readOnly: boolean;
    readonly mountPropagation?: string;
    /** hostPath type, for example `Directory` or `Socket`. */
    readonly type?: string;
}

/** The pod volumes for host mounts. */
export function hostVolumes(mounts: readonly HostMount[]): k8s.types.input.core.v1.Volume[] {
    return mounts.map((m) => ({ name: m.name, hostPath: { path: m.hostPath, ...(m.type ? { type: m.type } : {}) } }));
}

/** The container volume mounts for host mounts. */
export function hostVolumeMounts(mounts: readonly HostMount[]): k8s.types.input.core.v1.VolumeMount[] {
    return mounts.map((m) => ({
        name: m.name,
        mountPath: m.mountPath,
        ...(m.readOnly ? { readOnly: true } : {}),
        ...(m.mountPropagation ? { mountPropagation: m.mountPropagation } : {}),
    }));
}
