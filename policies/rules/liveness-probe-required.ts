import { eachContainer, containerFinding, noConfig } from "../lib/rulekit";
import { ResourceRule } from "../types";

/**
 * `liveness-probe-required`: every container of a long-running workload has a livenessProbe. Jobs, CronJobs, init
 * and ephemeral containers are exempt.
 */
export const livenessProbeRequired: ResourceRule<Record<string, never>> = {
    scope: "resource",
    name: "liveness-probe-required",
    description: "Containers of long-running workloads must define a livenessProbe.",
    remediation:
        "Add a livenessProbe that fails only when the process is wedged (not when a dependency is down), with a longer period than the readinessProbe.",
    defaultLevel: "mandatory",
    configSchema: {},
    parseConfig: noConfig,
    check: (o) =>
        eachContainer(o, (ref, pod, out) => {
            if (!pod.longRunning || ref.type !== "container") {
                return;
            }
            const probe = ref.container.livenessProbe;
            if (probe === undefined || probe === null) {
                out.push(containerFinding(ref, "has no livenessProbe"));
            }
        }),
};
