import { configStrings } from "../lib/config";
import { eachContainer, containerFinding } from "../lib/rulekit";
import { JsonObject, num, objects } from "../lib/values";
import { ResourceRule } from "../types";

/** Config of `host-ports-restricted`. */
export interface HostPortsConfig {
    /** Host ports that may be bound, as numbers or ranges (`"9100"`, `"30000-30100"`). */
    readonly allowedHostPorts: readonly string[];
}

interface Range {
    readonly from: number;
    readonly to: number;
}

const cache = new WeakMap<HostPortsConfig, readonly Range[]>();

function ranges(config: HostPortsConfig): readonly Range[] {
    let r = cache.get(config);
    if (r === undefined) {
        r = config.allowedHostPorts.flatMap((spec) => {
            const [a, b] = spec.split("-").map((s) => Number(s.trim()));
            if (a === undefined || !Number.isInteger(a)) {
                return [];
            }
            return [{ from: a, to: b !== undefined && Number.isInteger(b) ? b : a }];
        });
        cache.set(config, r);
    }
    return r;
}

/** `host-ports-restricted`: containers bind host ports only from an allow-list. */
export const hostPortsRestricted: ResourceRule<HostPortsConfig> = {
    scope: "resource",
    name: "host-ports-restricted",
    description: "Containers may bind host ports only from the allowedHostPorts list.",
    remediation:
        "Remove hostPort and expose the port through a Service; node agents that need a host port list it in allowedHostPorts or carry an exemption with a reason.",
    defaultLevel: "advisory",
    configSchema: {
        allowedHostPorts: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: 'Allowed host ports or ranges ("9100", "30000-30100").',
        },
    },
    parseConfig: (raw: JsonObject) => ({ allowedHostPorts: configStrings(raw, "allowedHostPorts", []) }),
    check: (o, config) => {
        const allowed = ranges(config);
        return eachContainer(o, (ref, _pod, out) => {
            for (const port of objects(ref.container.ports)) {
                const hostPort = num(port.hostPort);
                if (hostPort === undefined || hostPort === 0) {
                    continue;
                }
                if (!allowed.some((r) => hostPort >= r.from && hostPort <= r.to)) {
                    out.push(containerFinding(ref, `binds hostPort ${hostPort}, which is not on allowedHostPorts`));
                }
            }
        });
    },
};
