import { containerRule, UNKNOWN_FIELD, containerFinding, securityContextField } from "../lib/rulekit";

/** `read-only-root-filesystem`: containers mount their root filesystem read-only. */
export const readOnlyRootFilesystem = containerRule({
    name: "read-only-root-filesystem",
    description: "Containers should set securityContext.readOnlyRootFilesystem: true.",
    remediation:
        "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir for the paths the process writes (/tmp, caches).",
    defaultLevel: "advisory",
    containers: "resourced",
    visit: (ref, _pod, out) => {
        const value = securityContextField(ref, "readOnlyRootFilesystem");
        if (value !== true && value !== UNKNOWN_FIELD) {
            out.push(containerFinding(ref, "does not set securityContext.readOnlyRootFilesystem: true"));
        }
    },
});
