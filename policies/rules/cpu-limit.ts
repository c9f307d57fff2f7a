import { choiceSetting, ruleSettings } from "../lib/config";
import { ContainerRef } from "../lib/podspec";
import { UNKNOWN_FIELD, configurableContainerRule, containerFinding, resourceField } from "../lib/rulekit";
import { show } from "../lib/values";
import { Finding, ResourceRule } from "../types";

/** What `cpu-limit` asks for. */
export type CpuLimitMode = "require" | "forbid" | "ignore";

/** Config of `cpu-limit`. */
export interface CpuLimitConfig {
    readonly mode: CpuLimitMode;
}

const MODES: readonly CpuLimitMode[] = ["require", "forbid", "ignore"];

const SETTINGS = ruleSettings({
    mode: choiceSetting(
        "require: every container sets limits.cpu; forbid: none does; ignore: not checked.",
        MODES,
        "require",
    ),
});

/** The finding of one container whose cpu limit the mode does not accept (none in mode ignore). */
function checkCpuLimit(ref: ContainerRef, mode: CpuLimitMode, out: Finding[]): void {
    const cpu = resourceField(ref, "limits", "cpu");
    if (mode === "ignore" || cpu === UNKNOWN_FIELD) {
        return;
    }
    const present = cpu !== undefined && cpu !== null;
    if (mode === "require" && !present) {
        out.push(containerFinding(ref, "has no resources.limits.cpu"));
    } else if (mode === "forbid" && present) {
        out.push(containerFinding(ref, `sets resources.limits.cpu (${show(cpu)}), which this policy forbids`));
    }
}

/**
 * `cpu-limit`: CPU limits are required, forbidden (to avoid CFS throttling of latency-sensitive services), or not
 * checked, per the `mode` setting.
 */
export const cpuLimit: ResourceRule<CpuLimitConfig> = configurableContainerRule("cpu-limit", SETTINGS, {
    containers: "resourced",
    visit: (ref, _pod, out, config) => checkCpuLimit(ref, config.mode, out),
});
