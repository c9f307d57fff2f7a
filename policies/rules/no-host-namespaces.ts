import { NoConfig, podRule } from "../lib/rulekit";
import { ResourceRule } from "../types";

const FIELDS = ["hostPID", "hostIPC", "hostNetwork"] as const;

/** `no-host-namespaces`: pods do not share the node's PID, IPC or network namespace. */
export const noHostNamespaces: ResourceRule<NoConfig> = podRule("no-host-namespaces", (pod, out) => {
    for (const field of FIELDS) {
        if (pod.spec[field] === true) {
            out.push({ message: `pod sets ${field}: true` });
        }
    }
});
