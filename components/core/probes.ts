import * as k8s from "@pulumi/kubernetes";
import { Problems, checkInteger, checkOneOf, checkPort, choiceValues, show } from "./validation";

/**
 * The probe handlers a container can use.
 * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
 */
export const ProbeType = {
    /** An HTTP GET of `path` on the port; any status from 200 to 399 passes. */
    Http: "http",
    /** A TCP connection to the port. */
    Tcp: "tcp",
    /** A command run in the container; exit status 0 passes. */
    Exec: "exec",
    /** The gRPC health checking protocol on the port. */
    Grpc: "grpc",
} as const;
/** One of {@link ProbeType}: `"http"`, `"tcp"`, `"exec"` or `"grpc"`. */
export type ProbeType = (typeof ProbeType)[keyof typeof ProbeType];
/** The values of {@link ProbeType}, in order. */
export const PROBE_TYPES: readonly ProbeType[] = choiceValues(ProbeType);

/** The schemes of an `http` probe. */
export const ProbeScheme = {
    /** Plain HTTP. */
    Http: "HTTP",
    /** HTTPS; the kubelet does not verify the certificate. */
    Https: "HTTPS",
} as const;
/** One of {@link ProbeScheme}: `"HTTP"` or `"HTTPS"`. */
export type ProbeScheme = (typeof ProbeScheme)[keyof typeof ProbeScheme];
/** The values of {@link ProbeScheme}, in order. */
export const PROBE_SCHEMES: readonly ProbeScheme[] = choiceValues(ProbeScheme);

/**
 * Overrides for a readiness, liveness or startup probe. Unset fields keep the guide's defaults.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export interface ProbeArgs {
    /**
     * The handler: `"http"` (GET), `"tcp"` (socket), `"exec"` (command) or `"grpc"`. Default: "http".
     * @default "http"
     */
    readonly type?: ProbeType;
    /** HTTP path for `http` probes. Default: "/health". @default "/health" */
    readonly path?: string;
    /**
     * Port for `http`, `tcp` and `grpc` probes. Default: the container's main port.
     * @default the container's main port
     */
    readonly port?: number;
    /** Named container port for `http` and `tcp` probes; used instead of `port` when set. Default: none. @default none */
    readonly portName?: string;
    /** `HTTP` or `HTTPS` for `http` probes. Default: "HTTP". @default "HTTP" */
    readonly scheme?: ProbeScheme;
    /** The command for `exec` probes, for example `["redis-cli", "ping"]`. Default: none. @default none */
    readonly command?: string[];
    /**
     * Seconds after start before the first probe.
     * Default: the component's value for this probe (the guide's web probes: 5 for readiness, 30 for liveness).
     * @default the component's value for this probe (the guide's web probes: 5 for readiness, 30 for liveness)
     */
    readonly initialDelaySeconds?: number;
    /**
     * Seconds between probes.
     * Default: the component's value for this probe (the guide's web probes: 5 for readiness, 10 for liveness).
     * @default the component's value for this probe (the guide's web probes: 5 for readiness, 10 for liveness)
     */
    readonly periodSeconds?: number;
    /**
     * Seconds before a probe times out; must be below periodSeconds.
     * Default: the component's value for this probe (the guide's web probes: 3).
     * @default the component's value for this probe (the guide's web probes: 3)
     */
    readonly timeoutSeconds?: number;
    /**
     * Consecutive successes to count as healthy (always 1 for liveness).
     * Default: the component's value for this probe (the guide's web probes: 1).
     * @default the component's value for this probe (the guide's web probes: 1)
     */
    readonly successThreshold?: number;
    /**
     * Consecutive failures to count as unhealthy.
     * Default: the component's value for this probe (the guide's web probes: 3).
     * @default the component's value for this probe (the guide's web probes: 3)
     */
    readonly failureThreshold?: number;
    /**
     * Set to false to leave the probe out. The policy pack flags long-running workloads without probes. Default: true.
     * @default true
     */
    readonly enabled?: boolean;
}

/** Timings of one probe. */
export interface ProbeTimings {
    readonly initialDelaySeconds: number;
    readonly periodSeconds: number;
    readonly timeoutSeconds: number;
    readonly successThreshold: number;
    readonly failureThreshold: number;
}

