import { CONCURRENCY_POLICIES, ConcurrencyPolicy } from "../../contract/patterns";
import { ruleSettings, stringListSetting } from "../lib/config";
import { K8sObject, kindOf } from "../lib/objects";
import { configurableResourceRule } from "../lib/rulekit";
import { JsonObject, isUnknown, obj, path, str } from "../lib/values";
import { Finding, ResourceRule } from "../types";

/** Config of `batch-limits`. */
export interface BatchLimitsConfig {
    /** CronJob concurrency policies accepted. */
    readonly allowedConcurrencyPolicies: readonly string[];
}

const SETTINGS = ruleSettings({
    allowedConcurrencyPolicies: stringListSetting(
        "CronJob concurrencyPolicy values accepted.",
        [ConcurrencyPolicy.Forbid, ConcurrencyPolicy.Replace],
        // Sorted: the pack's published config schema lists the choices alphabetically.
        { choices: [...CONCURRENCY_POLICIES].sort() },
    ),
});

function missing(spec: JsonObject, key: string): boolean {
    const v = spec[key];
    return (v === undefined || v === null) && !isUnknown(v);
}

function jobSpec(spec: JsonObject, prefix: string, requireTtl: boolean, out: Finding[]): void {
    if (missing(spec, "backoffLimit")) {
        out.push({ message: `${prefix}backoffLimit is not set (defaults to 6 retries)` });
    }
    if (missing(spec, "activeDeadlineSeconds")) {
        out.push({ message: `${prefix}activeDeadlineSeconds is not set: a hung job runs forever` });
    }
    if (requireTtl && missing(spec, "ttlSecondsAfterFinished")) {
        out.push({ message: `${prefix}ttlSecondsAfterFinished is not set: finished Jobs and their pods pile up` });
    }
}

function cronJobSpec(spec: JsonObject, config: BatchLimitsConfig, out: Finding[]): void {
    const job = obj(path(spec, "jobTemplate", "spec"));
    if (job !== undefined) {
        jobSpec(job, "jobTemplate.spec.", false, out);
    }
    const policy: unknown = spec.concurrencyPolicy;
    if (!isUnknown(policy)) {
        const value = str(policy) ?? "Allow";
        if (!config.allowedConcurrencyPolicies.includes(value)) {
            out.push({
                message: `concurrencyPolicy is ${policy === undefined ? "not set (Allow)" : value}: runs may overlap; use ${config.allowedConcurrencyPolicies.join(" or ")}`,
            });
        }
    }
    if (missing(spec, "startingDeadlineSeconds")) {
        out.push({ message: "startingDeadlineSeconds is not set: missed runs pile up after an outage" });
    }
    for (const key of ["successfulJobsHistoryLimit", "failedJobsHistoryLimit"]) {
        if (missing(spec, key)) {
            out.push({ message: `${key} is not set` });
        }
    }
}

function batchFindings(o: K8sObject, config: BatchLimitsConfig): Finding[] {
    const out: Finding[] = [];
    const spec = obj(o.spec);
    if (spec === undefined) {
        return out;
    }
    const kind = kindOf(o);
    if (kind === "Job") {
        jobSpec(spec, "", true, out);
    } else if (kind === "CronJob") {
        cronJobSpec(spec, config, out);
    }
    return out;
}

/**
 * `batch-limits`: Jobs bound their retries, run time and lifetime (backoffLimit, activeDeadlineSeconds,
 * ttlSecondsAfterFinished); CronJobs also set concurrencyPolicy, startingDeadlineSeconds and history limits.
 */
export const batchLimits: ResourceRule<BatchLimitsConfig> = configurableResourceRule("batch-limits", SETTINGS, {
    check: batchFindings,
});
