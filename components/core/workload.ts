import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ContainerInput, PORT_PROTOCOLS, PortArgs, buildContainer } from "./container";
import { ConfigMapEnvArgs, SecretEnvArgs, validateEnv } from "./env";
import { PodArgs, PodIdentityArgs, validatePodArgs } from "./args";
import { DEFAULT_LIVENESS_TIMINGS, DEFAULT_READINESS_TIMINGS, ProbeArgs, validateProbe } from "./probes";
import { ResourceArgs, validateResources } from "./resources";
import { checkImage } from "./image";
import { ServiceAwaitArgs, ServiceType, validateService } from "./service";
import { NetworkPolicyOptionArgs, validateNetworkPolicy } from "./networkPolicy";
import { SpreadArgs } from "./spread";
import { checkLabels, checkObjectList, checkStringList, checkUnique } from "./k8sRules";
import { Problems, checkOneOf, checkPort, checkPortName, checkRequired, known, show } from "./validation";
import { withReadOnlyRoot } from "./writablePaths";

/**
 * Args every long-running workload accepts: the shared pod and identity args, plus its environment, probes,
 * command, ports and Service.
 */
export interface WorkloadArgs extends PodArgs, PodIdentityArgs, NetworkPolicyOptionArgs, SpreadArgs, ServiceAwaitArgs {
    /** Extra literal environment variables. Credentials belong in `secretEnv`. Default: none. @default none */
    readonly env?: Record<string, pulumi.Input<string>>;
    /** Environment variables from Secret keys. Default: none. @default none */
    readonly secretEnv?: SecretEnvArgs[];
    /** Environment variables from ConfigMap keys. Default: none. @default none */
    readonly configMapEnv?: ConfigMapEnvArgs[];
    /** Whole Secrets to load as environment (`envFrom`). Default: none. @default none */
    readonly envFromSecrets?: string[];
    /** Whole ConfigMaps to load as environment (`envFrom`). Default: none. @default none */
    readonly envFromConfigMaps?: string[];
    /**
     * Readiness probe overrides. Default: HTTP GET /health on the main port, 5s delay, 5s period, 3s timeout.
     * @default HTTP GET /health on the main port, 5s delay, 5s period, 3s timeout
     */
    readonly readinessProbe?: ProbeArgs;
    /**
     * Liveness probe overrides. Default: HTTP GET /health on the main port, 30s delay, 10s period, 3s timeout.
     * @default HTTP GET /health on the main port, 30s delay, 10s period, 3s timeout
     */
    readonly livenessProbe?: ProbeArgs;
    /** Startup probe, for slow starters. Default: none. @default none */
    readonly startupProbe?: ProbeArgs;
    /** Overrides the image's entrypoint. Default: the image's entrypoint. @default the image's entrypoint */
    readonly command?: string[];
    /** Arguments to the entrypoint. Default: the image's arguments. @default the image's arguments */
    readonly args?: string[];
    /** The main port's name. Default: "http". @default "http" */
    readonly portName?: string;
    /** More container ports; exposed on the Service too unless `expose: false`. Default: none. @default none */
    readonly extraPorts?: PortArgs[];
    /**
     * `ClusterIP`, `NodePort` or `LoadBalancer`. Default: "ClusterIP".
     * @default "ClusterIP"
     * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
     */
    readonly serviceType?: ServiceType;
    /** The Service port that forwards to the main container port. Default: 80. @default 80 */
    readonly servicePort?: number;
}

/** The Service port used when none is given. */
export const DEFAULT_SERVICE_PORT = 80;

