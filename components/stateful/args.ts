import * as pulumi from "@pulumi/pulumi";
import { DisruptionBudgetArgs, NetworkPolicyOptionArgs, PodArgs, SpreadArgs, choiceValues } from "../core";

/**
 * How a StatefulSet creates and deletes its pods.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies
 */
export const PodManagementPolicy = {
    /** One pod at a time, in ordinal order, each Ready before the next. */
    OrderedReady: "OrderedReady",
    /** All pods at once. */
    Parallel: "Parallel",
} as const;
/** One of {@link PodManagementPolicy}: `"OrderedReady"` or `"Parallel"`. */
export type PodManagementPolicy = (typeof PodManagementPolicy)[keyof typeof PodManagementPolicy];
/** Pod management policies of a StatefulSet: the values of {@link PodManagementPolicy}, in order. */
export const POD_MANAGEMENT_POLICIES: readonly PodManagementPolicy[] = choiceValues(PodManagementPolicy);

/**
 * How a StatefulSet replaces its pods when the pod template changes.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies
 */
export const StatefulUpdateStrategy = {
    /** Pods are replaced one at a time, in reverse ordinal order. */
    RollingUpdate: "RollingUpdate",
    /** Pods are replaced only when you delete them. */
    OnDelete: "OnDelete",
} as const;
/** One of {@link StatefulUpdateStrategy}: `"RollingUpdate"` or `"OnDelete"`. */
export type StatefulUpdateStrategy = (typeof StatefulUpdateStrategy)[keyof typeof StatefulUpdateStrategy];
/** Update strategies of a StatefulSet: the values of {@link StatefulUpdateStrategy}, in order. */
export const STATEFUL_UPDATE_STRATEGIES: readonly StatefulUpdateStrategy[] = choiceValues(StatefulUpdateStrategy);

/**
 * What happens to a StatefulSet's PVCs when the set is deleted or scaled down.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */
export const PvcRetentionPolicy = {
    /** The claims (and their data) are kept. */
    Retain: "Retain",
    /** The claims are deleted. */
    Delete: "Delete",
} as const;
/** One of {@link PvcRetentionPolicy}: `"Retain"` or `"Delete"`. */
export type PvcRetentionPolicy = (typeof PvcRetentionPolicy)[keyof typeof PvcRetentionPolicy];
/** The values of {@link PvcRetentionPolicy}, in order. */
export const PVC_RETENTION_POLICIES: readonly PvcRetentionPolicy[] = choiceValues(PvcRetentionPolicy);

/**
 * How a PersistentVolumeClaim's volume may be mounted.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 */
export const AccessMode = {
    /** Read-write by the pods of one node. */
    ReadWriteOnce: "ReadWriteOnce",
    /** Read-only by many nodes. */
    ReadOnlyMany: "ReadOnlyMany",
    /** Read-write by many nodes. */
    ReadWriteMany: "ReadWriteMany",
    /** Read-write by a single pod. */
    ReadWriteOncePod: "ReadWriteOncePod",
} as const;
/** One of {@link AccessMode}. */
export type AccessMode = (typeof AccessMode)[keyof typeof AccessMode];
/** PersistentVolumeClaim access modes: the values of {@link AccessMode}, in order. */
export const ACCESS_MODES: readonly AccessMode[] = choiceValues(AccessMode);

/** The guide's pod management policy: pods are created one at a time, in order. */
export const DEFAULT_POD_MANAGEMENT_POLICY: PodManagementPolicy = "OrderedReady";
/** The access mode of every claim unless told otherwise (the guide's). */
export const DEFAULT_ACCESS_MODES: readonly AccessMode[] = ["ReadWriteOnce"];
/** PVCs are kept when the StatefulSet is deleted or scaled down, so data is never lost by accident. */
export const DEFAULT_PVC_RETENTION: PvcRetentionPolicy = "Retain";
/** The guide's downward-API variables: the pod's name, namespace and IP. */
export const DOWNWARD_API_ENV: readonly { readonly name: string; readonly fieldPath: string }[] = [
    { name: "MY_POD_NAME", fieldPath: "metadata.name" },
    { name: "MY_POD_NAMESPACE", fieldPath: "metadata.namespace" },
    { name: "MY_POD_IP", fieldPath: "status.podIP" },
];

/**
 * Data-safety options shared by every stateful component: what happens to the claims and to the StatefulSet
 * when the component is replaced, scaled down or deleted.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */
