import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { toIntOrString } from "../../contract";
import {
    DisruptionBudgetArgs,
    LabelInput,
    buildPodTemplateFor,
    isReplicated,
    objectMeta,
    selectorLabels,
    show,
    spreadConstraintsFor,
    statefulPodDnsNames,
    withTopologySpread,
    workloadLabels,
} from "../core";
import {
    DEFAULT_ACCESS_MODES,
    DEFAULT_POD_MANAGEMENT_POLICY,
    DEFAULT_PVC_RETENTION,
    DOWNWARD_API_ENV,
    DataSafetyArgs,
    StatefulBaseArgs,
    StatefulUpdateArgs,
    AccessMode,
} from "./args";

/** The rendered StatefulSet's identity: its name, the headless Service it is bound to and its labels. */
export interface StatefulSetIdentity {
    readonly name: string;
    readonly serviceName: string;
    readonly labels: LabelInput;
}

/** A claim template to render. */
export interface ClaimInput {
    readonly name: string;
    readonly size: string;
    readonly storageClassName?: pulumi.Input<string>;
    readonly accessModes?: readonly AccessMode[];
}

/** Builds a volumeClaimTemplate: size, access modes and, when given, the StorageClass. */
export function buildVolumeClaimTemplate(
    claim: ClaimInput,
    labels: Record<string, string>,
): k8s.types.input.core.v1.PersistentVolumeClaim {
    return {
        metadata: { name: claim.name, labels },
        spec: {
            accessModes: [...(claim.accessModes ?? DEFAULT_ACCESS_MODES)],
            ...(claim.storageClassName !== undefined ? { storageClassName: claim.storageClassName } : {}),
            resources: { requests: { storage: claim.size } },
        },
    };
}

/** Builds the PVC retention policy; both default to Retain. */
export function buildRetentionPolicy(
    args: DataSafetyArgs,
): k8s.types.input.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy {
    return {
        whenDeleted: args.pvcRetentionWhenDeleted ?? DEFAULT_PVC_RETENTION,
        whenScaled: args.pvcRetentionWhenScaled ?? DEFAULT_PVC_RETENTION,
    };
}

/** Builds the StatefulSet update strategy: RollingUpdate with maxUnavailable and partition, or OnDelete. */
export function buildStatefulUpdateStrategy(
    args: StatefulUpdateArgs,
): k8s.types.input.apps.v1.StatefulSetUpdateStrategy {
    // validateStatefulUpdate has rejected anything else before rendering.
    const type = args.updateStrategy ?? "RollingUpdate";
    switch (type) {
        case "OnDelete":
            return { type };
        case "RollingUpdate":
            return {
                type,
                rollingUpdate: {
                    ...(args.maxUnavailable !== undefined
                        ? { maxUnavailable: toIntOrString(args.maxUnavailable) }
                        : {}),
                    partition: args.partition ?? 0,
                },
            };
        default: {
            const unreachable: never = type;
            throw new Error(`unknown updateStrategy ${show(unreachable)}`);
        }
    }
}

/** The environment variables of the guide's downward API: pod name, namespace and IP. */
export function downwardApiEnv(): k8s.types.input.core.v1.EnvVar[] {
    return DOWNWARD_API_ENV.map((v) => ({ name: v.name, valueFrom: { fieldRef: { fieldPath: v.fieldPath } } }));
}

/** Pod-level identity for images that run as a fixed non-root user: the user, group and volume group. */
export interface PodUser {
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly fsGroup: number;
}

/** What a stateful pod template is made of. */
export interface StatefulPodInput {
    readonly labels: Record<string, string>;
    readonly containers: k8s.types.input.core.v1.Container[];
    readonly initContainers?: k8s.types.input.core.v1.Container[];
    readonly volumes?: k8s.types.input.core.v1.Volume[];
    readonly serviceAccountName?: string;
    /** Runs the pod as this user, with volumes owned by its group. */
    readonly user?: PodUser;
    /** The writable paths used when the shared `writablePaths` is not given. Default: none. */
    readonly defaultWritablePaths?: readonly string[];
}

