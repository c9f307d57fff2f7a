import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EnvInput, buildEnv, buildEnvFrom } from "./env";
import { DEFAULT_LIVENESS_TIMINGS, DEFAULT_READINESS_TIMINGS, ProbeArgs, buildProbe } from "./probes";
import { ResourceArgs, ResourceDefaults, DEFAULT_RESOURCES, buildResources } from "./resources";
import { SecurityArgs, buildContainerSecurityContext } from "./security";
import { choiceValues } from "./validation";
import type { ImagePullPolicy } from "./args";

/**
 * The protocol of a container port (and of its Service port).
 * @see https://kubernetes.io/docs/reference/networking/service-protocols/
 */
export const PortProtocol = {
    /** TCP. */
    Tcp: "TCP",
    /** UDP. */
    Udp: "UDP",
    /** SCTP. */
    Sctp: "SCTP",
} as const;
/** One of {@link PortProtocol}: `"TCP"`, `"UDP"` or `"SCTP"`. */
export type PortProtocol = (typeof PortProtocol)[keyof typeof PortProtocol];
/** The values of {@link PortProtocol}, in order. */
export const PORT_PROTOCOLS: readonly PortProtocol[] = choiceValues(PortProtocol);

/** An extra container port. */
export interface PortArgs {
    /** The port's name (a DNS-1123 label of at most 15 characters). */
    readonly name: string;
    /** The container port. */
    readonly containerPort: number;
    /** `TCP`, `UDP` or `SCTP`. Default: "TCP". @default "TCP" */
    readonly protocol?: PortProtocol;
    /** Also expose this port on the Service, on the same number. Default: true. @default true */
    readonly expose?: boolean;
}

/** What a container is made of. Everything but name and image has a default. */
export interface ContainerInput extends EnvInput {
    readonly name: string;
    readonly image: pulumi.Input<string>;
    /** The main port, named `portName`. Omit for containers that serve nothing (batch jobs). */
    readonly port?: number;
    /** Default: "http". @default "http" */
    readonly portName?: string;
    readonly hostPort?: number;
    readonly extraPorts?: readonly PortArgs[];
    readonly command?: pulumi.Input<string>[];
    readonly args?: pulumi.Input<string>[];
    readonly envFromSecrets?: readonly string[];
    readonly envFromConfigMaps?: readonly string[];
    readonly imagePullPolicy?: ImagePullPolicy;
    readonly resources?: ResourceArgs;
    /** Defaults the overrides apply to. Default: DEFAULT_RESOURCES. @default DEFAULT_RESOURCES */
    readonly resourceDefaults?: ResourceDefaults;
    /** Readiness probe overrides; `null` leaves the probe out (for batch containers). */
    readonly readinessProbe?: ProbeArgs | null;
    /** Liveness probe overrides; `null` leaves the probe out (for batch containers). */
    readonly livenessProbe?: ProbeArgs | null;
    readonly startupProbe?: ProbeArgs;
    readonly security?: SecurityArgs;
    readonly volumeMounts?: k8s.types.input.core.v1.VolumeMount[];
}

/**
 * Builds a container with the package defaults: the guide's probes on the main port, default requests and
 * limits, the hardened securityContext, and env from literals, Secrets and ConfigMaps.
 */
export function buildContainer(input: ContainerInput): k8s.types.input.core.v1.Container {
    const env = buildEnv(input);
    const envFrom = buildEnvFrom(input.envFromSecrets, input.envFromConfigMaps);
    const ports = buildContainerPorts(input);
    const readiness =
        input.readinessProbe === null
            ? undefined
            : buildProbe(DEFAULT_READINESS_TIMINGS, input.port, input.readinessProbe);
    const liveness =
        input.livenessProbe === null
            ? undefined
            : buildProbe(DEFAULT_LIVENESS_TIMINGS, input.port, input.livenessProbe);
    const startup = input.startupProbe
        ? buildProbe(DEFAULT_LIVENESS_TIMINGS, input.port, input.startupProbe)
        : undefined;
    return {
        name: input.name,
        image: input.image,
        ...(input.imagePullPolicy ? { imagePullPolicy: input.imagePullPolicy } : {}),
        ...(input.command ? { command: input.command } : {}),
        ...(input.args ? { args: input.args } : {}),
        ...(ports.length > 0 ? { ports } : {}),
        ...(env.length > 0 ? { env } : {}),
        ...(envFrom.length > 0 ? { envFrom } : {}),
        ...(readiness ? { readinessProbe: readiness } : {}),
        ...(liveness ? { livenessProbe: liveness } : {}),
        ...(startup ? { startupProbe: startup } : {}),
        resources: buildResources(input.resources, input.resourceDefaults ?? DEFAULT_RESOURCES),
        securityContext: buildContainerSecurityContext(input.security),
        ...(input.volumeMounts && input.volumeMounts.length > 0 ? { volumeMounts: input.volumeMounts } : {}),
    };
}

/** The main port (named `portName`, default `http`) followed by the extra ports. */
export function buildContainerPorts(input: ContainerInput): k8s.types.input.core.v1.ContainerPort[] {
    const main =
        input.port === undefined
            ? []
            : [
                  {
                      name: input.portName ?? "http",
                      containerPort: input.port,
                      ...(input.hostPort !== undefined ? { hostPort: input.hostPort } : {}),
                      protocol: "TCP",
                  },
              ];
    const extra = (input.extraPorts ?? []).map((p) => ({
        name: p.name,
        containerPort: p.containerPort,
        protocol: p.protocol ?? "TCP",
    }));
    return [...main, ...extra];
}
