import * as pulumi from "@pulumi/pulumi";
import { CANARY_TRACKS, CanaryTrack } from "../../contract";
import { LabelInput, childName } from "../core";
import { NGINX_CANARY, TrackInput, istioHeaderMatch } from "./common";
import { NginxSplitSide, ProxySplit, trackSubsets } from "./split";
import type { CanaryDeploymentArgs, TrackArgs } from "./canaryDeployment";

/** The pure renderers of a {@link CanaryDeployment}'s tracks and traffic split. */

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

/** The Deployment input of one canary track: `${name}-<track>`, `VERSION=<track>`, its share of the replicas. */
export function canaryTrackInput(
    name: string,
    track: CanaryTrack,
    spec: TrackArgs,
    trackLabels: (track: string) => LabelInput,
    split: pulumi.Output<ReplicaSplit>,
): TrackInput {
    return {
        name: childName(name, track),
        labels: trackLabels(track),
        image: spec.image,
        env: { ...(spec.env ?? {}), VERSION: track },
        resources: spec.resources,
        podLabels: spec.podLabels,
        replicas: split[track],
    };
}

/** The stable Ingress (`${name}-ingress`) and the canary Ingress (`${name}-canary-ingress`) of the nginx mode. */
export function canaryIngressSides(
    name: string,
    weight: number,
    args: CanaryDeploymentArgs,
): [NginxSplitSide, NginxSplitSide] {
    return [
        { name, resourceName: childName(name, "ingress"), serviceName: childName(name, "stable") },
        {
            name: childName(name, "canary"),
            resourceName: childName(name, "canary-ingress"),
            serviceName: childName(name, "canary"),
            annotations: nginxCanaryAnnotations(weight, args.canaryHeader, args.canaryHeaderValue),
        },
    ];
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

/** The split of a canary's nginx or istio mode, at `weight` percent to the canary track. */
export function canaryProxySplit(
    mode: "nginx" | "istio",
    name: string,
    weight: number,
    args: CanaryDeploymentArgs,
    trackLabels: (track: string) => LabelInput,
): ProxySplit {
    if (mode === "nginx") {
        return { proxy: "nginx", sides: canaryIngressSides(name, weight, args) };
    }
    return {
        proxy: "istio",
        subsets: trackSubsets(CANARY_TRACKS, trackLabels),
        virtualService: canaryVirtualServiceSpec(
            name,
            args.host ?? "",
            weight,
            args.canaryHeader,
            args.canaryHeaderValue,
            args.istioGateways,
        ),
    };
}