/** Validates the shared workload args. `port` is the main container port. */
export function validateWorkloadArgs(problems: Problems, args: WorkloadArgs, port: number | undefined): void {
    checkPort(problems, "port", port);
    validatePodArgs(problems, args);
    validateEnv(problems, "", args);
    validateProbe(problems, "readinessProbe", args.readinessProbe, DEFAULT_READINESS_TIMINGS);
    validateProbe(problems, "livenessProbe", args.livenessProbe, DEFAULT_LIVENESS_TIMINGS);
    validateProbe(problems, "startupProbe", args.startupProbe, DEFAULT_LIVENESS_TIMINGS);
    validateService(problems, args.serviceType, args.servicePort);
    validateNetworkPolicy(problems, "networkPolicy", args.networkPolicy);
    checkPortName(problems, "portName", args.portName);
    checkStringList(problems, "command", args.command, `["/app/server", "--serve"]`);
    checkStringList(problems, "args", args.args, `["--port", "8080"]`);
    checkStringList(problems, "envFromSecrets", args.envFromSecrets, `["app-secrets"]`);
    checkStringList(problems, "envFromConfigMaps", args.envFromConfigMaps, `["app-config"]`);
    validateExtraPorts(problems, args.extraPorts, { port, name: args.portName ?? "http" });
    if (args.livenessProbe?.successThreshold !== undefined && args.livenessProbe.successThreshold !== 1) {
        problems.add(
            "livenessProbe.successThreshold",
            `livenessProbe.successThreshold must be 1 (got ${show(args.livenessProbe.successThreshold)}); Kubernetes allows only 1 for liveness probes`,
        );
    }
    if (args.startupProbe?.successThreshold !== undefined && args.startupProbe.successThreshold !== 1) {
        problems.add(
            "startupProbe.successThreshold",
            `startupProbe.successThreshold must be 1 (got ${show(args.startupProbe.successThreshold)}); Kubernetes allows only 1 for startup probes`,
        );
    }
}

/**
 * Validates `extraPorts`: a list of objects with a name, a port and a known protocol, no name or port/protocol
 * repeated (the main port included).
 */
export function validateExtraPorts(
    problems: Problems,
    extraPorts: unknown,
    main: { readonly port: number | undefined; readonly name: string },
): void {
    if (!checkObjectList(problems, "extraPorts", extraPorts, `[{ name: "metrics", containerPort: 9090 }]`)) {
        return;
    }
    const ports = (extraPorts ?? []) as PortArgs[];
    ports.forEach((p, i) => {
        checkRequired(problems, `extraPorts[${i}].name`, p.name, `name the port, for example "metrics"`);
        checkPort(problems, `extraPorts[${i}].containerPort`, p.containerPort);
        checkPortName(
            problems,
            `extraPorts[${i}].name`,
            typeof p.name === "string" && p.name !== "" ? p.name : undefined,
        );
        checkOneOf(problems, `extraPorts[${i}].protocol`, p.protocol, PORT_PROTOCOLS);
    });
    checkUnique(problems, "port name", [
        { field: "portName", value: main.name },
        ...ports.map((p, i) => ({ field: `extraPorts[${i}].name`, value: p.name })),
    ]);
    checkUnique(problems, "port and protocol", [
        { field: "port", value: main.port === undefined ? undefined : `${main.port}/TCP` },
        ...ports.map((p, i) => ({
            field: `extraPorts[${i}].containerPort`,
            value: `${p.containerPort}/${p.protocol ?? "TCP"}`,
        })),
    ]);
}

/**
 * The most replicas any component accepts. Stateful components build one DNS name per pod, so a bound is checked
 * before anything iterates over the count.
 */
export const MAX_REPLICAS = 1000;

/** Validates a replica count: a whole number from `min` to {@link MAX_REPLICAS}. */
export function validateReplicas(
    problems: Problems,
    field: string,
    replicas: pulumi.Input<number> | undefined,
    min = 0,
): void {
    const value = known(replicas);
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
        problems.add(
            field,
            `${field} must be a whole number of at least ${min} (got ${show(value)}); give the number of pods to run, for example 3`,
        );
    } else if (value !== undefined && value > MAX_REPLICAS) {
        problems.add(
            field,
            `${field} must be at most ${MAX_REPLICAS} (got ${show(value)}); give the number of pods to run, for example 3`,
        );
    }
}

