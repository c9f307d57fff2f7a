import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LABELS } from "../../contract";
import {
    DisruptionBudgetArgs,
    LabelInput,
    Problems,
    WorkloadArgs,
    checkInteger,
    checkRequired,
    childName,
    known,
    renderPdb,
    selectorLabels,
    show,
    throwIfInvalid,
    typeToken,
    validateDisruptionBudget,
    validateReplicas,
    validateResources,
    validateWorkloadArgs,
    DEFAULT_SERVICE_PORT,
} from "../core";
import { ColorArgs } from "./blueGreenDeployment";
import {
    NGINX_CANARY,
    destinationRuleSpec,
    istioHeaderMatch,
    renderDeployment,
    renderIngress,
    renderIstioResource,
    renderService,
    serviceDns,
} from "./common";
import { RolloutArgs, rolloutTimeouts, validateRollout } from "./rollout";
import { DEFAULT_INGRESS_CLASS, TRAFFIC_MODES, TrafficMode, checkHeaderName, validateTraffic } from "./traffic";

/** What the stable or the canary track runs. */
export type TrackArgs = ColorArgs;

/**
 * Args of a {@link CanaryDeployment}.
 * @see https://kubernetes.io/docs/concepts/workloads/management/#canary-deployments
 */
export interface CanaryDeploymentArgs extends WorkloadArgs, RolloutArgs {
    /** Total pods across stable and canary in `replicas` mode; stable pods in `nginx`/`istio` mode. @default 10 */
    readonly replicas?: pulumi.Input<number>;
    /** The container port the app listens on. */
    readonly port: number;
    /** The current version. */
    readonly stable: TrackArgs;
    /** The new version under test. */
    readonly canary: TrackArgs;
    /** Percentage of traffic for the canary, 0 to 100. 0 means no canary pods. @default 0 */
    readonly canaryWeight?: number;
    /**
     * How traffic is split:
     * - `"replicas"`: by pod count behind one Service. The canary gets round(replicas × weight / 100) pods, at least
     *   1 when the weight is above 0 and at most replicas − 1 when it is below 100; the stable track gets the rest.
     *   10 replicas at 20% give 8 stable and 2 canary.
     * - `"nginx"`: a stable Ingress and an ingress-nginx canary Ingress (`canary-weight`, `canary-by-header`).
     * - `"istio"`: a VirtualService (header match first, then weighted routes) and a DestinationRule with
     *   `stable` and `canary` subsets.
     * @default "replicas"
     * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary
     */
    readonly traffic?: string;
    /** Public host name routed by the nginx or istio modes. Required for them. */
    readonly host?: string;
    /** Path prefix the Ingress routes. @default "/" */
    readonly path?: string;
    /** Requests with this header set to `canaryHeaderValue` always go to the canary. @default none */
    readonly canaryHeader?: string;
    /** The header value that selects the canary. @default "always" */
    readonly canaryHeaderValue?: string;
    /** The IngressClass of the nginx mode. @default "nginx" */
    readonly ingressClassName?: string;
    /** Istio gateways the VirtualService binds to. @default none (mesh-internal) */
    readonly istioGateways?: string[];
    /**
     * Make `pulumi up` wait until the ingress controller publishes each Ingress's address (`status.loadBalancer`).
     * Turn it off on clusters without an ingress controller that reports addresses; the Ingress is then created
     * without waiting (the `pulumi.com/skipAwait` annotation).
     * @default true
     * @see https://www.pulumi.com/registry/packages/kubernetes/api-docs/networking/v1/ingress/
     */
    readonly waitForIngress?: boolean;
    /**
     * Canary pods in the nginx and istio modes, where the weight is applied by the proxy.
     * @default round(replicas × weight / 100), at least 1 when the weight is above 0, 0 at weight 0
     */
    readonly canaryReplicas?: number;
    /**
     * Promote the canary: the stable track takes the canary's image and env, and the weight drops to 0.
     * @default false
     */
    readonly promote?: boolean;
    /** A PodDisruptionBudget for the stable track. @default none */
    readonly disruptionBudget?: DisruptionBudgetArgs;
}

