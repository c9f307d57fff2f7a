import { K8sObject } from "../lib/objects";
import { containerRule, NoConfig, remediateSecurityContexts, securityContextRequired } from "../lib/rulekit";
import { JsonObject, isUnknown, obj, path, strings } from "../lib/values";
import { ResourceRule } from "../types";

/** True when the API forbids `allowPrivilegeEscalation: false` on the container (privileged, or SYS_ADMIN). */
function cannotDisable(container: JsonObject): boolean {
    const sc = obj(container.securityContext);
    return (
        sc?.privileged === true ||
        strings(path(sc, "capabilities", "add")).some((c) => c.toUpperCase().replace(/^CAP_/, "") === "SYS_ADMIN")
    );
}

/** `no-privilege-escalation`: every container sets `allowPrivilegeEscalation: false`. Remediable. */
export const noPrivilegeEscalation: ResourceRule<NoConfig> = containerRule("no-privilege-escalation", {
    containers: "all",
    visit: securityContextRequired("allowPrivilegeEscalation", false, (value) =>
        value === true
            ? "sets allowPrivilegeEscalation: true"
            : "does not set securityContext.allowPrivilegeEscalation: false (it defaults to true)",
    ),
    remediate: (o: K8sObject) =>
        remediateSecurityContexts(o, (c, sc) =>
            cannotDisable(c) || sc.allowPrivilegeEscalation === false || isUnknown(sc.allowPrivilegeEscalation)
                ? undefined
                : { ...sc, allowPrivilegeEscalation: false },
        ),
});
