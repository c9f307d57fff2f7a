import { configChoice } from "../lib/config";
import { UNKNOWN_FIELD, containerFinding, eachResourcedContainer, resourceField } from "../lib/rulekit";
import { JsonObject, show } from "../lib/values";
import { ResourceRule } from "../types";

/** What `cpu-limit` asks for. */
export type CpuLimitMode = "require" | "forbid" | "ignore";

/** Config of `cpu-limit`. */
export interface CpuLimitConfig {
    readonly mode: CpuLimitMode;
}

const MODES: readonly CpuLimitMode[] = ["require", "forbid", "ignore"];

/**
 * `cpu-limit`: CPU limits are required, forbidden (to avoid CFS throttling of latency-sensitive services), or not
 * checked, per the `mode` setting.
 */
export const cpuLimit: ResourceRule<CpuLimitConfig> = {
    scope: "resource",
    name: "cpu-limit",
    description: "CPU limits follow the configured mode: require (default), forbid or ignore.",
    remediation:
        'mode "require": set resources.limits.cpu (for example 2x the request). mode "forbid": remove resources.limits.cpu and size the cpu request instead.',
    defaultLevel: "advisory",
    configSchema: {
        mode: {
            type: "string",
            enum: MODES,
            default: "require",
            description: "require: every container sets limits.cpu; forbid: none does; ignore: not checked.",
        },
    },
    parseConfig: (raw: JsonObject) => ({ mode: configChoice(raw, "mode", MODES, "require") }),
    check: (o, config) =>
        config.mode === "ignore"
            ? []
            : eachResourcedContainer(o, (ref, _pod, out) => {
                  const cpu = resourceField(ref, "limits", "cpu");
                  if (cpu === UNKNOWN_FIELD) {
                      return;
                  }
                  const present = cpu !== undefined && cpu !== null;
                  if (config.mode === "require" && !present) {
                      out.push(containerFinding(ref, "has no resources.limits.cpu"));
                  } else if (config.mode === "forbid" && present) {
                      out.push(
                          containerFinding(ref, `sets resources.limits.cpu (${show(cpu)}), which this policy forbids`),
                      );
                  }
              }),
};
