import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parseCountOrPercent, parseQuantity, toIntOrString } from "../../contract";
import {
    DisruptionBudgetArgs,
    LabelInput,
    Problems,
    PodArgs,
    ResourceDefaults,
    validatePodArgs,
    buildPodTemplateFor,
    checkCountOrPercent,
    checkDnsLabel,
    checkInteger,
    checkOneOf,
    checkRequired,
    known,
    objectMeta,
    selectorLabels,
    show,
    statefulPodDnsNames,
    workloadLabels,
} from "../core";

/** Pod management policies of a StatefulSet. */
export const POD_MANAGEMENT_POLICIES = ["OrderedReady", "Parallel"] as const;
/** Update strategies of a StatefulSet. */
export const STATEFUL_UPDATE_STRATEGIES = ["RollingUpdate", "OnDelete"] as const;
/** One of {@link STATEFUL_UPDATE_STRATEGIES}. */
export type StatefulUpdateStrategy = (typeof STATEFUL_UPDATE_STRATEGIES)[number];
/** What happens to a StatefulSet's PVCs when the set is deleted or scaled down. */
export const PVC_RETENTION_POLICIES = ["Retain", "Delete"] as const;
/** PersistentVolumeClaim access modes. */
export const ACCESS_MODES = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"] as const;

/** The guide's pod management policy: pods are created one at a time, in order. */
export const DEFAULT_POD_MANAGEMENT_POLICY = "OrderedReady";
/** The access mode of every claim unless told otherwise (the guide's). */
export const DEFAULT_ACCESS_MODES: readonly string[] = ["ReadWriteOnce"];
/** PVCs are kept when the StatefulSet is deleted or scaled down, so data is never lost by accident. */
export const DEFAULT_PVC_RETENTION = "Retain";
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
     * `Retain` or `Delete`: what happens to the PVCs when the StatefulSet is deleted (or replaced).
     * @default "Retain"
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
     */
    readonly pvcRetentionWhenDeleted?: string;
    /**
     * `Retain` or `Delete`: what happens to the PVCs of the pods removed by a scale-down.
     * @default "Retain"
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
     */
    readonly pvcRetentionWhenScaled?: string;
    /**
     * Sets Pulumi's `protect` option on the StatefulSet: `pulumi destroy` and replacements fail until it is lifted.
     * Turn it on in production.
     * @default false
     * @see https://www.pulumi.com/docs/iac/concepts/options/protect/
     */
    readonly protect?: boolean;
    /**
     * Sets Pulumi's `retainOnDelete` option on the StatefulSet: removing it from the program leaves it running in
     * the cluster.
     * @default false
     * @see https://www.pulumi.com/docs/iac/concepts/options/retainondelete/
     */
    readonly retainOnDelete?: boolean;
}

/**
 * Args every stateful component accepts: placement, labels, storage class, data safety and the
 * PodDisruptionBudget.
 */
export interface StatefulBaseArgs extends PodArgs, DataSafetyArgs {
    /**
     * The StorageClass of every claim.
     * @default none: the cluster's default StorageClass
     * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class-1
     */
    readonly storageClassName?: pulumi.Input<string>;
    /**
     * The PodDisruptionBudget's numbers (one of minAvailable and maxUnavailable).
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
    /** The StorageClass of this claim. @default the component's storageClassName */
    readonly storageClassName?: pulumi.Input<string>;
    /**
     * Access modes: `ReadWriteOnce`, `ReadOnlyMany`, `ReadWriteMany` or `ReadWriteOncePod`.
     * @default ["ReadWriteOnce"]
     * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
     */
    readonly accessModes?: string[];
    /** Mount the volume read-only. @default false */
    readonly readOnly?: boolean;
    /** Mount only this sub-directory of the volume. @default the whole volume */
    readonly subPath?: string;
}

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
    readonly accessModes?: readonly string[];
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

/**
 * How a StatefulSet replaces its pods.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies
 */
