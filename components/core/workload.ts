import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ContainerInput, PortArgs, buildContainer } from "./container";
import { ConfigMapEnvArgs, SecretEnvArgs, validateEnv } from "./env";
import { SchedulingArgs } from "./pod";
import { DEFAULT_LIVENESS_TIMINGS, DEFAULT_READINESS_TIMINGS, ProbeArgs, validateProbe } from "./probes";
import { ResourceArgs, validateResources } from "./resources";
import { SecurityArgs } from "./security";
import { validateService } from "./service";
import { Problems, checkDnsLabel, checkInteger, checkOneOf, checkPort, known, show } from "./validation";

/** Image pull policies. */
export const IMAGE_PULL_POLICIES = ["Always", "IfNotPresent", "Never"] as const;

/**
 * Args every long-running workload accepts: where it runs, how it is labeled, its environment, resources,
 * probes, security and Service.
 */
export interface WorkloadArgs extends SchedulingArgs {
    /** Namespace for every child resource. @default the provider's namespace ("default") */
    readonly namespace?: pulumi.Input<string>;
    /** The `app` label and `app.kubernetes.io/name`. @default the component's name */
    readonly appName?: string;
    /** Extra labels on every object and pod (they never replace the selecting labels). */
    readonly labels?: Record<string, string>;
    /** Extra annotations on every object. */
    readonly annotations?: Record<string, string>;
    /** Extra labels on the pods only. */
    readonly podLabels?: Record<string, string>;
    /** Extra annotations on the pods only. */
    readonly podAnnotations?: Record<string, string>;
    /**
     * `Always`, `IfNotPresent` or `Never`.
     * @default the Kubernetes default (Always for `:latest`, IfNotPresent otherwise)
     * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
     */
    readonly imagePullPolicy?: string;
    /** Extra literal environment variables. Credentials belong in `secretEnv`. */
    readonly env?: Record<string, pulumi.Input<string>>;
    /** Environment variables from Secret keys. */
    readonly secretEnv?: SecretEnvArgs[];
    /** Environment variables from ConfigMap keys. */
    readonly configMapEnv?: ConfigMapEnvArgs[];
    /** Whole Secrets to load as environment (`envFrom`). */
    readonly envFromSecrets?: string[];
    /** Whole ConfigMaps to load as environment (`envFrom`). */
    readonly envFromConfigMaps?: string[];
    /** Requests and limits. @default requests 100m/128Mi, limits 200m/256Mi */
    readonly resources?: ResourceArgs;
    /** Readiness probe overrides. @default HTTP GET /health on the main port, 5s delay, 5s period, 3s timeout */
    readonly readinessProbe?: ProbeArgs;
    /** Liveness probe overrides. @default HTTP GET /health on the main port, 30s delay, 10s period, 3s timeout */
    readonly livenessProbe?: ProbeArgs;
    /** Startup probe, for slow starters. @default none */
    readonly startupProbe?: ProbeArgs;
    /** Hardening beyond the defaults (runAsNonRoot, read-only root filesystem). */
    readonly security?: SecurityArgs;
    /** Overrides the image's entrypoint. */
    readonly command?: string[];
    /** Arguments to the entrypoint. */
    readonly args?: string[];
    /** The main port's name. @default "http" */
    readonly portName?: string;
    /** More container ports; exposed on the Service too unless `expose: false`. */
    readonly extraPorts?: PortArgs[];
    /**
     * `ClusterIP`, `NodePort` or `LoadBalancer`.
     * @default "ClusterIP"
     * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
     */
    readonly serviceType?: string;
    /** The Service port that forwards to the main container port. @default 80 */
    readonly servicePort?: number;
    /** The service account the pods run as. @default none (no API token is mounted) */
    readonly serviceAccountName?: string;
    /** Seconds Kubernetes waits for a graceful stop. @default 30 */
    readonly terminationGracePeriodSeconds?: number;
}

/** The Service port used when none is given. */
export const DEFAULT_SERVICE_PORT = 80;

/** Validates the shared workload args. `port` is the main container port. */
export function validateWorkloadArgs(problems: Problems, args: WorkloadArgs, port: number | undefined): void {
    checkPort(problems, "port", port);
    const namespace = known(args.namespace);
    checkDnsLabel(problems, "namespace", namespace, "shop");
    if (args.appName !== undefined) {
        checkDnsLabel(problems, "appName", args.appName, "webapp");
    }
    checkOneOf(problems, "imagePullPolicy", args.imagePullPolicy, IMAGE_PULL_POLICIES);
    validateEnv(problems, "", args);
    validateResources(problems, "resources", args.resources);
    validateProbe(problems, "readinessProbe", args.readinessProbe, DEFAULT_READINESS_TIMINGS);
    validateProbe(problems, "livenessProbe", args.livenessProbe, DEFAULT_LIVENESS_TIMINGS);
    validateProbe(problems, "startupProbe", args.startupProbe, DEFAULT_LIVENESS_TIMINGS);
    validateService(problems, args.serviceType, args.servicePort);
    if (args.portName !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(args.portName)) {
        problems.add(
            "portName",
            `portName must be a DNS-1123 label of at most 15 characters (got ${show(args.portName)})`,
        );
    } else if (args.portName !== undefined && args.portName.length > 15) {
        problems.add("portName", `portName must be at most 15 characters (got ${show(args.portName)})`);
    }
    (args.extraPorts ?? []).forEach((p, i) => {
        checkPort(problems, `extraPorts[${i}].containerPort`, p.containerPort);
        if (p.name.length > 15 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.name)) {
            problems.add(
                `extraPorts[${i}].name`,
                `extraPorts[${i}].name must be a DNS-1123 label of at most 15 characters (got ${show(p.name)})`,
            );
        }
    });
    checkInteger(problems, "terminationGracePeriodSeconds", args.terminationGracePeriodSeconds, 0);
}

/** Validates a replica count: a whole number, at least `min`. */
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
    }
}

/** The overrides one track of a workload (a color, a variant) brings on top of the shared args. */
export interface TrackOverrides {
    readonly image: pulumi.Input<string>;
    readonly env?: Record<string, pulumi.Input<string>>;
    readonly resources?: ResourceArgs;
}

/** Builds the application container for a workload track from the shared args plus the track's overrides. */
export function buildAppContainer(
    containerName: string,
    args: WorkloadArgs,
    port: number,
    track: TrackOverrides,
): k8s.types.input.core.v1.Container {
    const input: ContainerInput = {
        name: containerName,
        image: track.image,
        port,
        portName: args.portName,
        extraPorts: args.extraPorts,
        command: args.command,
        args: args.args,
        env: { ...(args.env ?? {}), ...(track.env ?? {}) },
        secretEnv: args.secretEnv,
        configMapEnv: args.configMapEnv,
        envFromSecrets: args.envFromSecrets,
        envFromConfigMaps: args.envFromConfigMaps,
        imagePullPolicy: args.imagePullPolicy,
        resources: { ...(args.resources ?? {}), ...(track.resources ?? {}) },
        readinessProbe: args.readinessProbe,
        livenessProbe: args.livenessProbe,
        startupProbe: args.startupProbe,
        security: args.security,
    };
    return buildContainer(input);
}

/** Object metadata for a child: explicit name, namespace, labels and annotations. */
export function objectMeta(
    name: string,
    namespace: pulumi.Input<string> | undefined,
    labels: Record<string, string>,
    annotations?: Record<string, pulumi.Input<string>>,
): k8s.types.input.meta.v1.ObjectMeta {
    return {
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        labels,
        ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
}
