/**
 * `k8s-workloads verify`: the guide's "Workload Testing Script" as a product feature. It checks every workload of a
 * stack (found from the stack's outputs, or by the package's labels) against any cluster, through the Kubernetes
 * API (@kubernetes/client-node), and prints one line per check with its result and the time it took.
 */
import { execFileSync } from "child_process";
import * as k8s from "@kubernetes/client-node";
import type { CliIo } from "./io";
import { checkCronJobs, checkJobs } from "./verify/jobs";
import { checkPods } from "./verify/pods";
import { recorder } from "./verify/record";
import { checkRollouts, listWorkloads } from "./verify/rollouts";
import { checkServices } from "./verify/services";
import { CheckResult, Clients, VerifyOptions, errorText } from "./verify/types";

export { PART_OF_SELECTOR } from "./verify/types";
export type { CheckResult, VerifyOptions };

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

/** Runs every check of every namespace (rollouts, pods, Services, Jobs, CronJobs) and reports each result. */
export async function runChecks(
    clients: Clients,
    namespaces: readonly string[],
    options: VerifyOptions,
    report: (result: CheckResult) => void,
): Promise<CheckResult[]> {
    const results: CheckResult[] = [];
    const record = recorder(Date.now() + options.timeoutSeconds * 1000, results, report);
    for (const namespace of namespaces) {
        const ctx = { clients, namespace, options, record };
        const workloads = await listWorkloads(clients, namespace);
        await checkRollouts(ctx, workloads);
        await checkPods(ctx, workloads);
        await checkServices(ctx);
        await checkJobs(ctx);
        await checkCronJobs(ctx);
    }
    return results;
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
