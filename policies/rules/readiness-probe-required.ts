import { probeRequiredRule } from "./probe-required";

/** `readiness-probe-required`: every container of a long-running workload has a readinessProbe. */
export const readinessProbeRequired = probeRequiredRule("readiness-probe-required", "readinessProbe");
