import { LabelInput, childName } from "../core";
import { NGINX_CANARY, istioHeaderMatch } from "./common";
import { NginxSplitSide, ProxySplit, trackSubsets } from "./split";
import type { ABTestDeploymentArgs, VariantArgs } from "./abTestDeployment";

/** The pure renderers of an {@link ABTestDeployment}'s routing. */

/** The control's Ingress (`${name}-ingress`) and the alternative's (`${name}-<variant>-ingress`) of the nginx mode. */
export function abIngressSides(
    name: string,
    header: string,
    args: ABTestDeploymentArgs,
): [NginxSplitSide, NginxSplitSide] {
    const [control, alternative] = args.variants;
    return [
        { name, resourceName: childName(name, "ingress"), serviceName: childName(name, control.name) },
        {
            name: childName(name, alternative.name),
            resourceName: childName(name, `${alternative.name}-ingress`),
            serviceName: childName(name, alternative.name),
            annotations: nginxVariantAnnotations(alternative.name, header, args.cookie),
        },
    ];
}

/** ingress-nginx canary annotations that send a header (value = variant name) or a cookie to a variant. */
export function nginxVariantAnnotations(variant: string, header: string, cookie?: string): Record<string, string> {
    return {
        [NGINX_CANARY.canary]: "true",
        [NGINX_CANARY.byHeader]: header,
        [NGINX_CANARY.byHeaderValue]: variant,
        ...(cookie ? { [NGINX_CANARY.byCookie]: cookie } : {}),
    };
}

/**
 * The A/B VirtualService: one route per non-control variant matched by header (and cookie), then the default
 * route, weighted when weights are given and otherwise all to the control.
 */
export function abVirtualServiceSpec(
    service: string,
    host: string,
    variants: readonly VariantArgs[],
    header: string,
    cookie?: string,
    gateways?: string[],
): Record<string, unknown> {
    const destination = (subset: string) => ({ host: service, subset });
    const matched = variants.slice(1).map((v) => ({
        name: `variant-${v.name}`,
        match: [
            istioHeaderMatch(header, v.name),
            ...(cookie ? [{ headers: { cookie: { regex: `^(.*?;\\s*)?(${cookie}=${v.name})(;.*)?$` } } }] : []),
        ],
        route: [{ destination: destination(v.name) }],
    }));
    const weighted = variants.some((v) => v.weight !== undefined);
    const fallback = {
        name: "default",
        route: weighted
            ? variants.map((v) => ({ destination: destination(v.name), weight: v.weight ?? 0 }))
            : [{ destination: destination(variants[0].name) }],
    };
    return {
        hosts: [host, service],
        ...(gateways && gateways.length > 0 ? { gateways: [...gateways, "mesh"] } : {}),
        http: [...matched, fallback],
    };
}

/** The split of an A/B test's nginx or istio mode, routing on `header` (and the cookie, when given). */
export function abProxySplit(
    mode: "nginx" | "istio",
    name: string,
    header: string,
    args: ABTestDeploymentArgs,
    variantLabels: (variant: string) => LabelInput,
): ProxySplit {
    if (mode === "nginx") {
        return { proxy: "nginx", sides: abIngressSides(name, header, args) };
    }
    return {
        proxy: "istio",
        subsets: trackSubsets(
            args.variants.map((v) => v.name),
            variantLabels,
        ),
        virtualService: abVirtualServiceSpec(
            name,
            args.host ?? "",
            args.variants,
            header,
            args.cookie,
            args.istioGateways,
        ),
    };
}
