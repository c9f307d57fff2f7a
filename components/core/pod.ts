import * as k8s from "@pulumi/kubernetes";
import { compact } from "./objects";
import { SecurityArgs, buildPodSecurityContext } from "./security";

/** Scheduling options shared by every workload. */
export interface SchedulingArgs {
    /** Node labels the pods must match. */
    readonly nodeSelector?: Record<string, string>;
    /** Taints the pods tolerate. */
    readonly tolerations?: k8s.types.input.core.v1.Toleration[];
    /** Affinity and anti-affinity rules. */
    readonly affinity?: k8s.types.input.core.v1.Affinity;
    /** Priority class for the pods. */
    readonly priorityClassName?: string;
}

/** What a pod template is made of. */
export interface PodTemplateInput extends SchedulingArgs {
    readonly labels: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly containers: k8s.types.input.core.v1.Container[];
    readonly initContainers?: k8s.types.input.core.v1.Container[];
    readonly volumes?: k8s.types.input.core.v1.Volume[];
    readonly security?: SecurityArgs;
    readonly serviceAccountName?: k8s.types.input.core.v1.PodSpec["serviceAccountName"];
    /** @default true only when a service account is named */
    readonly automountServiceAccountToken?: boolean;
    readonly restartPolicy?: string;
    readonly terminationGracePeriodSeconds?: number;
    readonly hostNetwork?: boolean;
    readonly hostPID?: boolean;
    readonly hostIPC?: boolean;
    readonly dnsPolicy?: string;
}

/** Builds a pod template: labels, the pod securityContext, containers and volumes. */
export function buildPodTemplate(input: PodTemplateInput): k8s.types.input.core.v1.PodTemplateSpec {
    const annotations = input.annotations ?? {};
    const spec: k8s.types.input.core.v1.PodSpec = {
        containers: input.containers,
        securityContext: buildPodSecurityContext(input.security),
        automountServiceAccountToken: input.automountServiceAccountToken ?? input.serviceAccountName !== undefined,
    };
    const optional: Partial<k8s.types.input.core.v1.PodSpec> = {
        initContainers: nonEmpty(input.initContainers),
        volumes: nonEmpty(input.volumes),
        serviceAccountName: input.serviceAccountName,
        restartPolicy: input.restartPolicy,
        terminationGracePeriodSeconds: input.terminationGracePeriodSeconds,
        hostNetwork: input.hostNetwork,
        hostPID: input.hostPID,
        hostIPC: input.hostIPC,
        dnsPolicy: input.dnsPolicy,
        nodeSelector: input.nodeSelector,
        tolerations: nonEmpty(input.tolerations),
        affinity: input.affinity,
        priorityClassName: input.priorityClassName,
    };
    return {
        metadata: { labels: input.labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
        spec: { ...spec, ...compact(optional) },
    };
}

function nonEmpty<T>(items: T[] | undefined): T[] | undefined {
    return items && items.length > 0 ? items : undefined;
}
