import {
    containerRule,
    UNKNOWN_FIELD,
    containerFinding,
    remediateSecurityContexts,
    securityContextField,
} from "../lib/rulekit";
import { K8sObject } from "../lib/objects";
import { JsonObject, isUnknown, obj, path, strings } from "../lib/values";

function cannotDisable(container: JsonObject): boolean {
    const sc = obj(container.securityContext);
    return (
        sc?.privileged === true ||
        strings(path(sc, "capabilities", "add")).some((c) => c.toUpperCase().replace(/^CAP_/, "") === "SYS_ADMIN")
    );
}

/** `no-privilege-escalation`: every container sets `allowPrivilegeEscalation: false`. Remediable. */
export const noPrivilegeEscalation = containerRule({
    name: "no-privilege-escalation",
    description: "Containers must set securityContext.allowPrivilegeEscalation: false.",
    remediation:
        "Set securityContext.allowPrivilegeEscalation: false on every container (the remediate level does it for you).",
    defaultLevel: "mandatory",
    containers: "all",
    visit: (ref, _pod, out) => {
        const value = securityContextField(ref, "allowPrivilegeEscalation");
        if (value !== false && value !== UNKNOWN_FIELD) {
            out.push(
                containerFinding(
                    ref,
                    value === true
                        ? "sets allowPrivilegeEscalation: true"
                        : "does not set securityContext.allowPrivilegeEscalation: false (it defaults to true)",
                ),
            );
        }
    },
    remediate: (o: K8sObject) =>
        remediateSecurityContexts(o, (c, sc) =>
            cannotDisable(c) || sc.allowPrivilegeEscalation === false || isUnknown(sc.allowPrivilegeEscalation)
                ? undefined
                : { ...sc, allowPrivilegeEscalation: false },
        ),
});
