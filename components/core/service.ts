import * as k8s from "@pulumi/kubernetes";
import { PortArgs } from "./container";
import { Problems, checkOneOf, checkPort, choiceValues } from "./validation";

/** The Pulumi annotation that makes `up` not wait for an object to become ready. */
export const SKIP_AWAIT_ANNOTATION = "pulumi.com/skipAwait";

/**
 * Args of the selector Services a component creates (not the headless ones, which the provider never awaits).
 * @see https://www.pulumi.com/registry/packages/kubernetes/installation-configuration/#await-behavior
 */
export interface ServiceAwaitArgs {
    /**
     * Wait for the Kubernetes provider's Service await: endpoints for the selected pods, then a fixed 10-second
     * sleep (provider 4.25). Off by default: the component's Deployment or StatefulSet await already proves the
     * pods ready, and the Service gets `pulumi.com/skipAwait: "true"`. Turn it on when something outside the
     * component must not see the Service before it has endpoints. Default: false (the Service is not awaited).
     * @default false (the Service is not awaited)
     */
    readonly awaitService?: boolean;
}

/** The annotations that skip the provider's Service await unless `awaitService` is true. */
export function serviceAwaitAnnotations(awaitService: boolean | undefined): Record<string, string> {
    return awaitService === true ? {} : { [SKIP_AWAIT_ANNOTATION]: "true" };
}

/**
 * How a Service is reached.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
 */
export const ServiceType = {
    /** A cluster-internal virtual IP. */
    ClusterIP: "ClusterIP",
    /** The cluster IP plus a port on every node. */
    NodePort: "NodePort",
    /** A node port plus an external load balancer from the cloud provider. */
    LoadBalancer: "LoadBalancer",
} as const;
/** One of {@link ServiceType}: `"ClusterIP"`, `"NodePort"` or `"LoadBalancer"`. */
export type ServiceType = (typeof ServiceType)[keyof typeof ServiceType];
/** Service types this package creates: the values of {@link ServiceType}, in order. */
export const SERVICE_TYPES: readonly ServiceType[] = choiceValues(ServiceType);

/** How a Service exposes the main container port. */
export interface ServicePortInput {
    /** The Service port. */
    readonly port: number;
    /** The container port name it forwards to. */
    readonly targetPortName: string;
    /** Extra container ports; those with `expose !== false` get a Service port of the same number. */
    readonly extraPorts?: readonly PortArgs[];
}

/** Builds a Service spec that selects pods by the given labels. */
export function buildServiceSpec(
    selector: Record<string, string>,
    ports: ServicePortInput,
    type = "ClusterIP",
): k8s.types.input.core.v1.ServiceSpec {
    return {
        type,
        selector,
        ports: buildServicePorts(ports),
    };
}

/**
 * Builds a headless Service spec (`clusterIP: None`) for stable pod identities. It publishes not-ready
 * addresses only when asked (peer discovery before readiness, as database clusters need).
 */
export function buildHeadlessServiceSpec(
    selector: Record<string, string>,
    ports: ServicePortInput,
    publishNotReadyAddresses = false,
): k8s.types.input.core.v1.ServiceSpec {
    return {
        clusterIP: "None",
        selector,
        ports: buildServicePorts(ports),
        ...(publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
    };
}

function buildServicePorts(ports: ServicePortInput): k8s.types.input.core.v1.ServicePort[] {
    const main = { name: ports.targetPortName, port: ports.port, targetPort: ports.targetPortName, protocol: "TCP" };
    const extra = (ports.extraPorts ?? [])
        .filter((p) => p.expose !== false)
        .map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: p.protocol ?? "TCP" }));
    return [main, ...extra];
}

/** Validates the Service type and port. */
export function validateService(
    problems: Problems,
    serviceType: string | undefined,
    servicePort: number | undefined,
): void {
    checkOneOf(problems, "serviceType", serviceType, SERVICE_TYPES);
    checkPort(problems, "servicePort", servicePort);
}
