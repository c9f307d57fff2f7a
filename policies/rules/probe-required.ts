import { RuleName } from "../../contract/rules";
import { containerFinding, containerRule, NoConfig } from "../lib/rulekit";
import { ResourceRule } from "../types";

/** The container probes a rule may require. */
export type RequiredProbe = "readinessProbe" | "livenessProbe";

/**
 * A rule requiring one probe on every container of a long-running workload (Deployment, ReplicaSet, StatefulSet,
 * DaemonSet, restarting Pod). Jobs, CronJobs, init and ephemeral containers are exempt.
 */
export function probeRequiredRule(name: RuleName, probe: RequiredProbe): ResourceRule<NoConfig> {
    return containerRule(name, {
        containers: "all",
        visit: (ref, pod, out) => {
            if (!pod.longRunning || ref.type !== "container") {
                return;
            }
            const value: unknown = ref.container[probe];
            if (value === undefined || value === null) {
                out.push(containerFinding(ref, `has no ${probe}`));
            }
        },
    });
}
