import { probeRequiredRule } from "./probe-required";

/** `liveness-probe-required`: every container of a long-running workload has a livenessProbe. */
export const livenessProbeRequired = probeRequiredRule({
    name: "liveness-probe-required",
    probe: "livenessProbe",
    remediation:
        "Add a livenessProbe that fails only when the process is wedged (not when a dependency is down), with a longer period than the readinessProbe.",
});
