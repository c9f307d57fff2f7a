import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ROLE_ANNOTATION } from "../../contract";
import {
    DEFAULT_SERVICE_PORT,
    LabelInput,
    ResourceArgs,
    SKIP_AWAIT_ANNOTATION,
    WorkloadArgs,
    buildAppContainer,
    buildPodTemplateFor,
    withReadOnlyRoot,
    buildServiceSpec,
    createEnvSecret,
    defaultWritablePathsFor,
    createNetworkPolicy,
    envSecretName,
    isReplicated,
    objectMeta,
    selectorLabels,
    serviceAwaitAnnotations,
    trackEnv,
    workloadLabels,
} from "../core";
import { RolloutArgs, buildPreStopLifecycle, buildRollingStrategy, rolloutTimeouts } from "./rollout";
import { rolloutAwaitAnnotations } from "./rolloutAwait";

/** One Deployment of a pattern: the whole app, a color, a stable/canary track or a variant. */
export interface TrackInput {
    /** The Kubernetes name of the Deployment, for example `webapp-blue`. */
    readonly name: string;
    /** Identity labels of the track. */
    readonly labels: LabelInput;
    readonly image: pulumi.Input<string>;
    readonly env?: Record<string, pulumi.Input<string>>;
    readonly resources?: ResourceArgs;
    /** Desired pods; undefined leaves the count to an autoscaler. */
    readonly replicas?: pulumi.Input<number>;
    /** Extra pod labels of this track, added to the shared `podLabels`. */
    readonly podLabels?: Record<string, string>;
}

/** The rendered Deployment of a track, ready to pass to `new k8s.apps.v1.Deployment`. */
export function renderDeployment(
    args: WorkloadArgs & RolloutArgs,
    port: number,
    track: TrackInput,
): k8s.apps.v1.DeploymentArgs {
    const labels = workloadLabels(track.labels, args.labels);
    const podLabels = { ...(track.podLabels ?? {}), ...labels };
    const app = buildAppContainer(track.labels.app ?? track.labels.instance, args, port, {
        ...track,
        envSecretName: envSecretName(track.name),
    });
    const lifecycle = buildPreStopLifecycle(args.preStopSleepSeconds);
    const container = lifecycle ? { ...app, lifecycle } : app;
    const template = buildPodTemplateFor(args, {
        labels: podLabels,
        containers: [container],
        security: args.security,
        spread: { selector: selectorLabels(track.labels), replicated: isReplicated(track.replicas) },
        defaultWritablePaths: defaultWritablePathsFor(withReadOnlyRoot(args.security)),
    });
    return {
        metadata: objectMeta(track.name, args.namespace, labels, {
            ...(args.annotations ?? {}),
            ...rolloutAwaitAnnotations(track.replicas, args.annotations),
        }),
        spec: {
            ...(track.replicas !== undefined ? { replicas: track.replicas } : {}),
            selector: { matchLabels: selectorLabels(track.labels) },
            strategy: buildRollingStrategy(args, track.replicas),
            minReadySeconds: args.minReadySeconds ?? 0,
            revisionHistoryLimit: args.revisionHistoryLimit ?? 10,
            progressDeadlineSeconds: args.progressDeadlineSeconds ?? 600,
            template,
        },
    };
}

/**
 * Creates the track's env Secret (`<track>-env`) when its env has Output values, so they never land in the pod
 * template in plain text.
 */
function createTrackEnvSecret(
    parent: pulumi.Resource,
    args: WorkloadArgs,
    track: TrackInput,
): k8s.core.v1.Secret | undefined {
    return createEnvSecret(
        parent,
        track.name,
        args.namespace,
        workloadLabels(track.labels, args.labels),
        trackEnv(args.env, track.env),
    );
}

/**
 * Creates one track of a pattern: its env Secret (when the track has env) and its Deployment on `port`, awaited
 * within the rollout's timeouts. `opts` adds to the parent and the timeouts, for example `dependsOn`.
 */
export function createTrackDeployment(
    parent: pulumi.Resource,
    args: WorkloadArgs & RolloutArgs,
    port: number,
    track: TrackInput,
    opts?: pulumi.CustomResourceOptions,
): k8s.apps.v1.Deployment {
    createTrackEnvSecret(parent, args, track);
    return new k8s.apps.v1.Deployment(track.name, renderDeployment(args, port, track), {
        ...opts,
        parent,
        customTimeouts: rolloutTimeouts(args),
    });
}

/** The container ports of a web workload: the main port and the extra ports. */
export function workloadPorts(args: WorkloadArgs, port: number): number[] {
    return [port, ...(args.extraPorts ?? []).map((p) => p.containerPort)];
}

/**
 * The NetworkPolicy of a web workload when `args.networkPolicy.enabled`: it selects every track of the app (its
 * selector without the track) and opens the container ports.
 */
export function createWorkloadNetworkPolicy(
    parent: pulumi.Resource,
    name: string,
    args: WorkloadArgs,
    port: number,
    labels: LabelInput,
): k8s.networking.v1.NetworkPolicy | undefined {
    const appLabels: LabelInput = { ...labels, track: undefined, appVersion: undefined };
    return createNetworkPolicy(
        parent,
        {
            name,
            namespace: args.namespace,
            labels: workloadLabels(appLabels, args.labels),
            annotations: args.annotations,
            selector: selectorLabels(appLabels),
        },
        { ports: workloadPorts(args, port) },
        args.networkPolicy,
    );
}