/** The guide's readiness probe timings (Rolling Update Deployment). */
export const DEFAULT_READINESS_TIMINGS: ProbeTimings = {
    initialDelaySeconds: 5,
    periodSeconds: 5,
    timeoutSeconds: 3,
    successThreshold: 1,
    failureThreshold: 3,
};

/** The guide's liveness probe timings (Rolling Update Deployment). */
export const DEFAULT_LIVENESS_TIMINGS: ProbeTimings = {
    initialDelaySeconds: 30,
    periodSeconds: 10,
    timeoutSeconds: 3,
    successThreshold: 1,
    failureThreshold: 3,
};

/** The guide's health endpoint. */
export const DEFAULT_PROBE_PATH = "/health";

/**
 * Builds a probe from the defaults and the overrides. Returns undefined when the probe is disabled.
 * @param defaults the timings to start from (readiness or liveness)
 * @param port the container's main port, used when the override names none
 */
export function buildProbe(
    defaults: ProbeTimings,
    port: number | undefined,
    overrides: ProbeArgs = {},
): k8s.types.input.core.v1.Probe | undefined {
    if (overrides.enabled === false) {
        return undefined;
    }
    const timings = {
        initialDelaySeconds: overrides.initialDelaySeconds ?? defaults.initialDelaySeconds,
        periodSeconds: overrides.periodSeconds ?? defaults.periodSeconds,
        timeoutSeconds: overrides.timeoutSeconds ?? defaults.timeoutSeconds,
        successThreshold: overrides.successThreshold ?? defaults.successThreshold,
        failureThreshold: overrides.failureThreshold ?? defaults.failureThreshold,
    };
    return { ...probeHandler(port, overrides), ...timings };
}

function probeHandler(port: number | undefined, overrides: ProbeArgs): k8s.types.input.core.v1.Probe {
    const type = overrides.type ?? (overrides.command ? "exec" : "http");
    const target = overrides.portName ?? overrides.port ?? port;
    switch (type) {
        case "http":
            return {
                httpGet: {
                    path: overrides.path ?? DEFAULT_PROBE_PATH,
                    port: target ?? 80,
                    ...(overrides.scheme ? { scheme: overrides.scheme } : {}),
                },
            };
        case "tcp":
            return { tcpSocket: { port: target ?? 80 } };
        case "exec":
            return { exec: { command: overrides.command ?? [] } };
        case "grpc":
            return { grpc: { port: overrides.port ?? port ?? 80 } };
        default: {
            const unreachable: never = type;
            throw new Error(`unknown probe type ${show(unreachable)}`);
        }
    }
}

/** Validates probe overrides: a known type, a command for exec, whole-number timings, timeout below period. */
export function validateProbe(
    problems: Problems,
    field: string,
    probe: ProbeArgs | undefined,
    defaults: ProbeTimings,
): void {
    if (!probe || probe.enabled === false) {
        return;
    }
    checkOneOf(problems, `${field}.type`, probe.type, PROBE_TYPES);
    checkOneOf(problems, `${field}.scheme`, probe.scheme, PROBE_SCHEMES);
    checkPort(problems, `${field}.port`, probe.port);
    if (probe.type === "exec" && (!probe.command || probe.command.length === 0)) {
        problems.add(
            `${field}.command`,
            `${field}.command must list the command to run for an exec probe (got ${show(probe.command)}); for example ["redis-cli", "ping"]`,
        );
    }
    if (probe.path !== undefined && !probe.path.startsWith("/")) {
        problems.add(`${field}.path`, `${field}.path must start with "/" (got ${show(probe.path)})`);
    }
    checkInteger(problems, `${field}.initialDelaySeconds`, probe.initialDelaySeconds, 0);
    checkInteger(problems, `${field}.periodSeconds`, probe.periodSeconds, 1);
    checkInteger(problems, `${field}.timeoutSeconds`, probe.timeoutSeconds, 1);
    checkInteger(problems, `${field}.successThreshold`, probe.successThreshold, 1);
    checkInteger(problems, `${field}.failureThreshold`, probe.failureThreshold, 1);
    const period = probe.periodSeconds ?? defaults.periodSeconds;
    const timeout = probe.timeoutSeconds ?? defaults.timeoutSeconds;
    if (timeout >= period) {
        problems.add(
            `${field}.timeoutSeconds`,
            `${field}.timeoutSeconds must be below periodSeconds (got timeoutSeconds ${timeout} with periodSeconds ${period}); lower the timeout or raise the period`,
        );
    }
}
