import { ruleSettings, stringListSetting } from "../lib/config";
import { ContainerRef } from "../lib/podspec";
import { configurableContainerRule, containerFinding } from "../lib/rulekit";
import { num, objects } from "../lib/values";
import { Finding, ResourceRule } from "../types";
import { oncePerObject } from "../lib/memo";

/** Config of `host-ports-restricted`. */
export interface HostPortsConfig {
    /** Host ports that may be bound, as numbers or ranges (`"9100"`, `"30000-30100"`). */
    readonly allowedHostPorts: readonly string[];
}

const SETTINGS = ruleSettings({
    allowedHostPorts: stringListSetting('Allowed host ports or ranges ("9100", "30000-30100").'),
});

interface Range {
    readonly from: number;
    readonly to: number;
}

const ranges: (config: HostPortsConfig) => readonly Range[] = oncePerObject(
    (config: HostPortsConfig): readonly Range[] =>
        config.allowedHostPorts.flatMap((spec) => {
            const [a, b] = spec.split("-").map((s) => Number(s.trim()));
            if (a === undefined || !Number.isInteger(a)) {
                return [];
            }
            return [{ from: a, to: b !== undefined && Number.isInteger(b) ? b : a }];
        }),
);

/** The findings of one container's host ports that no allowed range holds. */
function checkHostPorts(ref: ContainerRef, allowed: readonly Range[], out: Finding[]): void {
    for (const port of objects(ref.container.ports)) {
        const hostPort = num(port.hostPort);
        if (hostPort === undefined || hostPort === 0) {
            continue;
        }
        if (!allowed.some((r) => hostPort >= r.from && hostPort <= r.to)) {
            out.push(containerFinding(ref, `binds hostPort ${hostPort}, which is not on allowedHostPorts`));
        }
    }
}

/** `host-ports-restricted`: containers bind host ports only from an allow-list. */
export const hostPortsRestricted: ResourceRule<HostPortsConfig> = configurableContainerRule(
    "host-ports-restricted",
    SETTINGS,
    { containers: "all", visit: (ref, _pod, out, config) => checkHostPorts(ref, ranges(config), out) },
);