/** The guide's total replica count (8 stable + 2 canary). */
export const DEFAULT_CANARY_REPLICAS = 10;

/** Stable and canary pod counts. */
export interface ReplicaSplit {
    readonly stable: number;
    readonly canary: number;
}

/**
 * Splits replicas by the canary weight for the `replicas` mode. The canary gets round(total × weight / 100),
 * clamped to at least 1 when the weight is above 0 and at most total − 1 when the weight is below 100, so both
 * tracks run whenever the weight asks for both (and total ≥ 2).
 */
export function splitReplicas(total: number, weight: number): ReplicaSplit {
    if (weight <= 0 || total === 0) {
        return { stable: total, canary: 0 };
    }
    if (weight >= 100) {
        return { stable: 0, canary: total };
    }
    const rounded = Math.round((total * weight) / 100);
    const canary = total >= 2 ? Math.min(Math.max(rounded, 1), total - 1) : rounded;
    return { stable: total - canary, canary };
}

/** Canary pods in the nginx and istio modes, where the proxy applies the weight. */
export function proxiedCanaryReplicas(total: number, weight: number, override?: number): number {
    if (override !== undefined) {
        return override;
    }
    return weight <= 0 ? 0 : Math.max(1, Math.round((total * weight) / 100));
}

/** Validates {@link CanaryDeploymentArgs}; returns every problem found. */
export function validateCanaryDeploymentArgs(args: CanaryDeploymentArgs): Problems {
    const problems = new Problems();
    checkRequired(problems, "port", args.port, "give the container port the app listens on, for example 8080");
    validateReplicas(problems, "replicas", args.replicas);
    validateWorkloadArgs(problems, args, args.port);
    validateRollout(problems, args);
    if (
        args.canaryWeight !== undefined &&
        !(Number.isFinite(args.canaryWeight) && args.canaryWeight >= 0 && args.canaryWeight <= 100)
    ) {
        problems.add(
            "canaryWeight",
            `canaryWeight must be between 0 and 100 (got ${show(args.canaryWeight)}); it is the canary's percentage of traffic`,
        );
    }
    validateTraffic(problems, "traffic", args.traffic ?? "replicas", TRAFFIC_MODES, args.host);
    checkHeaderName(problems, "canaryHeader", args.canaryHeader);
    checkInteger(problems, "canaryReplicas", args.canaryReplicas, 0);
    if (args.canaryReplicas !== undefined && (args.traffic ?? "replicas") === "replicas") {
        problems.add(
            "canaryReplicas",
            `canaryReplicas applies only to the nginx and istio modes (got ${show(args.canaryReplicas)} with traffic "replicas"); in replicas mode the weight sets the pod counts`,
        );
    }
    if (args.path !== undefined && !args.path.startsWith("/")) {
        problems.add("path", `path must start with "/" (got ${show(args.path)})`);
    }
    for (const track of ["stable", "canary"] as const) {
        const spec = args[track];
        if (!spec) {
            problems.add(track, `${track} is required (got undefined); give ${track}: { image: "..." }`);
            continue;
        }
        checkRequired(problems, `${track}.image`, spec.image, `give the ${track} image, for example "myapp:v1.0.0"`);
        validateResources(problems, `${track}.resources`, spec.resources);
    }
    validateDisruptionBudget(problems, "disruptionBudget", args.disruptionBudget, known(args.replicas));
    return problems;
}

/**
 * The guide's canary: a stable and a canary Deployment, one Service across both, and a traffic split by replica
 * ratio, by an ingress-nginx canary Ingress, or by an Istio VirtualService. Promotion (`promote: true`) gives the
 * stable track the canary's image at weight 0.
 *
 * @example
 * new CanaryDeployment("shop", { replicas: 10, port: 8080,
 *   stable: { image: "myapp:v1.0.0" }, canary: { image: "myapp:v2.0.0" },
 *   canaryWeight: 20, traffic: "nginx", host: "shop.example.com", canaryHeader: "X-Canary" });
 */
