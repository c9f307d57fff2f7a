import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_SERVICE_PORT, LabelInput, WorkloadArgs, childName, selectorLabels } from "../core";
import { Subset, destinationRuleSpec, renderIngress, renderIstioResource } from "./common";
import { DEFAULT_INGRESS_CLASS } from "./traffic";

/**
 * How a proxy (ingress-nginx or Istio) reaches the workload; shared by the canary and the A/B test.
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary
 */
export interface ProxyRoutingArgs {
    /** Public host name routed by the nginx or istio modes. Required for them. Default: none. @default none */
    readonly host?: string;
    /** Path prefix the Ingress routes. Default: "/". @default "/" */
    readonly path?: string;
    /** The IngressClass of the nginx mode. Default: "nginx". @default "nginx" */
    readonly ingressClassName?: string;
    /** Istio gateways the VirtualService binds to. Default: none (mesh-internal). @default none (mesh-internal) */
    readonly istioGateways?: string[];
    /**
     * Make `pulumi up` wait until the ingress controller publishes each Ingress's address (`status.loadBalancer`).
     * Turn it off on clusters without an ingress controller that reports addresses; the Ingress is then created
     * without waiting (the `pulumi.com/skipAwait` annotation). Default: true.
     * @default true
     * @see https://www.pulumi.com/registry/packages/kubernetes/api-docs/networking/v1/ingress/
     */
    readonly waitForIngress?: boolean;
}

/** One side of an nginx split: the Ingress's Kubernetes name and the Service it routes to. */
export interface NginxSplitSide {
    /** The Ingress's Kubernetes name (also the Pulumi name's stem). */
    readonly name: string;
    /** The Pulumi resource name of the Ingress. */
    readonly resourceName: string;
    /** The Service the Ingress routes to. */
    readonly serviceName: string;
    /** Extra annotations (the ingress-nginx canary annotations on the alternative side). */
    readonly annotations?: Record<string, string>;
}

/** The rendered primary and alternative Ingresses of an nginx split. */
export function renderNginxSplit(
    args: WorkloadArgs & ProxyRoutingArgs,
    labels: LabelInput,
    sides: readonly [NginxSplitSide, NginxSplitSide],
): k8s.networking.v1.IngressArgs[] {
    const routing = {
        host: args.host ?? "",
        path: args.path ?? "/",
        ingressClassName: args.ingressClassName ?? DEFAULT_INGRESS_CLASS,
        servicePort: args.servicePort ?? DEFAULT_SERVICE_PORT,
        labels,
        waitForAddress: args.waitForIngress,
    };
    return sides.map((side) =>
        renderIngress(args, {
            ...routing,
            name: side.name,
            serviceName: side.serviceName,
            annotations: side.annotations,
        }),
    );
}

/** Creates the two Ingresses of an nginx split, after the Deployments they route to. */
export function createNginxSplit(
    parent: pulumi.Resource,
    args: WorkloadArgs & ProxyRoutingArgs,
    labels: LabelInput,
    sides: readonly [NginxSplitSide, NginxSplitSide],
    dependsOn: pulumi.Resource[],
): void {
    renderNginxSplit(args, labels, sides).forEach(
        (ingress, i) => new k8s.networking.v1.Ingress(sides[i].resourceName, ingress, { parent, dependsOn }),
    );
}

/** Child names of an Istio split: `${name}-dr` and `${name}-vs`. */
export function istioSplitNames(name: string): { readonly destinationRule: string; readonly virtualService: string } {
    return { destinationRule: childName(name, "dr"), virtualService: childName(name, "vs") };
}

/**
 * Creates an Istio split: a DestinationRule with one subset per track and a VirtualService with the given spec,
 * both named after the Service `name`.
 */
export function createIstioSplit(
    parent: pulumi.Resource,
    args: WorkloadArgs,
    name: string,
    labels: LabelInput,
    split: IstioSplit,
    dependsOn: pulumi.Resource[],
): void {
    const names = istioSplitNames(name);
    new k8s.apiextensions.CustomResource(
        names.destinationRule,
        renderIstioResource(args, "DestinationRule", name, labels, destinationRuleSpec(name, split.subsets)),
        { parent },
    );
    new k8s.apiextensions.CustomResource(
        names.virtualService,
        renderIstioResource(args, "VirtualService", name, labels, split.virtualService),
        { parent, dependsOn },
    );
}

/** The Istio form of a split: one subset per track and the VirtualService spec that routes between them. */
export interface IstioSplit {
    /** The DestinationRule's subsets, one per track. */
    readonly subsets: readonly Subset[];
    /** The VirtualService's spec. */
    readonly virtualService: Record<string, unknown>;
}

/** A traffic split a proxy applies: two nginx Ingresses, or an Istio DestinationRule and VirtualService. */
export type ProxySplit =
    | { readonly proxy: "nginx"; readonly sides: readonly [NginxSplitSide, NginxSplitSide] }
    | ({ readonly proxy: "istio" } & IstioSplit);

/** Istio subsets named after the tracks, each selecting its track's pods. */
export function trackSubsets(tracks: readonly string[], trackLabels: (track: string) => LabelInput): Subset[] {
    return tracks.map((track) => ({ name: track, labels: selectorLabels(trackLabels(track)) }));
}

/** Creates a split's children ({@link createNginxSplit} or {@link createIstioSplit}), after `dependsOn`. */
export function createProxySplit(
    parent: pulumi.Resource,
    args: WorkloadArgs & ProxyRoutingArgs,
    name: string,
    labels: LabelInput,
    split: ProxySplit,
    dependsOn: pulumi.Resource[],
): void {
    if (split.proxy === "nginx") {
        createNginxSplit(parent, args, labels, split.sides, dependsOn);
    } else {
        createIstioSplit(parent, args, name, labels, split, dependsOn);
    }
}
