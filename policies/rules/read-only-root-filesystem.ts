import { containerRule, NoConfig, securityContextRequired } from "../lib/rulekit";
import { ResourceRule } from "../types";

/** `read-only-root-filesystem`: containers mount their root filesystem read-only. */
export const readOnlyRootFilesystem: ResourceRule<NoConfig> = containerRule("read-only-root-filesystem", {
    containers: "resourced",
    visit: securityContextRequired(
        "readOnlyRootFilesystem",
        true,
        () => "does not set securityContext.readOnlyRootFilesystem: true",
    ),
});
