/**
 * `k8s-workloads verify`: the guide's "Workload Testing Script" as a product feature. It checks every workload of a
 * stack (found from the stack's outputs, or by the package's labels) against any cluster, through the Kubernetes
 * API (@kubernetes/client-node), and prints one line per check with its result and the time it took.
 */
import { execFileSync } from "child_process";
import * as k8s from "@kubernetes/client-node";
import type { CliIo } from "./main";
import {
    Judgement,
    daemonSetRollout,
    deploymentRollout,
    jobComplete,
    podReady,
    serviceConnectivity,
    statefulSetRollout,
} from "./verify/judge";

/** The label every component puts on its objects; verify finds workloads by it. */
export const PART_OF_SELECTOR = "app.kubernetes.io/part-of=k8s-workloads";

/** The outcome of one check. */
export interface CheckResult {
    readonly check: "rollout" | "pods" | "service" | "http" | "job" | "cronjob";
    readonly kind: string;
    readonly namespace: string;
    readonly name: string;
    readonly status: "pass" | "fail" | "skip";
    readonly message: string;
    readonly seconds: number;
}

/** Parsed command-line options. */
export interface VerifyOptions {
    readonly stack?: string;
    readonly kubeconfig?: string;
    readonly context?: string;
    readonly namespaces: string[];
    readonly timeoutSeconds: number;
    readonly format: "text" | "json";
    readonly http: boolean;
    readonly triggerCronJobs: boolean;
}

const USAGE = `Usage: k8s-workloads verify [--stack dev] [--namespace ns]... [--kubeconfig path] [--context name]
                            [--timeout 300s] [--format text|json] [--http] [--no-trigger]

Checks every workload of a stack: rollout status (Deployments, StatefulSets, DaemonSets), pod readiness,
Service endpoints (and with --http a GET of the readiness path through the API server's service proxy),
Job completion, and one triggered run of each CronJob (unless --no-trigger).
Exit code: 0 when every check passes, 1 when one fails, 2 on bad usage or an unreachable cluster.
`;

/** Parses a duration such as "300s", "5m" or "300" into seconds. */
export function parseDuration(text: string): number | undefined {
    const match = /^([0-9]+)(s|m|h)?$/.exec(text);
    if (!match) {
        return undefined;
    }
    const factor = { s: 1, m: 60, h: 3600 }[(match[2] ?? "s") as "s" | "m" | "h"];
    return Number(match[1]) * factor;
}

/** Parses verify's arguments; throws a usage error naming the bad option. */
export function parseVerifyArgs(argv: string[]): VerifyOptions {
    const options = {
        stack: undefined as string | undefined,
        kubeconfig: undefined as string | undefined,
        context: undefined as string | undefined,
        namespaces: [] as string[],
        timeoutSeconds: 300,
        format: "text" as "text" | "json",
        http: false,
        triggerCronJobs: true,
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = (): string => {
            const next = argv[++i];
            if (next === undefined) {
                throw new Error(`${arg} needs a value`);
            }
            return next;
        };
        switch (arg) {
            case "--stack":
                options.stack = value();
                break;
            case "--kubeconfig":
                options.kubeconfig = value();
                break;
            case "--context":
                options.context = value();
                break;
            case "--namespace":
            case "-n":
                options.namespaces.push(value());
                break;
            case "--timeout": {
                const text = value();
                const seconds = parseDuration(text);
                if (seconds === undefined) {
                    throw new Error(`--timeout must be a duration such as 300s or 5m (got "${text}")`);
                }
                options.timeoutSeconds = seconds;
                break;
            }
            case "--format": {
                const format = value();
                if (format !== "text" && format !== "json") {
                    throw new Error(`--format must be text or json (got "${format}")`);
                }
                options.format = format;
                break;
            }
            case "--http":
                options.http = true;
                break;
            case "--no-trigger":
                options.triggerCronJobs = false;
                break;
            default:
                throw new Error(`unknown option "${arg}"`);
        }
    }
    return options;
}

