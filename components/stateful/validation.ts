import { isDns1123Subdomain, parseCountOrPercent } from "../../contract";
import {
    Problems,
    ResourceDefaults,
    checkCountOrPercent,
    checkDnsLabel,
    checkInteger,
    checkOneOf,
    checkRequired,
    checkStorageSize,
    known,
    show,
    validateNetworkPolicy,
    validatePodArgs,
} from "../core";
import {
    ACCESS_MODES,
    POD_MANAGEMENT_POLICIES,
    PVC_RETENTION_POLICIES,
    STATEFUL_UPDATE_STRATEGIES,
    StatefulBaseArgs,
    StatefulUpdateArgs,
    StatefulVolumeArgs,
} from "./args";

/** The claim-size check, shared with the batch family (it lives in core). */
export { checkStorageSize } from "../core";

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
    validateNetworkPolicy(problems, "networkPolicy", args.networkPolicy);
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
    if (!isDns1123Subdomain(value)) {
        problems.add(
            field,
            `${field} must name a StorageClass: lower-case letters, digits, '-' and '.' (got ${show(value)}); for example "ebs-gp3", or leave it unset for the cluster default`,
        );
    }
}
