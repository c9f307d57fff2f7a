import { NoConfig, resourceRuleWithoutConfig, withPod } from "../lib/rulekit";
import { ResourceRule } from "../types";

const FIELDS = ["hostPID", "hostIPC", "hostNetwork"] as const;

/** `no-host-namespaces`: pods do not share the node's PID, IPC or network namespace. */
export const noHostNamespaces: ResourceRule<NoConfig> = resourceRuleWithoutConfig({
    name: "no-host-namespaces",
    description: "Pods must not use the host's PID, IPC or network namespace (hostPID, hostIPC, hostNetwork).",
    remediation:
        'Remove hostPID/hostIPC/hostNetwork. Node agents that truly need them carry an explicit exemption: annotations k8s-workloads.io/exempt: "no-host-namespaces" and k8s-workloads.io/exempt-reason.',
    defaultLevel: "mandatory",
    check: (o) =>
        withPod(o, (pod, out) => {
            for (const field of FIELDS) {
                if (pod.spec[field] === true) {
                    out.push({ message: `pod sets ${field}: true` });
                }
            }
        }),
});