/** The namespaces a stack put workloads in, from its `verifyNamespaces` (or `appNamespace`) output. */
export function namespacesFromStackOutputs(outputs: Record<string, unknown>): string[] {
    const list = outputs.verifyNamespaces;
    if (Array.isArray(list) && list.every((n) => typeof n === "string")) {
        return list;
    }
    return typeof outputs.appNamespace === "string" ? [outputs.appNamespace] : [];
}

function readStackOutputs(stack: string): Record<string, unknown> {
    const text = execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], { encoding: "utf8" });
    return JSON.parse(text) as Record<string, unknown>;
}

/** API clients for one cluster. */
interface Clients {
    readonly core: k8s.CoreV1Api;
    readonly apps: k8s.AppsV1Api;
    readonly batch: k8s.BatchV1Api;
    readonly discovery: k8s.DiscoveryV1Api;
}

function connect(options: VerifyOptions): Clients {
    const config = new k8s.KubeConfig();
    if (options.kubeconfig) {
        config.loadFromFile(options.kubeconfig);
    } else {
        config.loadFromDefault();
    }
    if (options.context) {
        config.setCurrentContext(options.context);
    }
    return {
        core: config.makeApiClient(k8s.CoreV1Api),
        apps: config.makeApiClient(k8s.AppsV1Api),
        batch: config.makeApiClient(k8s.BatchV1Api),
        discovery: config.makeApiClient(k8s.DiscoveryV1Api),
    };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a judgement until it is done, failed for good, or the deadline passes. */
async function waitFor(deadline: number, judge: () => Promise<Judgement>): Promise<Judgement> {
    for (;;) {
        let judgement: Judgement;
        try {
            judgement = await judge();
        } catch (err) {
            judgement = { done: false, message: errorText(err) };
        }
        if (judgement.done || judgement.failed || Date.now() >= deadline) {
            return judgement;
        }
        await sleep(1000);
    }
}

function errorText(err: unknown): string {
    return err instanceof Error ? err.message.split("\n")[0] : String(err);
}

function labelSelector(selector: Record<string, string> | undefined): string {
    return Object.entries(selector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
}

/** A workload of the stack with what its pods and rollout checks need. */
interface Workload {
    readonly kind: "Deployment" | "StatefulSet" | "DaemonSet";
    readonly name: string;
    readonly selector?: Record<string, string>;
    /** Desired pods (1 for DaemonSets, which want one per eligible node). */
    readonly wanted: number;
    /** Reads the workload again and judges its rollout. */
    readonly rollout: () => Promise<Judgement>;
}

/** The Deployments, StatefulSets and DaemonSets of the package in a namespace. */
async function listWorkloads(clients: Clients, namespace: string): Promise<Workload[]> {
    const selector = { namespace, labelSelector: PART_OF_SELECTOR };
    const deployments = (await clients.apps.listNamespacedDeployment(selector)).items.map((d): Workload => {
        const name = d.metadata?.name ?? "";
        return {
            kind: "Deployment",
            name,
            selector: d.spec?.selector.matchLabels,
            wanted: d.spec?.replicas ?? 1,
            rollout: async () => deploymentRollout(await clients.apps.readNamespacedDeployment({ name, namespace })),
        };
    });
    const statefulSets = (await clients.apps.listNamespacedStatefulSet(selector)).items.map((s): Workload => {
        const name = s.metadata?.name ?? "";
        return {
            kind: "StatefulSet",
            name,
            selector: s.spec?.selector.matchLabels,
            wanted: s.spec?.replicas ?? 1,
            rollout: async () => statefulSetRollout(await clients.apps.readNamespacedStatefulSet({ name, namespace })),
        };
    });
    const daemonSets = (await clients.apps.listNamespacedDaemonSet(selector)).items.map((d): Workload => {
        const name = d.metadata?.name ?? "";
        return {
            kind: "DaemonSet",
            name,
            selector: d.spec?.selector.matchLabels,
            wanted: 1,
            rollout: async () => daemonSetRollout(await clients.apps.readNamespacedDaemonSet({ name, namespace })),
        };
    });
    return [...deployments, ...statefulSets, ...daemonSets];
}

/** Runs every check and reports each result as it completes. */
export async function runChecks(
    clients: Clients,
    namespaces: string[],
    options: VerifyOptions,
    report: (result: CheckResult) => void,
): Promise<CheckResult[]> {
    const results: CheckResult[] = [];
    const deadline = Date.now() + options.timeoutSeconds * 1000;
    const record = async (
        check: CheckResult["check"],
        kind: string,
        namespace: string,
        name: string,
        judge: () => Promise<Judgement | "skip">,
    ) => {
        const started = Date.now();
        let status: CheckResult["status"];
        let message: string;
        const first = await judge().catch((err: unknown): Judgement => ({ done: false, message: errorText(err) }));
        if (first === "skip") {
            status = "skip";
            message = "nothing to check";
        } else {
            const judgement =
                first.done || first.failed
                    ? first
                    : await waitFor(deadline, async () => {
                          const next = await judge();
                          return next === "skip" ? { done: true, message: "nothing to check" } : next;
                      });
            status = judgement.done ? "pass" : "fail";
            message = judgement.message;
        }
        const result: CheckResult = {
            check,
            kind,
            namespace,
            name,
            status,
            message,
            seconds: (Date.now() - started) / 1000,
        };
        results.push(result);
        report(result);
    };

    for (const namespace of namespaces) {
        const selector = { namespace, labelSelector: PART_OF_SELECTOR };
        const workloads = await listWorkloads(clients, namespace);
        for (const w of workloads) {
            await record("rollout", w.kind, namespace, w.name, () => w.rollout());
        }

        for (const w of workloads) {
            await record("pods", w.kind, namespace, w.name, async () => {
                if (w.wanted === 0) {
                    return "skip";
                }
                const pods = (
                    await clients.core.listNamespacedPod({ namespace, labelSelector: labelSelector(w.selector) })
                ).items;
                const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
                const notReady = live.filter((p) => !podReady(p).done);
                if (live.length === 0) {
                    return { done: false, message: "no pods" };
                }
                return notReady.length === 0
                    ? { done: true, message: `${live.length} pod(s) ready` }
                    : {
                          done: false,
                          message: `${notReady.length}/${live.length} not ready: ${notReady.map((p) => `${p.metadata?.name ?? "?"} ${podReady(p).message}`).join("; ")}`,
                      };
            });
        }

        const services = (await clients.core.listNamespacedService(selector)).items;
        for (const svc of services) {
            const name = svc.metadata?.name ?? "";
            await record("service", "Service", namespace, name, async () => {
                const svcSelector = svc.spec?.selector;
                if (!svcSelector || Object.keys(svcSelector).length === 0) {
                    return "skip";
                }
                const pods = (
                    await clients.core.listNamespacedPod({ namespace, labelSelector: labelSelector(svcSelector) })
                ).items;
                if (pods.length === 0 && svc.metadata?.annotations?.["k8s-workloads.io/role"] === "preview") {
                    return "skip";
                }
                const slices = (
                    await clients.discovery.listNamespacedEndpointSlice({
                        namespace,
                        labelSelector: `kubernetes.io/service-name=${name}`,
                    })
                ).items;
                const all = (await clients.core.listNamespacedPod({ namespace })).items;
                const labels = new Map(all.map((p) => [p.metadata?.name ?? "", p.metadata?.labels ?? {}]));
                return serviceConnectivity(svc, slices, labels);
            });
            if (options.http) {
                await record("http", "Service", namespace, name, async () => httpCheck(clients, svc));
            }
        }

        const jobs = (await clients.batch.listNamespacedJob(selector)).items;
        for (const job of jobs) {
            const name = job.metadata?.name ?? "";
            await record("job", "Job", namespace, name, async () =>
                jobComplete(await clients.batch.readNamespacedJob({ name, namespace })),
            );
        }
        const cronJobs = (await clients.batch.listNamespacedCronJob(selector)).items;
        for (const cron of cronJobs) {
            const name = cron.metadata?.name ?? "";
            if (!options.triggerCronJobs) {
                await record("cronjob", "CronJob", namespace, name, async () => "skip");
                continue;
            }
            const jobName = await triggerCronJob(clients, cron);
            await record("cronjob", "CronJob", namespace, name, async () => {
                const judgement = jobComplete(await clients.batch.readNamespacedJob({ name: jobName, namespace }));
                return { ...judgement, message: `triggered Job ${jobName}: ${judgement.message}` };
            });
            await clients.batch
                .deleteNamespacedJob({ name: jobName, namespace, propagationPolicy: "Background" })
                .catch(() => undefined);
        }
    }
    return results;
}

/** Creates a Job from a CronJob's template, as `kubectl create job --from=cronjob/<name>` does. */
async function triggerCronJob(clients: Clients, cron: k8s.V1CronJob): Promise<string> {
    const namespace = cron.metadata?.namespace ?? "default";
    const base = (cron.metadata?.name ?? "cronjob").slice(0, 40);
    const name = `${base}-verify-${Date.now().toString(36)}`;
    const template = cron.spec?.jobTemplate;
    await clients.batch.createNamespacedJob({
        namespace,
        body: {
            apiVersion: "batch/v1",
            kind: "Job",
            metadata: {
                name,
                namespace,
                labels: { ...(template?.metadata?.labels ?? {}), "k8s-workloads.io/verify": "true" },
                annotations: { "cronjob.kubernetes.io/instantiate": "manual" },
                ownerReferences: cron.metadata?.uid
                    ? [
                          {
                              apiVersion: "batch/v1",
                              kind: "CronJob",
                              name: cron.metadata.name ?? "",
                              uid: cron.metadata.uid,
                          },
                      ]
                    : undefined,
            },
            spec: template?.spec,
        },
    });
    return name;
}

/**
 * GETs a Service's readiness path through the API server's service proxy. Services whose pods have no HTTP readiness
 * probe (databases with exec or TCP probes) are skipped: they do not speak HTTP.
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
    if (pods.length > 0 && probe === undefined) {
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

/** Renders one result as a text line. */
export function formatResult(result: CheckResult): string {
    const status = result.status.toUpperCase().padEnd(4);
    const what = `${result.kind}/${result.namespace}/${result.name}`;
    return `${status}  ${result.check.padEnd(7)}  ${what.padEnd(48)}  ${result.message}  (${result.seconds.toFixed(1)}s)\n`;
}

/** Runs `verify` and returns its exit code. */
export async function runVerify(argv: string[], io: CliIo): Promise<number> {
    if (argv.includes("--help") || argv.includes("-h")) {
        io.stdout(USAGE);
        return 0;
    }
    let options: VerifyOptions;
    try {
        options = parseVerifyArgs(argv);
    } catch (err) {
        io.stderr(`k8s-workloads verify: ${errorText(err)}\n\n${USAGE}`);
        return 2;
    }
    let clients: Clients;
    let namespaces = options.namespaces;
    try {
        clients = connect(options);
        if (namespaces.length === 0 && options.stack) {
            namespaces = namespacesFromStackOutputs(readStackOutputs(options.stack));
        }
        if (namespaces.length === 0) {
            const all = (await clients.core.listNamespace()).items;
            namespaces = all.map((n) => n.metadata?.name ?? "").filter((n) => n !== "");
        }
    } catch (err) {
        io.stderr(`k8s-workloads verify: cannot reach the cluster or the stack: ${errorText(err)}\n`);
        return 2;
    }
    const text = options.format === "text";
    if (text) {
        io.stdout(`Verifying ${namespaces.join(", ")} (timeout ${options.timeoutSeconds}s)\n`);
    }
    const results = await runChecks(clients, namespaces, options, (r) => text && io.stdout(formatResult(r)));
    const count = (status: CheckResult["status"]) => results.filter((r) => r.status === status).length;
    const summary = { passed: count("pass"), failed: count("fail"), skipped: count("skip") };
    if (text) {
        io.stdout(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped\n`);
    } else {
        io.stdout(JSON.stringify({ namespaces, checks: results, ...summary }) + "\n");
    }
    if (results.length === 0) {
        io.stderr("k8s-workloads verify: no workloads found (label app.kubernetes.io/part-of=k8s-workloads)\n");
        return 1;
    }
    return summary.failed > 0 ? 1 : 0;
}
