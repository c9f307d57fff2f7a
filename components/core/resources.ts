import * as k8s from "@pulumi/kubernetes";
import { compact } from "./objects";
import { parseQuantity } from "../../contract/quantity";
import { Problems, checkQuantity } from "./validation";

/**
 * CPU and memory requests and limits. Unset values keep the defaults.
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export interface ResourceArgs {
    /** CPU request. Default: "100m". @default "100m" */
    readonly cpuRequest?: string;
    /** Memory request. Default: "128Mi". @default "128Mi" */
    readonly memoryRequest?: string;
    /** CPU limit. Set to "" to leave the CPU limit out (to avoid CFS throttling). Default: "200m". @default "200m" */
    readonly cpuLimit?: string;
    /** Memory limit. Default: "256Mi". @default "256Mi" */
    readonly memoryLimit?: string;
}

/** Resolved requests and limits. */
export interface ResourceDefaults {
    readonly cpuRequest: string;
    readonly memoryRequest: string;
    readonly cpuLimit: string;
    readonly memoryLimit: string;
}

/** The package-wide defaults: requests 100m/128Mi, limits 200m/256Mi (the guide's rolling update values). */
export const DEFAULT_RESOURCES: ResourceDefaults = {
    cpuRequest: "100m",
    memoryRequest: "128Mi",
    cpuLimit: "200m",
    memoryLimit: "256Mi",
};

/** Builds a container's `resources` from the defaults and the overrides; an empty cpuLimit drops the CPU limit. */
export function buildResources(
    overrides: ResourceArgs = {},
    defaults: ResourceDefaults = DEFAULT_RESOURCES,
): k8s.types.input.core.v1.ResourceRequirements {
    const merged = { ...defaults, ...compact(overrides) };
    const limits: Record<string, string> = { memory: merged.memoryLimit };
    if (merged.cpuLimit !== "") {
        limits.cpu = merged.cpuLimit;
    }
    return {
        requests: { cpu: merged.cpuRequest, memory: merged.memoryRequest },
        limits,
    };
}

/** Validates quantities and that each request is not above its limit. */
export function validateResources(
    problems: Problems,
    field: string,
    resources: ResourceArgs | undefined,
    defaults: ResourceDefaults = DEFAULT_RESOURCES,
): void {
    if (!resources) {
        return;
    }
    checkQuantity(problems, `${field}.cpuRequest`, resources.cpuRequest);
    checkQuantity(problems, `${field}.memoryRequest`, resources.memoryRequest);
    if (resources.cpuLimit !== "") {
        checkQuantity(problems, `${field}.cpuLimit`, resources.cpuLimit);
    }
    checkQuantity(problems, `${field}.memoryLimit`, resources.memoryLimit);
    const merged = { ...defaults, ...compact(resources) };
    compareRequestToLimit(problems, field, "cpu", merged.cpuRequest, merged.cpuLimit);
    compareRequestToLimit(problems, field, "memory", merged.memoryRequest, merged.memoryLimit);
}

function compareRequestToLimit(problems: Problems, field: string, what: string, request: string, limit: string): void {
    const req = parseQuantity(request);
    const lim = limit === "" ? undefined : parseQuantity(limit);
    if (req !== undefined && lim !== undefined && req > lim) {
        problems.add(
            `${field}.${what}Request`,
            `${field}.${what}Request must not exceed ${field}.${what}Limit (got request ${JSON.stringify(request)} above limit ${JSON.stringify(limit)}); raise the limit or lower the request`,
        );
    }
}
