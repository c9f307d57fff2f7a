/**
 * The cluster side of the rollout engine (@kubernetes/client-node): readiness of the component's Deployments, and
 * the measurements of HTTP gates (through the API server's pod or service proxy) and Job gates.
 */
import * as k8s from "@kubernetes/client-node";
import { deploymentRollout, jobComplete } from "../verify/judge";
import { HttpSample, judgeExitCode, judgeHttp } from "./analysis";
import { ANALYSIS_TARGETS, Measurement, Readiness, ResolvedAnalysis } from "./engine";
import { ComponentResources } from "./stackState";

/** API clients for one cluster. */
export interface Clients {
    readonly core: k8s.CoreV1Api;
    readonly apps: k8s.AppsV1Api;
    readonly batch: k8s.BatchV1Api;
}

/** Connects with a kubeconfig file (or the default one) and an optional context. */
export function connect(kubeconfig?: string, context?: string): Clients {
    const config = new k8s.KubeConfig();
    if (kubeconfig) {
        config.loadFromFile(kubeconfig);
    } else {
        config.loadFromDefault();
    }
    if (context) {
        config.setCurrentContext(context);
    }
    return {
        core: config.makeApiClient(k8s.CoreV1Api),
        apps: config.makeApiClient(k8s.AppsV1Api),
        batch: config.makeApiClient(k8s.BatchV1Api),
    };
}

/** Waits for one step, returning early when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal.aborted) {
            reject(new Error("interrupted"));
            return;
        }
        const timer = setTimeout(() => {
            signal.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            reject(new Error("interrupted"));
        };
        signal.addEventListener("abort", onAbort, { once: true });
    });
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message.split("\n")[0] : String(err));

/** Polls every Deployment of the component until all have rolled out, one fails, or the timeout passes. */
export async function waitReady(
    clients: Clients,
    component: ComponentResources,
    timeoutMs: number,
    signal: AbortSignal,
): Promise<Readiness> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const verdicts = await Promise.all(
            component.deployments.map(async (d) => {
                try {
                    const live = await clients.apps.readNamespacedDeployment({ name: d.name, namespace: d.namespace });
                    return { name: d.name, ...deploymentRollout(live) };
                } catch (err) {
                    return { name: d.name, done: false, failed: false, message: errorText(err) };
                }
            }),
        );
        const pending = verdicts.filter((v) => !v.done);
        const message = verdicts.map((v) => `${v.name} ${v.message}`).join("; ");
        if (pending.length === 0) {
            return { ok: true, message };
        }
        if (pending.some((v) => v.failed) || Date.now() >= deadline) {
            return { ok: false, message };
        }
        await sleep(1000, signal);
    }
}

/** One GET through the API server's proxy, timed; a non-2xx answer or no answer is a failure. */
async function timedGet(request: () => Promise<unknown>): Promise<HttpSample> {
    const started = process.hrtime.bigint();
    try {
        await request();
        return { ok: true, status: 200, milliseconds: Number(process.hrtime.bigint() - started) / 1e6 };
    } catch (err) {
        const status = err instanceof k8s.ApiException ? (err as k8s.ApiException<unknown>).code : 0;
        return { ok: false, status, milliseconds: Number(process.hrtime.bigint() - started) / 1e6 };
    }
}