export class CanaryDeployment extends pulumi.ComponentResource {
    /** The Service across stable and canary pods. */
    public readonly serviceName: pulumi.Output<string>;
    /** The Service's cluster DNS name. */
    public readonly serviceDnsName: pulumi.Output<string>;
    /** Stable pods. */
    public readonly stableReplicas: pulumi.Output<number>;
    /** Canary pods. */
    public readonly canaryReplicas: pulumi.Output<number>;
    /** The weight in effect (0 after a promotion). */
    public readonly canaryWeight: pulumi.Output<number>;

    constructor(name: string, args: CanaryDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super(typeToken("CanaryDeployment"), name, {}, opts);
        throwIfInvalid("CanaryDeployment", name, validateCanaryDeploymentArgs(args));

        const mode = (args.traffic ?? "replicas") as TrafficMode;
        const weight = args.promote ? 0 : (args.canaryWeight ?? 0);
        const stableSpec = args.promote ? args.canary : args.stable;
        const total = args.replicas ?? DEFAULT_CANARY_REPLICAS;
        const split = pulumi
            .output(total)
            .apply((n): ReplicaSplit =>
                mode === "replicas"
                    ? splitReplicas(n, weight)
                    : { stable: n, canary: proxiedCanaryReplicas(n, weight, args.canaryReplicas) },
            );
        const base: LabelInput = { instance: name, app: args.appName, pattern: "canary" };
        const trackLabels = (track: string): LabelInput => ({ ...base, track: { [LABELS.track]: track } });
        const deploymentOpts = { parent: this, customTimeouts: rolloutTimeouts(args) };

        const stable = new k8s.apps.v1.Deployment(
            childName(name, "stable"),
            renderDeployment(args, args.port, {
                name: childName(name, "stable"),
                labels: trackLabels("stable"),
                image: stableSpec.image,
                env: { ...(stableSpec.env ?? {}), VERSION: "stable" },
                resources: stableSpec.resources,
                podLabels: stableSpec.podLabels,
                replicas: split.stable,
            }),
            deploymentOpts,
        );
        const canary = new k8s.apps.v1.Deployment(
            childName(name, "canary"),
            renderDeployment(args, args.port, {
                name: childName(name, "canary"),
                labels: trackLabels("canary"),
                image: args.canary.image,
                env: { ...(args.canary.env ?? {}), VERSION: "canary" },
                resources: args.canary.resources,
                podLabels: args.canary.podLabels,
                replicas: split.canary,
            }),
            deploymentOpts,
        );
        const service = new k8s.core.v1.Service(
            childName(name, "svc"),
            renderService(args, { name, labels: base, role: "canary" }),
            { parent: this },
        );
        this.routeTraffic(name, args, mode, weight, base, trackLabels, [stable, canary]);
        if (args.disruptionBudget) {
            new k8s.policy.v1.PodDisruptionBudget(
                childName(name, "pdb"),
                renderPdb(childName(name, "pdb"), args, trackLabels("stable"), args.disruptionBudget),
                { parent: this },
            );
        }

        this.serviceName = service.metadata.name;
        this.serviceDnsName = serviceDns(service);
        this.stableReplicas = split.stable;
        this.canaryReplicas = split.canary;
        this.canaryWeight = pulumi.output(weight);
        this.registerOutputs({
            serviceName: this.serviceName,
            serviceDnsName: this.serviceDnsName,
            stableReplicas: this.stableReplicas,
            canaryReplicas: this.canaryReplicas,
            canaryWeight: this.canaryWeight,
        });
    }

