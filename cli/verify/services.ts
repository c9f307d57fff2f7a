/**
 * Service checks: ready endpoints behind each Service, and with --http a GET of the readiness path through the API
 * server's service proxy.
 */
import type * as k8s from "@kubernetes/client-node";
import { ROLE_ANNOTATION } from "../../contract/keys";
import { Judgement, serviceConnectivity } from "./judge";
import { Clients, Judge, NamespaceContext, errorText, labelSelector, packageSelector } from "./types";

/** Judges a Service's endpoints (skipped without a selector, or for an idle blue-green preview). */
function connectivity(clients: Clients, svc: k8s.V1Service, namespace: string): Judge {
    const name = svc.metadata?.name ?? "";
    return async () => {
        const svcSelector = svc.spec?.selector;
        if (!svcSelector || Object.keys(svcSelector).length === 0) {
            return "skip";
        }
        const selected = await clients.core.listNamespacedPod({ namespace, labelSelector: labelSelector(svcSelector) });
        if (selected.items.length === 0 && svc.metadata?.annotations?.[ROLE_ANNOTATION] === "preview") {
            return "skip";
        }
        const slices = await clients.discovery.listNamespacedEndpointSlice({
            namespace,
            labelSelector: `kubernetes.io/service-name=${name}`,
        });
        const all = (await clients.core.listNamespacedPod({ namespace })).items;
        const labels = new Map(all.map((p) => [p.metadata?.name ?? "", p.metadata?.labels ?? {}]));
        return serviceConnectivity(svc, slices.items, labels);
    };
}

/** True when a Service port says it serves HTTP: its name or appProtocol starts with "http". */
function namedHttp(port: k8s.V1ServicePort): boolean {
    return /^https?(-|$)/.test(port.name ?? "") || (port.appProtocol ?? "").startsWith("http");
}

/**
 * GETs a Service's readiness path (or `/`) through the API server's service proxy. A Service whose pods have no HTTP
 * readiness probe and whose port is not named for HTTP (databases: `mysql`, `redis`) is skipped: it does not speak
 * HTTP.
 */
async function httpCheck(clients: Clients, svc: k8s.V1Service): Promise<Judgement | "skip"> {
    const namespace = svc.metadata?.namespace ?? "default";
    const port = svc.spec?.ports?.[0];
    if (!port) {
        return { done: false, failed: true, message: "the Service has no ports" };
    }
    const pods = (await clients.core.listNamespacedPod({ namespace, labelSelector: labelSelector(svc.spec?.selector) }))
        .items;
    const probe = pods[0]?.spec?.containers[0]?.readinessProbe?.httpGet;
    if (pods.length > 0 && probe === undefined && !namedHttp(port)) {
        return "skip";
    }
    const path = probe?.path ?? "/";
    try {
        await clients.core.connectGetNamespacedServiceProxyWithPath({
            name: `${svc.metadata?.name ?? ""}:${port.name ?? port.port}`,
            namespace,
            path: path.replace(/^\//, ""),
        });
        return { done: true, message: `GET ${path} answered` };
    } catch (err) {
        return { done: false, message: `GET ${path}: ${errorText(err)}` };
    }
}

/** Checks every Service of the package in the namespace. */
export async function checkServices(ctx: NamespaceContext): Promise<void> {
    const { clients, namespace } = ctx;
    const services = (await clients.core.listNamespacedService(packageSelector(namespace))).items;
    for (const svc of services) {
        const name = svc.metadata?.name ?? "";
        await ctx.record("service", "Service", namespace, name, connectivity(clients, svc, namespace));
        if (ctx.options.http) {
            await ctx.record("http", "Service", namespace, name, async () => httpCheck(clients, svc));
        }
    }
}
