import { Problems, checkDnsSubdomain, checkObjectName, checkOneOf, checkStringList, choiceValues, show } from "../core";

/** How a canary splits traffic between its stable and canary tracks. */
export const TrafficMode = {
    /** By pod count behind one Service. */
    Replicas: "replicas",
    /** By weight and header at an ingress-nginx canary Ingress. */
    Nginx: "nginx",
    /** By weight and header at an Istio VirtualService. */
    Istio: "istio",
} as const;
/** One of {@link TrafficMode}: `"replicas"`, `"nginx"` or `"istio"`. */
export type TrafficMode = (typeof TrafficMode)[keyof typeof TrafficMode];
/** The values of {@link TrafficMode}, in order. */
export const TRAFFIC_MODES: readonly TrafficMode[] = choiceValues(TrafficMode);

/** The ingress class the nginx modes use when none is given. */
export const DEFAULT_INGRESS_CLASS = "nginx";

/** Validates a traffic mode and, for nginx and istio, the host they route. */
export function validateTraffic(
    problems: Problems,
    field: string,
    mode: string,
    allowed: readonly string[],
    host: string | undefined,
): void {
    checkOneOf(problems, field, mode, allowed);
    if ((mode === "nginx" || mode === "istio") && !host) {
        problems.add(
            "host",
            `host is required when ${field} is ${show(mode)} (got ${show(host)}); give the public host name, for example host: "shop.example.com"`,
        );
    }
    checkDnsSubdomain(problems, "host", host);
}

/** Header names are HTTP tokens. */
export function checkHeaderName(problems: Problems, field: string, value: string | undefined): void {
    if (value !== undefined && !/^[A-Za-z0-9-]+$/.test(value)) {
        problems.add(
            field,
            `${field} must be an HTTP header name of letters, digits and '-' (got ${show(value)}); for example "X-Canary"`,
        );
    }
}

/** The proxy args Kubernetes checks: the IngressClass name and the Istio gateway names. */
export interface ProxyNames {
    readonly ingressClassName?: string;
    readonly istioGateways?: string[];
}

/** Validates the IngressClass (a DNS-1123 subdomain) and the Istio gateways (a list of strings). */
export function validateProxyRouting(problems: Problems, args: ProxyNames): void {
    checkObjectName(problems, "ingressClassName", args.ingressClassName, DEFAULT_INGRESS_CLASS);
    checkStringList(problems, "istioGateways", args.istioGateways, `["istio-system/public-gateway"]`);
}

/**
 * Checks that a traffic weight is a whole percentage where a proxy applies it: the ingress-nginx `canary-weight`
 * annotation and Istio's route weights are integers, so 12.5 would be rejected or truncated there.
 */
export function checkProxyWeight(problems: Problems, field: string, weight: number | undefined, mode: string): void {
    if ((mode === "nginx" || mode === "istio") && typeof weight === "number" && Number.isFinite(weight)) {
        if (!Number.isInteger(weight)) {
            problems.add(
                field,
                `${field} must be a whole percentage with traffic ${show(mode)} (got ${show(weight)}); the proxy takes integer weights, so use ${Math.round(weight)}`,
            );
        }
    }
}
