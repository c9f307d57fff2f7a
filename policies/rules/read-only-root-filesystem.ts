import { eachContainer, containerFinding, noConfig } from "../lib/rulekit";
import { isUnknown, path } from "../lib/values";
import { ResourceRule } from "../types";

/** `read-only-root-filesystem`: containers mount their root filesystem read-only. */
export const readOnlyRootFilesystem: ResourceRule<Record<string, never>> = {
    scope: "resource",
    name: "read-only-root-filesystem",
    description: "Containers should set securityContext.readOnlyRootFilesystem: true.",
    remediation:
        "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir for the paths the process writes (/tmp, caches).",
    defaultLevel: "advisory",
    configSchema: {},
    parseConfig: noConfig,
    check: (o) =>
        eachContainer(o, (ref, _pod, out) => {
            if (ref.type === "ephemeralContainer") {
                return;
            }
            const value: unknown = path(ref.container, "securityContext", "readOnlyRootFilesystem");
            if (value !== true && !isUnknown(value) && !isUnknown(ref.container.securityContext)) {
                out.push(containerFinding(ref, "does not set securityContext.readOnlyRootFilesystem: true"));
            }
        }),
};
