import { numberSetting, ruleSettings, stringSetting } from "../lib/config";
import { parseQuantity } from "../../contract/quantity";
import { configurableContainerRule, containerFinding } from "../lib/rulekit";
import { JsonObject, isUnknown, obj, path, show } from "../lib/values";
import { Finding, ResourceRule } from "../types";
import { ContainerRef } from "../lib/podspec";
import { oncePerObject } from "../lib/memo";

/** Config of `resource-bounds` (quantities as Kubernetes strings; "" disables a bound). */
export interface ResourceBoundsConfig {
    readonly maxCpuRequest: string;
    readonly maxMemoryRequest: string;
    readonly maxCpuLimit: string;
    readonly maxMemoryLimit: string;
    /** Largest allowed limit/request ratio, for cpu and memory; 0 disables it. */
    readonly maxLimitRequestRatio: number;
}

const SETTINGS = ruleSettings({
    maxCpuRequest: stringSetting('Largest cpu request ("" for none).', "4"),
    maxMemoryRequest: stringSetting('Largest memory request ("" for none).', "8Gi"),
    maxCpuLimit: stringSetting('Largest cpu limit ("" for none).', "8"),
    maxMemoryLimit: stringSetting('Largest memory limit ("" for none).', "16Gi"),
    maxLimitRequestRatio: numberSetting("Largest limit/request ratio for cpu and memory (0 for none).", 4, {
        minimum: 0,
    }),
});

interface Bounds {
    readonly text: ResourceBoundsConfig;
    readonly maxRequest: Readonly<Record<string, number | undefined>>;
    readonly maxLimit: Readonly<Record<string, number | undefined>>;
}

const bounds: (config: ResourceBoundsConfig) => Bounds = oncePerObject((config: ResourceBoundsConfig): Bounds => ({
    text: config,
    maxRequest: { cpu: parseQuantity(config.maxCpuRequest), memory: parseQuantity(config.maxMemoryRequest) },
    maxLimit: { cpu: parseQuantity(config.maxCpuLimit), memory: parseQuantity(config.maxMemoryLimit) },
}));

function checkResource(
    ref: ContainerRef,
    resource: "cpu" | "memory",
    resources: JsonObject,
    b: Bounds,
    out: Finding[],
): void {
    const reqRaw: unknown = path(resources, "requests", resource);
    const limRaw: unknown = path(resources, "limits", resource);
    if (isUnknown(reqRaw) || isUnknown(limRaw)) {
        return;
    }
    const request = parseQuantity(reqRaw);
    const limit = parseQuantity(limRaw);
    if (reqRaw !== undefined && reqRaw !== null && request === undefined) {
        out.push(containerFinding(ref, `requests.${resource} "${show(reqRaw)}" is not a valid quantity`));
    }
    if (limRaw !== undefined && limRaw !== null && limit === undefined) {
        out.push(containerFinding(ref, `limits.${resource} "${show(limRaw)}" is not a valid quantity`));
    }
    const maxRequest = b.maxRequest[resource];
    const maxLimit = b.maxLimit[resource];
    const label = resource === "cpu" ? "Cpu" : "Memory";
    if (request !== undefined && maxRequest !== undefined && request > maxRequest) {
        out.push(
            containerFinding(
                ref,
                `requests.${resource} ${show(reqRaw)} exceeds max${label}Request ${b.text[`max${label}Request`]}`,
            ),
        );
    }
    if (limit !== undefined && maxLimit !== undefined && limit > maxLimit) {
        out.push(
            containerFinding(
                ref,
                `limits.${resource} ${show(limRaw)} exceeds max${label}Limit ${b.text[`max${label}Limit`]}`,
            ),
        );
    }
    if (request !== undefined && limit !== undefined) {
        if (limit < request) {
            out.push(
                containerFinding(
                    ref,
                    `limits.${resource} ${show(limRaw)} is below requests.${resource} ${show(reqRaw)}`,
                ),
            );
        } else if (b.text.maxLimitRequestRatio > 0 && request > 0 && limit / request > b.text.maxLimitRequestRatio) {
            out.push(
                containerFinding(
                    ref,
                    `limits.${resource}/requests.${resource} ratio ${(limit / request).toFixed(1)} exceeds maxLimitRequestRatio ${b.text.maxLimitRequestRatio}`,
                ),
            );
        }
    }
}

/**
 * `resource-bounds`: requests and limits stay within configured maximums, limits are not below requests, and the
 * limit/request ratio is bounded (overcommit control).
 */
export const resourceBounds: ResourceRule<ResourceBoundsConfig> = configurableContainerRule(
    "resource-bounds",
    SETTINGS,
    {
        containers: "resourced",
        visit: (ref, _pod, out, config) => {
            const r = obj(ref.container.resources);
            const b = bounds(config);
            if (r !== undefined) {
                checkResource(ref, "cpu", r, b, out);
                checkResource(ref, "memory", r, b, out);
            }
        },
    },
);