export interface StatefulUpdateArgs {
    /**
     * `RollingUpdate` (pods replaced in reverse ordinal order) or `OnDelete` (pods replaced only when you delete them).
     * @default "RollingUpdate"
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies
     */
    readonly updateStrategy?: string;
    /**
     * Pods that may be unavailable during a rolling update: a count ("1") or a percentage ("25%"); at least one pod.
     * Needs the MaxUnavailableStatefulSet feature on the cluster; otherwise Kubernetes updates one pod at a time.
     * Left out of the spec unless set: a cluster without the feature drops the field, which would show as a change on
     * every `pulumi up`, and one pod at a time is the guide's value anyway.
     * @default unset (one pod at a time)
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#maximum-unavailable-pods
     */
    readonly maxUnavailable?: string;
    /**
     * Only pods with an ordinal at or above the partition are updated (staged rollouts, canaries).
     * @default 0
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#partitions
     */
    readonly partition?: number;
    /**
     * `OrderedReady` (one pod at a time, in order) or `Parallel` (all at once).
     * @default "OrderedReady"
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies
     */
    readonly podManagementPolicy?: string;
    /** Seconds a new pod must be ready before it counts as available. @default 0 */
    readonly minReadySeconds?: number;
}

/** Builds the StatefulSet update strategy: RollingUpdate with maxUnavailable and partition, or OnDelete. */
export function buildStatefulUpdateStrategy(
    args: StatefulUpdateArgs,
): k8s.types.input.apps.v1.StatefulSetUpdateStrategy {
    // validateStatefulUpdate has rejected anything else before rendering.
    const type = (args.updateStrategy ?? "RollingUpdate") as StatefulUpdateStrategy;
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

/** Validates update args: known strategy and policy, a maxUnavailable of at least one pod, no rolling knobs with OnDelete. */
export function validateStatefulUpdate(problems: Problems, args: StatefulUpdateArgs): void {
    checkOneOf(problems, "updateStrategy", args.updateStrategy, STATEFUL_UPDATE_STRATEGIES);
    checkOneOf(problems, "podManagementPolicy", args.podManagementPolicy, POD_MANAGEMENT_POLICIES);
    checkCountOrPercent(problems, "maxUnavailable", args.maxUnavailable);
    const max = args.maxUnavailable !== undefined ? parseCountOrPercent(args.maxUnavailable) : undefined;
    if (max !== undefined && max.value === 0) {
        problems.add(
            "maxUnavailable",
            `maxUnavailable must allow at least one pod to be updated (got ${show(args.maxUnavailable)}); use "1" or more, or a percentage above 0%`,
        );
    }
    checkInteger(problems, "partition", args.partition, 0);
    checkInteger(problems, "minReadySeconds", args.minReadySeconds, 0);
    if (args.updateStrategy === "OnDelete") {
        for (const [field, value] of [
            ["maxUnavailable", args.maxUnavailable],
            ["partition", args.partition],
        ] as const) {
            if (value !== undefined) {
                problems.add(
                    field,
                    `${field} only applies to updateStrategy "RollingUpdate" (got ${field} ${show(value)} with updateStrategy "OnDelete"); remove ${field} or use "RollingUpdate"`,
                );
            }
        }
    }
}

/** Validates a claim size: a quantity above zero. */
export function checkStorageSize(problems: Problems, field: string, value: string | undefined): void {
    if (value === undefined) {
        return;
    }
    const parsed = parseQuantity(value);
    if (parsed === undefined || parsed <= 0) {
        problems.add(
            field,
            `${field} must be a storage quantity above zero such as "1Gi" or "10Gi" (got ${show(value)}); use a number with a binary suffix: Mi, Gi or Ti`,
        );
    }
}

/** Validates a list of access modes. */
export function checkAccessModes(problems: Problems, field: string, modes: readonly string[] | undefined): void {
    if (modes === undefined) {
        return;
    }
    if (modes.length === 0) {
        problems.add(field, `${field} must list at least one access mode (got []); for example ["ReadWriteOnce"]`);
    }
    modes.forEach((mode, i) => checkOneOf(problems, `${field}[${i}]`, mode, ACCESS_MODES));
}

/**
 * Validates the volumes of a StatefulService: DNS-1123 names (no duplicates, none reserved), absolute mount paths,
 * sizes and access modes.
 */
export function validateStatefulVolumes(
    problems: Problems,
    field: string,
    volumes: readonly StatefulVolumeArgs[] | undefined,
    reserved: readonly string[] = [],
): void {
    const seen = new Set<string>();
    const mounts = new Set<string>();
    (volumes ?? []).forEach((volume, i) => {
        const at = `${field}[${i}]`;
        checkRequired(problems, `${at}.name`, volume.name, `name the volume, for example "web-storage"`);
        if (volume.name) {
            checkDnsLabel(problems, `${at}.name`, volume.name);
            if (seen.has(volume.name)) {
                problems.add(
                    `${at}.name`,
                    `${at}.name must be unique (got ${show(volume.name)} twice); give every volume its own name`,
                );
            }
            if (reserved.includes(volume.name)) {
                problems.add(
                    `${at}.name`,
                    `${at}.name must not be one of the component's own volumes ${reserved.map((r) => show(r)).join(", ")} (got ${show(volume.name)}); pick another name`,
                );
            }
            seen.add(volume.name);
        }
        if (!volume.mountPath || !volume.mountPath.startsWith("/")) {
            problems.add(
                `${at}.mountPath`,
                `${at}.mountPath must be an absolute path (got ${show(volume.mountPath)}); for example "/var/lib/data"`,
            );
        } else if (mounts.has(volume.mountPath)) {
            problems.add(
                `${at}.mountPath`,
                `${at}.mountPath must be unique (got ${show(volume.mountPath)} twice); mount each volume in its own directory`,
            );
        }
        mounts.add(volume.mountPath);
        checkRequired(problems, `${at}.size`, volume.size, `give the claim's size, for example "10Gi"`);
        checkStorageSize(problems, `${at}.size`, volume.size || undefined);
        checkAccessModes(problems, `${at}.accessModes`, volume.accessModes);
        if (
            volume.subPath !== undefined &&
            (volume.subPath.startsWith("/") || volume.subPath.split("/").includes(".."))
        ) {
            problems.add(
                `${at}.subPath`,
                `${at}.subPath must be a relative path inside the volume (got ${show(volume.subPath)}); for example "data"`,
            );
        }
    });
}

/** Validates the args every stateful component shares: the pod args and the storage and retention args. */
export function validateStatefulBase(
    problems: Problems,
    args: StatefulBaseArgs,
    resourceDefaults: ResourceDefaults,
): void {
    validatePodArgs(problems, args, resourceDefaults);
    validateStatefulStorage(problems, args);
}

/** Validates the storage and retention args (for components whose pod args another validator checks). */
export function validateStatefulStorage(problems: Problems, args: StatefulBaseArgs): void {
    checkOneOf(problems, "pvcRetentionWhenDeleted", args.pvcRetentionWhenDeleted, PVC_RETENTION_POLICIES);
    checkOneOf(problems, "pvcRetentionWhenScaled", args.pvcRetentionWhenScaled, PVC_RETENTION_POLICIES);
    const storageClass = known(args.storageClassName);
    if (storageClass !== undefined && storageClass !== "") {
        checkDnsSubdomainName(problems, "storageClassName", storageClass);
    }
}

function checkDnsSubdomainName(problems: Problems, field: string, value: string): void {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value) || value.length > 253) {
        problems.add(
            field,
            `${field} must name a StorageClass: lower-case letters, digits, '-' and '.' (got ${show(value)}); for example "ebs-gp3", or leave it unset for the cluster default`,
        );
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

/** Renders a StatefulSet: selector, headless serviceName, template, claim templates, update and retention policies. */
export function renderStatefulSet(args: StatefulBaseArgs, input: StatefulSetInput): k8s.apps.v1.StatefulSetArgs {
    const labels = workloadLabels(input.identity.labels, args.labels);
    const annotations = { ...(args.annotations ?? {}), ...(input.annotations ?? {}) };
    return {
        metadata: objectMeta(input.identity.name, args.namespace, labels, annotations),
        spec: {
            serviceName: input.identity.serviceName,
            replicas: input.replicas,
            selector: { matchLabels: selectorLabels(input.identity.labels) },
            podManagementPolicy: input.update.podManagementPolicy ?? DEFAULT_POD_MANAGEMENT_POLICY,
            updateStrategy: buildStatefulUpdateStrategy(input.update),
            ...(input.update.minReadySeconds !== undefined ? { minReadySeconds: input.update.minReadySeconds } : {}),
            persistentVolumeClaimRetentionPolicy: buildRetentionPolicy(args),
            template: input.template,
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

/** A password given as a Pulumi input, or a key of an existing Secret. */
export interface PasswordSource {
    /** The field name of the password arg, for messages (for example "rootPassword"). */
    readonly field: string;
    readonly value: pulumi.Input<string> | undefined;
}

/**
 * Validates where passwords come from: either every required password is given (the component creates a Secret)
 * or an existing Secret is named; never both, never neither.
 */
export function validatePasswordSource(
    problems: Problems,
    required: PasswordSource,
    existingSecretName: string | undefined,
    keys: readonly PasswordSource[],
): void {
    const given = required.value !== undefined && required.value !== null && known(required.value) !== "";
    if (required.value !== undefined && known(required.value) === "") {
        problems.add(
            required.field,
            `${required.field} must not be empty (got ""); pass a real password such as config.requireSecret("dbPassword"), or name an existing Secret with existingSecretName`,
        );
    } else if (!given && existingSecretName === undefined) {
        problems.add(
            required.field,
            `${required.field} is required when existingSecretName is not set (got undefined); pass ${required.field}: config.requireSecret("dbPassword"), or name an existing Secret with existingSecretName`,
        );
    }
    if (given && existingSecretName !== undefined) {
        problems.add(
            "existingSecretName",
            `existingSecretName and ${required.field} must not both be set (got existingSecretName ${show(existingSecretName)} and a ${required.field}); give the password, or name the Secret that holds it`,
        );
    }
    if (existingSecretName !== undefined) {
        checkDnsSubdomainSecret(problems, existingSecretName);
    }
    for (const key of keys) {
        const value = known(key.value);
        if (value !== undefined && !/^[-._a-zA-Z0-9]+$/.test(value)) {
            problems.add(
                key.field,
                `${key.field} must be a Secret key: letters, digits, '-', '_' and '.' (got ${show(value)}); for example "password"`,
            );
        }
    }
}

function checkDnsSubdomainSecret(problems: Problems, name: string): void {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
        problems.add(
            "existingSecretName",
            `existingSecretName must be a Secret name: lower-case letters, digits, '-' and '.' (got ${show(name)}); for example "mysql-credentials"`,
        );
    }
}

/** A Secret created from Pulumi secret inputs: stringData stays secret end to end. */
export function renderCredentialsSecret(
    secretName: string,
    args: StatefulBaseArgs,
    labels: LabelInput,
    data: Record<string, pulumi.Input<string>>,
): k8s.core.v1.SecretArgs {
    const stringData: Record<string, pulumi.Output<string>> = {};
    for (const [key, value] of Object.entries(data)) {
        stringData[key] = pulumi.secret(value);
    }
    return {
        metadata: objectMeta(secretName, args.namespace, workloadLabels(labels, args.labels), args.annotations),
        type: "Opaque",
        stringData,
    };
}

/** The PodDisruptionBudget numbers of a stateful component: the user's, or one pod down at a time. */
export function disruptionBudgetOf(args: StatefulBaseArgs): DisruptionBudgetArgs {
    return args.disruptionBudget ?? { maxUnavailable: "1" };
}
