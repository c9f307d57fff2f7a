import * as k8s from "@pulumi/kubernetes";
import type { PodArgs, PodIdentityArgs } from "./args";
import { compact } from "./objects";
import { PodUserSettings, SecurityArgs, buildPodSecurityContext } from "./security";
import { SpreadArgs, SpreadInput, spreadConstraintsFor } from "./spread";
import { withWritablePaths } from "./writablePaths";

/** Scheduling options shared by every workload. */
export interface SchedulingArgs {
    /** Node labels the pods must match. Default: none. @default none */
    readonly nodeSelector?: Record<string, string>;
    /** Taints the pods tolerate (the node agents add their own). Default: none. @default none */
    readonly tolerations?: k8s.types.input.core.v1.Toleration[];
    /** Affinity and anti-affinity rules. Default: none. @default none */
    readonly affinity?: k8s.types.input.core.v1.Affinity;
    /** Priority class for the pods. Default: none (the cluster's default priority). @default none */
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
    /**
     * Pod-level user, group and volume group (for images that run as a fixed non-root user). Default: none.
     * @default none
     */
    readonly user?: PodUserSettings;
    readonly serviceAccountName?: k8s.types.input.core.v1.PodSpec["serviceAccountName"];
    /** Default: true only when a service account is named. @default true only when a service account is named */
    readonly automountServiceAccountToken?: boolean;
    readonly restartPolicy?: string;
    readonly terminationGracePeriodSeconds?: number;
    readonly hostNetwork?: boolean;
    readonly hostPID?: boolean;
    readonly hostIPC?: boolean;
    readonly dnsPolicy?: string;
    readonly topologySpreadConstraints?: k8s.types.input.core.v1.TopologySpreadConstraint[];
}

/** Builds a pod template: labels, the pod securityContext, containers and volumes. */
export function buildPodTemplate(input: PodTemplateInput): k8s.types.input.core.v1.PodTemplateSpec {
    const annotations = input.annotations ?? {};
    const spec: k8s.types.input.core.v1.PodSpec = {
        containers: input.containers,
        securityContext: buildPodSecurityContext(input.security, input.user),
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
        topologySpreadConstraints: nonEmpty(input.topologySpreadConstraints),
    };
    return {
        metadata: { labels: input.labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
        spec: { ...spec, ...compact(optional) },
    };
}

function nonEmpty<T>(items: T[] | undefined): T[] | undefined {
    return items && items.length > 0 ? items : undefined;
}

/** The pod-specific parts of a template: what the component itself puts in, beyond the shared pod args. */
export type PodTemplateParts = Omit<PodTemplateInput, "labels" | keyof SchedulingArgs> & {
    /** The workload's labels; the shared `podLabels` are added under them. */
    readonly labels: Record<string, string>;
    /** Pod annotations the shared `podAnnotations` may override (for example scrape hints). */
    readonly defaultAnnotations?: Record<string, string>;
    /** Overrides of the shared scheduling args (for example a component's own tolerations). */
    readonly scheduling?: Partial<SchedulingArgs>;
    /** The workload's own pods and whether it is replicated, for the node spread ({@link spreadConstraintsFor}). */
    readonly spread?: SpreadInput;
    /** The writable paths used when the shared `writablePaths` is not given. Default: none. */
    readonly defaultWritablePaths?: readonly string[];
};

/**
 * The one pod-template builder every component uses: the shared pod args (pod labels and annotations, scheduling,
 * service account, grace period, node spread, writable paths) merged with the component's own parts. Parts win over
 * args where both are set.
 */
export function buildPodTemplateFor(
    args: PodArgs & PodIdentityArgs & SpreadArgs,
    parts: PodTemplateParts,
): k8s.types.input.core.v1.PodTemplateSpec {
    const { scheduling, defaultAnnotations, spread, defaultWritablePaths, ...rest } = parts;
    const writable = withWritablePaths(rest.containers, rest.volumes, args.writablePaths ?? defaultWritablePaths ?? []);
    return buildPodTemplate({
        ...rest,
        ...writable,
        labels: { ...(args.podLabels ?? {}), ...parts.labels },
        annotations: { ...(defaultAnnotations ?? {}), ...(args.podAnnotations ?? {}), ...(parts.annotations ?? {}) },
        serviceAccountName: parts.serviceAccountName ?? args.serviceAccountName,
        terminationGracePeriodSeconds: parts.terminationGracePeriodSeconds ?? args.terminationGracePeriodSeconds,
        nodeSelector: args.nodeSelector,
        tolerations: args.tolerations,
        affinity: args.affinity,
        priorityClassName: args.priorityClassName,
        topologySpreadConstraints: spreadConstraintsFor(spread, args.spreadAcrossNodes, args.affinity),
        ...compact(scheduling ?? {}),
    });
}