    /** Creates the nginx Ingresses or the Istio resources; the replicas mode needs nothing more. */
    private routeTraffic(
        name: string,
        args: CanaryDeploymentArgs,
        mode: TrafficMode,
        weight: number,
        base: LabelInput,
        trackLabels: (track: string) => LabelInput,
        deployments: k8s.apps.v1.Deployment[],
    ): void {
        const host = args.host ?? "";
        const opts = { parent: this, dependsOn: deployments };
        switch (mode) {
            case "replicas":
                return;
            case "nginx": {
                const port = args.servicePort ?? DEFAULT_SERVICE_PORT;
                const ingress = {
                    host,
                    path: args.path ?? "/",
                    ingressClassName: args.ingressClassName ?? DEFAULT_INGRESS_CLASS,
                    servicePort: port,
                    waitForAddress: args.waitForIngress,
                };
                for (const track of ["stable", "canary"]) {
                    new k8s.core.v1.Service(
                        childName(name, `${track}-svc`),
                        renderService(args, { name: childName(name, track), labels: trackLabels(track), role: track }),
                        { parent: this },
                    );
                }
                new k8s.networking.v1.Ingress(
                    childName(name, "ingress"),
                    renderIngress(args, { ...ingress, name, labels: base, serviceName: childName(name, "stable") }),
                    opts,
                );
                new k8s.networking.v1.Ingress(
                    childName(name, "canary-ingress"),
                    renderIngress(args, {
                        ...ingress,
                        name: childName(name, "canary"),
                        labels: base,
                        serviceName: childName(name, "canary"),
                        annotations: nginxCanaryAnnotations(weight, args.canaryHeader, args.canaryHeaderValue),
                    }),
                    opts,
                );
                return;
            }
            case "istio": {
                const subsets = ["stable", "canary"].map((track) => ({
                    name: track,
                    labels: selectorLabels(trackLabels(track)),
                }));
                new k8s.apiextensions.CustomResource(
                    childName(name, "dr"),
                    renderIstioResource(args, "DestinationRule", name, base, destinationRuleSpec(name, subsets)),
                    { parent: this },
                );
                new k8s.apiextensions.CustomResource(
                    childName(name, "vs"),
                    renderIstioResource(
                        args,
                        "VirtualService",
                        name,
                        base,
                        canaryVirtualServiceSpec(
                            name,
                            host,
                            weight,
                            args.canaryHeader,
                            args.canaryHeaderValue,
                            args.istioGateways,
                        ),
                    ),
                    opts,
                );
                return;
            }
            default: {
                const unreachable: never = mode;
                throw new pulumi.ResourceError(`unknown traffic mode ${show(unreachable)}`, this);
            }
        }
    }
}

/** The ingress-nginx canary annotations for a weight and an optional header. */
export function nginxCanaryAnnotations(weight: number, header?: string, headerValue?: string): Record<string, string> {
    return {
        [NGINX_CANARY.canary]: "true",
        [NGINX_CANARY.weight]: String(weight),
        ...(header ? { [NGINX_CANARY.byHeader]: header, [NGINX_CANARY.byHeaderValue]: headerValue ?? "always" } : {}),
    };
}

/**
 * The canary VirtualService: requests with the canary header go to the canary subset; the rest are split by
 * weight between the stable and canary subsets of the Service.
 */
export function canaryVirtualServiceSpec(
    service: string,
    host: string,
    weight: number,
    header?: string,
    headerValue?: string,
    gateways?: string[],
): Record<string, unknown> {
    const destination = (subset: string) => ({ host: service, subset });
    const headerRoute = header
        ? [
              {
                  name: "canary-by-header",
                  match: [istioHeaderMatch(header, headerValue ?? "always")],
                  route: [{ destination: destination("canary") }],
              },
          ]
        : [];
    return {
        hosts: [host, service],
        ...(gateways && gateways.length > 0 ? { gateways: [...gateways, "mesh"] } : {}),
        http: [
            ...headerRoute,
            {
                name: "weighted",
                route: [
                    { destination: destination("stable"), weight: 100 - weight },
                    { destination: destination("canary"), weight },
                ],
            },
        ],
    };
}