/** A Service to render: its name, what it selects and an optional role annotation. */
export interface ServiceInput {
    readonly name: string;
    readonly labels: LabelInput;
    /** Selecting labels; defaults to the selector of `labels`. */
    readonly selector?: Record<string, string>;
    /** Recorded as `k8s-workloads.io/role` (for example `live`, `preview`, `variant`). */
    readonly role?: string;
}

/**
 * The rendered Service for a track or a whole app, ready to pass to `new k8s.core.v1.Service`. It skips the
 * provider's Service await unless `awaitService` is true (the Deployment await already proves the pods ready).
 */
export function renderService(args: WorkloadArgs, service: ServiceInput): k8s.core.v1.ServiceArgs {
    const annotations = {
        ...(args.annotations ?? {}),
        ...(service.role ? { [ROLE_ANNOTATION]: service.role } : {}),
        ...serviceAwaitAnnotations(args.awaitService),
    };
    return {
        metadata: objectMeta(service.name, args.namespace, workloadLabels(service.labels, args.labels), annotations),
        spec: buildServiceSpec(
            service.selector ?? selectorLabels(service.labels),
            {
                port: args.servicePort ?? DEFAULT_SERVICE_PORT,
                targetPortName: args.portName ?? "http",
                extraPorts: args.extraPorts,
            },
            args.serviceType ?? "ClusterIP",
        ),
    };
}

/** `<name>.<namespace>.svc.cluster.local` of a created Service. */
export function serviceDns(service: k8s.core.v1.Service): pulumi.Output<string> {
    return pulumi.interpolate`${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`;
}

/** Ingress annotations of the nginx canary (ingress-nginx). */
export const NGINX_CANARY = {
    canary: "nginx.ingress.kubernetes.io/canary",
    weight: "nginx.ingress.kubernetes.io/canary-weight",
    byHeader: "nginx.ingress.kubernetes.io/canary-by-header",
    byHeaderValue: "nginx.ingress.kubernetes.io/canary-by-header-value",
    byCookie: "nginx.ingress.kubernetes.io/canary-by-cookie",
} as const;

/** The Istio API version the VirtualService and DestinationRule use (served by Istio 1.22 and later). */
export const ISTIO_API_VERSION = "networking.istio.io/v1";

/** One Ingress: host, path, backend Service and annotations. */
export interface IngressInput {
    readonly name: string;
    readonly labels: LabelInput;
    readonly host: string;
    readonly path: string;
    readonly ingressClassName: string;
    readonly serviceName: string;
    readonly servicePort: number;
    readonly annotations?: Record<string, string>;
    /** Wait for an ingress controller to publish the Ingress's address. Default: true. @default true */
    readonly waitForAddress?: boolean;
}

export { SKIP_AWAIT_ANNOTATION };

/** The rendered Ingress (networking.k8s.io/v1) routing a host and path prefix to a Service. */
export function renderIngress(args: WorkloadArgs, ingress: IngressInput): k8s.networking.v1.IngressArgs {
    return {
        metadata: objectMeta(ingress.name, args.namespace, workloadLabels(ingress.labels, args.labels), {
            ...(args.annotations ?? {}),
            ...(ingress.annotations ?? {}),
            ...(ingress.waitForAddress === false ? { [SKIP_AWAIT_ANNOTATION]: "true" } : {}),
        }),
        spec: {
            ingressClassName: ingress.ingressClassName,
            rules: [
                {
                    host: ingress.host,
                    http: {
                        paths: [
                            {
                                path: ingress.path,
                                pathType: "Prefix",
                                backend: {
                                    service: { name: ingress.serviceName, port: { number: ingress.servicePort } },
                                },
                            },
                        ],
                    },
                },
            ],
        },
    };
}

/** An Istio custom resource (VirtualService or DestinationRule). */
export function renderIstioResource(
    args: WorkloadArgs,
    kind: "VirtualService" | "DestinationRule",
    name: string,
    labels: LabelInput,
    spec: Record<string, unknown>,
): k8s.apiextensions.CustomResourceArgs {
    return {
        apiVersion: ISTIO_API_VERSION,
        kind,
        metadata: objectMeta(name, args.namespace, workloadLabels(labels, args.labels), args.annotations),
        spec,
    };
}

/** A DestinationRule subset: a name and the pod labels it selects. */
export interface Subset {
    readonly name: string;
    readonly labels: Record<string, string>;
}

/** The DestinationRule spec for a Service host and its subsets. */
export function destinationRuleSpec(host: string, subsets: readonly Subset[]): Record<string, unknown> {
    return { host, subsets: subsets.map((s) => ({ name: s.name, labels: s.labels })) };
}

/** The Istio header match that routes requests carrying `header: value`. */
export function istioHeaderMatch(header: string, value: string): Record<string, unknown> {
    return { headers: { [header.toLowerCase()]: { exact: value } } };
}