/** The overrides one track of a workload (a color, a variant) brings on top of the shared args. */
export interface TrackOverrides {
    readonly image: pulumi.Input<string>;
    readonly env?: Record<string, pulumi.Input<string>>;
    readonly resources?: ResourceArgs;
    /** The component-owned Secret for the Output-valued env of this track (see {@link envSecretName}). */
    readonly envSecretName?: string;
}

/**
 * What one track of a release pattern runs, over the component's shared args: a color of a blue-green deployment
 * ({@link ColorArgs}), the stable or canary track of a canary ({@link TrackArgs}), an A/B variant.
 */
export interface TrackArgsInput {
    /** The image this track runs, for example "myapp:v2.0.0". */
    readonly image: pulumi.Input<string>;
    /**
     * Extra environment for this track, added to the shared env (the component sets `VERSION`, and blue-green sets
     * `COLOR`, to the track). Default: none.
     * @default none
     */
    readonly env?: Record<string, pulumi.Input<string>>;
    /** Resource overrides for this track. Default: the shared `resources`. @default the shared `resources` */
    readonly resources?: ResourceArgs;
    /** Extra labels on this track's pods only (added to the shared `podLabels`). Default: none. @default none */
    readonly podLabels?: Record<string, string>;
}

/**
 * Validates one track's overrides exactly like the shared args: a string image, the env (names, types, no
 * literal credentials), the resources and the pod labels. Every family with tracks calls this one function.
 * @param field the track's property path, for example "blue", "canary" or "variants[1]"
 */
export function validateTrack(problems: Problems, field: string, track: TrackArgsInput): void {
    checkImage(problems, `${field}.image`, track.image, "myapp:v1.0.0");
    validateEnv(problems, `${field}.`, track);
    validateResources(problems, `${field}.resources`, track.resources);
    checkLabels(problems, `${field}.podLabels`, track.podLabels);
}

/** The env of one track: the shared env, then the track's own (which wins). */
export function trackEnv(
    shared: Readonly<Record<string, pulumi.Input<string>>> | undefined,
    track: Readonly<Record<string, pulumi.Input<string>>> | undefined,
): Record<string, pulumi.Input<string>> {
    return { ...(shared ?? {}), ...(track ?? {}) };
}

/**
 * The input of a workload's application container: the shared args' container fields with the track's image,
 * env, resources and env Secret over them, and a read-only root filesystem unless
 * `security.readOnlyRootFilesystem` is false ({@link withReadOnlyRoot}).
 */
export function appContainerInput(
    containerName: string,
    args: WorkloadArgs,
    port: number,
    track: TrackOverrides,
): ContainerInput {
    return {
        name: containerName,
        image: track.image,
        port,
        portName: args.portName,
        extraPorts: args.extraPorts,
        command: args.command,
        args: args.args,
        env: trackEnv(args.env, track.env),
        envSecretName: track.envSecretName,
        secretEnv: args.secretEnv,
        configMapEnv: args.configMapEnv,
        envFromSecrets: args.envFromSecrets,
        envFromConfigMaps: args.envFromConfigMaps,
        imagePullPolicy: args.imagePullPolicy,
        resources: { ...(args.resources ?? {}), ...(track.resources ?? {}) },
        readinessProbe: args.readinessProbe,
        livenessProbe: args.livenessProbe,
        startupProbe: args.startupProbe,
        security: withReadOnlyRoot(args.security),
    };
}

/** Builds the application container for a workload track ({@link appContainerInput}). */
export function buildAppContainer(
    containerName: string,
    args: WorkloadArgs,
    port: number,
    track: TrackOverrides,
): k8s.types.input.core.v1.Container {
    return buildContainer(appContainerInput(containerName, args, port, track));
}
