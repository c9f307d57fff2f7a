import { probeRequiredRule } from "./probe-required";

/** `liveness-probe-required`: every container of a long-running workload has a livenessProbe. */
export const livenessProbeRequired = probeRequiredRule("liveness-probe-required", "livenessProbe");
