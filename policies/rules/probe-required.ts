import { RuleName } from "../../contract/rules";
import { NoConfig, containerFinding, eachContainer, resourceRuleWithoutConfig } from "../lib/rulekit";
import { ResourceRule } from "../types";

/** The container probes a rule may require. */
export type RequiredProbe = "readinessProbe" | "livenessProbe";

/** What differs between the probe-required rules. */
export interface ProbeRuleSpec {
    readonly name: RuleName;
    readonly probe: RequiredProbe;
    readonly remediation: string;
}

/**
 * A rule requiring one probe on every container of a long-running workload (Deployment, ReplicaSet, StatefulSet,
 * DaemonSet, restarting Pod). Jobs, CronJobs, init and ephemeral containers are exempt.
 */
export function probeRequiredRule(spec: ProbeRuleSpec): ResourceRule<NoConfig> {
    return resourceRuleWithoutConfig({
        name: spec.name,
        description: `Containers of long-running workloads must define a ${spec.probe}.`,
        remediation: spec.remediation,
        defaultLevel: "mandatory",
        check: (o) =>
            eachContainer(o, (ref, pod, out) => {
                if (!pod.longRunning || ref.type !== "container") {
                    return;
                }
                const probe: unknown = ref.container[spec.probe];
                if (probe === undefined || probe === null) {
                    out.push(containerFinding(ref, `has no ${spec.probe}`));
                }
            }),
    });
}