/** Builds a stateful pod template with core's hardened defaults, plus the pod user and fsGroup when given. */
export function buildStatefulPodTemplate(
    args: StatefulBaseArgs,
    input: StatefulPodInput,
): k8s.types.input.core.v1.PodTemplateSpec {
    return buildPodTemplateFor(args, {
        labels: input.labels,
        containers: input.containers,
        initContainers: input.initContainers,
        volumes: input.volumes,
        serviceAccountName: input.serviceAccountName,
        security: input.user ? { runAsNonRoot: true } : undefined,
        user: input.user,
        defaultWritablePaths: input.defaultWritablePaths,
    });
}

/** Everything a StatefulSet is rendered from. */
export interface StatefulSetInput {
    readonly identity: StatefulSetIdentity;
    readonly replicas: pulumi.Input<number>;
    readonly template: k8s.types.input.core.v1.PodTemplateSpec;
    readonly claims: readonly ClaimInput[];
    readonly update: StatefulUpdateArgs;
    /** Annotations on the StatefulSet itself (for example policy exemptions). */
    readonly annotations?: Record<string, string>;
}

/**
 * Renders a StatefulSet: selector, headless serviceName, template (spread across nodes when it runs more than one
 * pod, see {@link spreadConstraintsFor}), claim templates, update and retention policies.
 */
export function renderStatefulSet(args: StatefulBaseArgs, input: StatefulSetInput): k8s.apps.v1.StatefulSetArgs {
    const labels = workloadLabels(input.identity.labels, args.labels);
    const annotations = { ...(args.annotations ?? {}), ...(input.annotations ?? {}) };
    const selector = selectorLabels(input.identity.labels);
    const spread = spreadConstraintsFor(
        { selector, replicated: isReplicated(input.replicas) },
        args.spreadAcrossNodes,
        args.affinity,
    );
    return {
        metadata: objectMeta(input.identity.name, args.namespace, labels, annotations),
        spec: {
            serviceName: input.identity.serviceName,
            replicas: input.replicas,
            selector: { matchLabels: selector },
            podManagementPolicy: input.update.podManagementPolicy ?? DEFAULT_POD_MANAGEMENT_POLICY,
            updateStrategy: buildStatefulUpdateStrategy(input.update),
            ...(input.update.minReadySeconds !== undefined ? { minReadySeconds: input.update.minReadySeconds } : {}),
            persistentVolumeClaimRetentionPolicy: buildRetentionPolicy(args),
            template: withTopologySpread(input.template, spread),
            volumeClaimTemplates: input.claims.map((claim) => buildVolumeClaimTemplate(claim, labels)),
        },
    };
}

/** The Pulumi resource options of a StatefulSet child: parent, protect and retainOnDelete. */
export function statefulSetOptions(parent: pulumi.Resource, args: DataSafetyArgs): pulumi.CustomResourceOptions {
    return {
        parent,
        ...(args.protect !== undefined ? { protect: args.protect } : {}),
        ...(args.retainOnDelete !== undefined ? { retainOnDelete: args.retainOnDelete } : {}),
    };
}

/** The stable DNS names of a StatefulSet's pods, from its created headless Service. */
export function podDnsNames(
    setName: string,
    service: k8s.core.v1.Service,
    replicas: pulumi.Input<number>,
): pulumi.Output<string[]> {
    return pulumi
        .all([service.metadata.name, service.metadata.namespace, pulumi.output(replicas)])
        .apply(([svc, ns, count]) => statefulPodDnsNames(setName, svc, ns, count));
}

/** The PodDisruptionBudget numbers of a stateful component: the user's, or one pod down at a time. */
export function disruptionBudgetOf(args: StatefulBaseArgs): DisruptionBudgetArgs {
    return args.disruptionBudget ?? { maxUnavailable: "1" };
}
