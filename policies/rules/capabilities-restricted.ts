import { configStrings } from "../lib/config";
import { K8sObject } from "../lib/objects";
import { containerFinding, eachContainer, remediateSecurityContexts } from "../lib/rulekit";
import { JsonObject, arr, isUnknown, obj, path, strings } from "../lib/values";
import { ResourceRule } from "../types";

/** Config of `capabilities-restricted`. */
export interface CapabilitiesConfig {
    /** Capabilities that may be added back after dropping ALL (without the CAP_ prefix). */
    readonly allowedCapabilities: readonly string[];
}

function capName(c: string): string {
    return c.toUpperCase().replace(/^CAP_/, "");
}

/** `capabilities-restricted`: every container drops ALL capabilities and adds back only allow-listed ones. */
export const capabilitiesRestricted: ResourceRule<CapabilitiesConfig> = {
    scope: "resource",
    name: "capabilities-restricted",
    description: "Containers must drop ALL capabilities and add back only allow-listed ones.",
    remediation:
        'Set securityContext.capabilities.drop: ["ALL"] (the remediate level does it) and add back only what is needed, e.g. NET_BIND_SERVICE.',
    defaultLevel: "mandatory",
    configSchema: {
        allowedCapabilities: {
            type: "array",
            items: { type: "string" },
            default: ["NET_BIND_SERVICE"],
            description: "Capabilities that may be added (without CAP_).",
        },
    },
    parseConfig: (raw: JsonObject) => ({
        allowedCapabilities: configStrings(raw, "allowedCapabilities", ["NET_BIND_SERVICE"]).map(capName),
    }),
    check: (o, config) =>
        eachContainer(o, (ref, _pod, out) => {
            const caps: unknown = path(ref.container, "securityContext", "capabilities");
            if (isUnknown(ref.container.securityContext) || isUnknown(caps)) {
                return;
            }
            const drop: unknown = path(caps, "drop");
            if (!isUnknown(drop) && !strings(drop).some((c) => capName(c) === "ALL")) {
                out.push(
                    containerFinding(
                        ref,
                        'does not drop ALL capabilities (securityContext.capabilities.drop: ["ALL"])',
                    ),
                );
            }
            const added = strings(path(caps, "add")).filter((c) => !config.allowedCapabilities.includes(capName(c)));
            if (added.length > 0) {
                out.push(
                    containerFinding(
                        ref,
                        `adds capabilities ${added.join(", ")} not in allowedCapabilities (${config.allowedCapabilities.join(", ") || "none"})`,
                    ),
                );
            }
        }),
    remediate: (o: K8sObject) =>
        remediateSecurityContexts(o, (_c, sc) => {
            if (isUnknown(sc.capabilities)) {
                return undefined;
            }
            const caps = obj(sc.capabilities) ?? {};
            if (isUnknown(caps.drop) || strings(caps.drop).some((d) => capName(d) === "ALL")) {
                return undefined;
            }
            return { ...sc, capabilities: { ...caps, drop: [...(arr(caps.drop) ?? []), "ALL"] } };
        }),
};
