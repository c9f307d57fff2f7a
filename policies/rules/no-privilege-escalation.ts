import { cloneObject, K8sObject } from "../lib/objects";
import { containersOf, podTemplateOf } from "../lib/podspec";
import { eachContainer, containerFinding, noConfig } from "../lib/rulekit";
import { JsonObject, isUnknown, obj, path, strings } from "../lib/values";
import { ResourceRule } from "../types";

function cannotDisable(container: JsonObject): boolean {
    const sc = obj(container.securityContext);
    return (
        sc?.privileged === true ||
        strings(path(sc, "capabilities", "add")).some((c) => c.toUpperCase().replace(/^CAP_/, "") === "SYS_ADMIN")
    );
}

/** `no-privilege-escalation`: every container sets `allowPrivilegeEscalation: false`. Remediable. */
export const noPrivilegeEscalation: ResourceRule<Record<string, never>> = {
    scope: "resource",
    name: "no-privilege-escalation",
    description: "Containers must set securityContext.allowPrivilegeEscalation: false.",
    remediation:
        "Set securityContext.allowPrivilegeEscalation: false on every container (the remediate level does it for you).",
    defaultLevel: "mandatory",
    configSchema: {},
    parseConfig: noConfig,
    check: (o) =>
        eachContainer(o, (ref, _pod, out) => {
            const value: unknown = path(ref.container, "securityContext", "allowPrivilegeEscalation");
            if (value !== false && !isUnknown(value) && !isUnknown(ref.container.securityContext)) {
                out.push(
                    containerFinding(
                        ref,
                        value === true
                            ? "sets allowPrivilegeEscalation: true"
                            : "does not set securityContext.allowPrivilegeEscalation: false (it defaults to true)",
                    ),
                );
            }
        }),
    remediate: (o: K8sObject) => {
        const copy = cloneObject(o);
        const pod = podTemplateOf(copy);
        if (pod === undefined) {
            return undefined;
        }
        let changed = false;
        for (const ref of containersOf(pod.spec)) {
            const c = ref.container;
            if (isUnknown(c.securityContext) || cannotDisable(c)) {
                continue;
            }
            const sc = obj(c.securityContext) ?? {};
            if (sc.allowPrivilegeEscalation !== false && !isUnknown(sc.allowPrivilegeEscalation)) {
                c.securityContext = { ...sc, allowPrivilegeEscalation: false };
                changed = true;
            }
        }
        return changed ? copy : undefined;
    },
};
