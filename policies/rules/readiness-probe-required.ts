import { eachContainer, containerFinding, noConfig } from "../lib/rulekit";
import { ResourceRule } from "../types";

/**
 * `readiness-probe-required`: every container of a long-running workload (Deployment, ReplicaSet, StatefulSet,
 * DaemonSet, restarting Pod) has a readinessProbe. Jobs, CronJobs, init and ephemeral containers are exempt.
 */
export const readinessProbeRequired: ResourceRule<Record<string, never>> = {
    scope: "resource",
    name: "readiness-probe-required",
    description: "Containers of long-running workloads must define a readinessProbe.",
    remediation:
        "Add a readinessProbe (httpGet on a health endpoint, tcpSocket, exec or grpc) so that Services only route to ready pods.",
    defaultLevel: "mandatory",
    configSchema: {},
    parseConfig: noConfig,
    check: (o) =>
        eachContainer(o, (ref, pod, out) => {
            if (!pod.longRunning || ref.type !== "container") {
                return;
            }
            const probe = ref.container.readinessProbe;
            if (probe === undefined || probe === null) {
                out.push(containerFinding(ref, "has no readinessProbe"));
            }
        }),
};