const isReady = (pod: k8s.V1Pod): boolean =>
    !pod.metadata?.deletionTimestamp &&
    (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/**
 * The Service-proxy name `<service>:<port>`: the gate's port, or else the Service's first port (its name, or its
 * number). A bare Service name is not enough: kube-apiserver 1.36 answers it with 503 "no endpoints available"
 * while the Service has ready endpoints (seen on the local cluster on 2026-12-02).
 */
export async function serviceProxyName(
    clients: Clients,
    namespace: string,
    service: string,
    port: string | undefined,
): Promise<string> {
    if (port) {
        return `${service}:${port}`;
    }
    const first = (await clients.core.readNamespacedService({ name: service, namespace })).spec?.ports?.[0];
    return first ? `${service}:${first.name ?? first.port}` : service;
}

/** The settings of a gate of one kind; measuring a gate of another kind is a caller's mistake. */
function gateSettings<K extends "http" | "job">(analysis: ResolvedAnalysis, kind: K): NonNullable<ResolvedAnalysis[K]> {
    const settings = analysis[kind];
    if (settings === undefined) {
        throw new Error(`not a ${kind} gate`);
    }
    return settings;
}

/** Sends the i-th request of an HTTP gate, or says why there is nowhere to send it. */
type RequestSender = ((index: number) => Promise<unknown>) | Measurement;

/** Sends to the ready canary pods in turn, through the API server's pod proxy. */
async function canaryPodSender(
    clients: Clients,
    component: ComponentResources,
    port: string,
    path: string,
): Promise<RequestSender> {
    const namespace = component.info.namespace;
    const canary = component.deployments.find((d) => d.resourceName === `${component.info.name}-canary`);
    const labelSelector = Object.entries(canary?.selector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
    const pods = canary
        ? (await clients.core.listNamespacedPod({ namespace, labelSelector })).items.filter(isReady)
        : [];
    if (pods.length === 0) {
        return { ok: false, message: "no ready canary pod to send requests to", values: { readyPods: 0 } };
    }
    const podPort = port || String(canary?.containerPort ?? 80);
    return (index) =>
        clients.core.connectGetNamespacedPodProxyWithPath({
            name: `${pods[index % pods.length].metadata?.name ?? ""}:${podPort}`,
            namespace,
            path,
        });
}

/** Sends to the component's stable or preview Service, through the API server's service proxy. */
async function serviceSender(
    clients: Clients,
    component: ComponentResources,
    target: ResolvedAnalysis["target"],
    port: string,
    path: string,
): Promise<RequestSender> {
    const namespace = component.info.namespace;
    const service = target === ANALYSIS_TARGETS.preview ? component.previewServiceName : component.serviceName;
    if (!service) {
        return { ok: false, message: `the component has no ${target} Service output`, values: {} };
    }
    const name = await serviceProxyName(clients, namespace, service, port);
    return () => clients.core.connectGetNamespacedServiceProxyWithPath({ name, namespace, path });
}

/** Sends an HTTP gate's requests to the canary pods (in turn) or to a Service, and judges them. */
export async function measureHttp(
    clients: Clients,
    component: ComponentResources,
    analysis: ResolvedAnalysis,
): Promise<Measurement> {
    const http = gateSettings(analysis, "http");
    const path = http.path.replace(/^\//, "");
    const send =
        analysis.target === ANALYSIS_TARGETS.canary
            ? await canaryPodSender(clients, component, http.port, path)
            : await serviceSender(clients, component, analysis.target, http.port, path);
    if (typeof send !== "function") {
        return send;
    }
    const samples: HttpSample[] = [];
    for (let index = 0; index < http.requests; index++) {
        samples.push(await timedGet(() => send(index)));
    }
    return judgeHttp(samples, http);
}

/** Runs a Job gate in the component's namespace: exit code 0 passes. The Job is deleted afterwards. */
export async function measureJob(
    clients: Clients,
    component: ComponentResources,
    analysis: ResolvedAnalysis,
    signal: AbortSignal,
): Promise<Measurement> {
    const job = gateSettings(analysis, "job");
    const namespace = component.info.namespace;
    const timeoutSeconds = job.timeoutSeconds ?? 300;
    const created = await clients.batch.createNamespacedJob({
        namespace,
        body: {
            metadata: {
                generateName: `${component.info.name}-analysis-`,
                labels: {
                    "app.kubernetes.io/part-of": "k8s-workloads",
                    "k8s-workloads.io/rollout": component.info.name,
                },
            },
            spec: {
                backoffLimit: 0,
                activeDeadlineSeconds: timeoutSeconds,
                template: {
                    spec: {
                        restartPolicy: "Never",
                        containers: [{ name: "analysis", image: job.image, command: job.command }],
                    },
                },
            },
        },
    });
    const name = created.metadata?.name ?? "";
    try {
        for (;;) {
            const verdict = jobComplete(await clients.batch.readNamespacedJob({ name, namespace }));
            if (verdict.done || verdict.failed) {
                return judgeExitCode(`Job ${name}`, verdict.done ? 0 : 1, verdict.message);
            }
            await sleep(1000, signal);
        }
    } finally {
        await clients.batch
            .deleteNamespacedJob({ name, namespace, propagationPolicy: "Background" })
            .catch(() => undefined);
    }
}
