import { ruleSettings, stringListSetting } from "../lib/config";
import { K8sObject } from "../lib/objects";
import { ContainerRef } from "../lib/podspec";
import { configurableContainerRule, containerFinding, remediateSecurityContexts } from "../lib/rulekit";
import { JsonObject, arr, isUnknown, obj, path, strings } from "../lib/values";
import { Finding, ResourceRule } from "../types";

/** Config of `capabilities-restricted`. */
export interface CapabilitiesConfig {
    /** Capabilities that may be added back after dropping ALL (without the CAP_ prefix). */
    readonly allowedCapabilities: readonly string[];
}

function capName(c: string): string {
    return c.toUpperCase().replace(/^CAP_/, "");
}

const SETTINGS = ruleSettings({
    allowedCapabilities: stringListSetting("Capabilities that may be added (without CAP_).", ["NET_BIND_SERVICE"], {
        normalize: capName,
    }),
});

/** The findings of one container: ALL not dropped, capabilities added beyond the allow-list. */
function checkCapabilities(ref: ContainerRef, config: CapabilitiesConfig, out: Finding[]): void {
    const caps: unknown = path(ref.container, "securityContext", "capabilities");
    if (isUnknown(ref.container.securityContext) || isUnknown(caps)) {
        return;
    }
    const drop: unknown = path(caps, "drop");
    if (!isUnknown(drop) && !strings(drop).some((c) => capName(c) === "ALL")) {
        out.push(containerFinding(ref, 'does not drop ALL capabilities (securityContext.capabilities.drop: ["ALL"])'));
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
}

/** The securityContext with ALL added to capabilities.drop, or undefined when it drops ALL (or is unknown). */
function dropAll(sc: JsonObject): JsonObject | undefined {
    if (isUnknown(sc.capabilities)) {
        return undefined;
    }
    const caps = obj(sc.capabilities) ?? {};
    if (isUnknown(caps.drop) || strings(caps.drop).some((d) => capName(d) === "ALL")) {
        return undefined;
    }
    return { ...sc, capabilities: { ...caps, drop: [...(arr(caps.drop) ?? []), "ALL"] } };
}

/** `capabilities-restricted`: every container drops ALL capabilities and adds back only allow-listed ones. */
export const capabilitiesRestricted: ResourceRule<CapabilitiesConfig> = configurableContainerRule(
    "capabilities-restricted",
    SETTINGS,
    {
        containers: "all",
        visit: (ref, _pod, out, config) => checkCapabilities(ref, config, out),
        remediate: (o: K8sObject) => remediateSecurityContexts(o, (_c, sc) => dropAll(sc)),
    },
);
