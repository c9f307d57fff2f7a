import { probeRequiredRule } from "./probe-required";

/** `readiness-probe-required`: every container of a long-running workload has a readinessProbe. */
export const readinessProbeRequired = probeRequiredRule({
    name: "readiness-probe-required",
    probe: "readinessProbe",
    remediation:
        "Add a readinessProbe (httpGet on a health endpoint, tcpSocket, exec or grpc) so that Services only route to ready pods.",
});