export interface DataSafetyArgs {
    /**
     * `Retain` or `Delete`: what happens to the PVCs when the StatefulSet is deleted (or replaced). Default: "Retain".
     * @default "Retain"
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
     */
    readonly pvcRetentionWhenDeleted?: PvcRetentionPolicy;
    /**
     * `Retain` or `Delete`: what happens to the PVCs of the pods removed by a scale-down. Default: "Retain".
     * @default "Retain"
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
     */
    readonly pvcRetentionWhenScaled?: PvcRetentionPolicy;
    /**
     * Sets Pulumi's `protect` option on the StatefulSet: `pulumi destroy` and replacements fail until it is lifted.
     * Turn it on in production. Default: false.
     * @default false
     * @see https://www.pulumi.com/docs/iac/concepts/options/protect/
     */
    readonly protect?: boolean;
    /**
     * Sets Pulumi's `retainOnDelete` option on the StatefulSet: removing it from the program leaves it running in
     * the cluster. Default: false.
     * @default false
     * @see https://www.pulumi.com/docs/iac/concepts/options/retainondelete/
     */
    readonly retainOnDelete?: boolean;
}

/**
 * Args every stateful component accepts: placement, labels, storage class, data safety and the
 * PodDisruptionBudget.
 */
export interface StatefulBaseArgs extends PodArgs, DataSafetyArgs, NetworkPolicyOptionArgs, SpreadArgs {
    /**
     * The StorageClass of every claim. Default: none: the cluster's default StorageClass.
     * @default none: the cluster's default StorageClass
     * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class-1
     */
    readonly storageClassName?: pulumi.Input<string>;
    /**
     * The PodDisruptionBudget's numbers (one of minAvailable and maxUnavailable). Default: maxUnavailable "1".
     * @default maxUnavailable "1"
     * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
     */
    readonly disruptionBudget?: DisruptionBudgetArgs;
}

/**
 * One persistent volume per pod: a volumeClaimTemplate plus its mount in the main container.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
 */
export interface StatefulVolumeArgs {
    /** The claim template's name (a DNS-1123 label), for example "web-storage". PVCs are `<name>-<set>-<ordinal>`. */
    readonly name: string;
    /** Where the volume is mounted in the main container, for example "/usr/share/nginx/html". */
    readonly mountPath: string;
    /**
     * The requested size, a Kubernetes quantity such as "10Gi".
     * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#capacity
     */
    readonly size: string;
    /**
     * The StorageClass of this claim. Default: the component's storageClassName.
     * @default the component's storageClassName
     */
    readonly storageClassName?: pulumi.Input<string>;
    /**
     * Access modes: `ReadWriteOnce`, `ReadOnlyMany`, `ReadWriteMany` or `ReadWriteOncePod`. Default: ["ReadWriteOnce"].
     * @default ["ReadWriteOnce"]
     * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
     */
    readonly accessModes?: AccessMode[];
    /** Mount the volume read-only. Default: false. @default false */
    readonly readOnly?: boolean;
    /** Mount only this sub-directory of the volume. Default: the whole volume. @default the whole volume */
    readonly subPath?: string;
}

/**
 * How a StatefulSet replaces its pods.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies
 */
export interface StatefulUpdateArgs {
    /**
     * `RollingUpdate` (pods replaced in reverse ordinal order) or `OnDelete` (pods replaced only when you delete them).
     * Default: "RollingUpdate".
     * @default "RollingUpdate"
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies
     */
    readonly updateStrategy?: StatefulUpdateStrategy;
    /**
     * Pods that may be unavailable during a rolling update: a count ("1") or a percentage ("25%"); at least one pod.
     * Needs the MaxUnavailableStatefulSet feature on the cluster; otherwise Kubernetes updates one pod at a time.
     * Left out of the spec unless set: a cluster without the feature drops the field, which would show as a change on
     * every `pulumi up`, and one pod at a time is the guide's value anyway. Default: unset (one pod at a time).
     * @default unset (one pod at a time)
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#maximum-unavailable-pods
     */
    readonly maxUnavailable?: string;
    /**
     * Only pods with an ordinal at or above the partition are updated (staged rollouts, canaries). Default: 0.
     * @default 0
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#partitions
     */
    readonly partition?: number;
    /**
     * `OrderedReady` (one pod at a time, in order) or `Parallel` (all at once). Default: "OrderedReady".
     * @default "OrderedReady"
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies
     */
    readonly podManagementPolicy?: PodManagementPolicy;
    /** Seconds a new pod must be ready before it counts as available. Default: 0. @default 0 */
    readonly minReadySeconds?: number;
}
