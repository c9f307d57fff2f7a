import { ChildProcess, execFile, spawn } from "child_process";
import * as http from "http";
import * as k8s from "@kubernetes/client-node";
import { Kube, isReady } from "./kube";

/** The real node of the local cluster (kubelet + containerd), next to the KWOK nodes. */
export const REAL_NODE = "real-0";
/** The label and taint key that mark the real node. */
export const REAL_NODE_KEY = "k8s-workloads.io/real-node";
/** The registry prefix of the images built locally and imported into the real node's containerd. */
export const LOCAL_REGISTRY = "k8s-workloads.local";

/** A locally built image, for example `localImage("web:1.0.0")`. */
export function localImage(nameAndTag: string): string {
    return `${LOCAL_REGISTRY}/${nameAndTag}`;
}

/** The nodeSelector and toleration that put a component's pods on the real node (and only there). */
export const ON_REAL_NODE = {
    nodeSelector: { [REAL_NODE_KEY]: "true" },
    tolerations: [{ key: REAL_NODE_KEY, operator: "Equal", value: "true", effect: "NoSchedule" }],
};

/** Affinity that keeps a component's pods off the real node (for KWOK-only scenarios). */
export const OFF_REAL_NODE = {
    nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: REAL_NODE_KEY, operator: "DoesNotExist" }] }],
        },
    },
};

/** Whether the real node can run the real-pod tier, and why not. */
export interface RealNodeStatus {
    readonly ready: boolean;
    readonly reason: string;
}

/** Checks that real-0 is Ready and holds the local images the scenarios use. */
export async function realNodeStatus(cluster: Kube, images: readonly string[]): Promise<RealNodeStatus> {
    let node: k8s.V1Node;
    try {
        node = await cluster.core.readNode({ name: REAL_NODE });
    } catch {
        return { ready: false, reason: `the cluster has no node ${REAL_NODE} (KWOK-only cluster)` };
    }
    const ready = (node.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
    if (!ready) {
        return { ready: false, reason: `node ${REAL_NODE} is not Ready` };
    }
    const present = new Set((node.status?.images ?? []).flatMap((i) => i.names ?? []));
    const missing = images.filter((i) => ![i, `docker.io/${i}`].some((n) => present.has(n)));
    if (missing.length > 0) {
        return { ready: false, reason: `node ${REAL_NODE} lacks the local images ${missing.join(", ")}` };
    }
    return { ready: true, reason: "" };
}

/** True when the cluster has a Ready real node (whatever its images). */
export async function hasRealNode(cluster: Kube): Promise<boolean> {
    return (await realNodeStatus(cluster, [])).ready;
}

/** Runs kubectl (from PATH, on KUBECONFIG) and returns its standard output; throws with its standard error. */
export function kubectl(args: readonly string[], timeoutMs = 120000): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile("kubectl", [...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
            if (err) {
                reject(new Error(`kubectl ${args.join(" ")} failed: ${stderr.trim() || err.message}`));
            } else {
                resolve(stdout);
            }
        });
    });
}

/** Runs kubectl and returns its exit code and output, whatever the exit code (`kubectl auth can-i` exits 1 for "no"). */
export function kubectlStatus(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile("kubectl", [...args], { timeout: 60000 }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
            resolve({ code, stdout, stderr });
        });
    });
}

/** `kubectl exec` of a shell script in a pod's container. */
export function shIn(namespace: string, pod: string, script: string, container?: string): Promise<string> {
    const target = container ? ["-c", container] : [];
    return kubectl(["exec", "-n", namespace, pod, ...target, "--", "sh", "-c", script]);
}

/** A long-running `kubectl exec` whose output is collected until it ends. */
export class Background {
    private readonly child: ChildProcess;
    output = "";
    errors = "";
    readonly done: Promise<number>;

    constructor(args: readonly string[]) {
        this.child = spawn("kubectl", [...args], { stdio: ["ignore", "pipe", "pipe"] });
        this.child.stdout?.on("data", (d: Buffer) => (this.output += d.toString()));
        this.child.stderr?.on("data", (d: Buffer) => (this.errors += d.toString()));
        this.done = new Promise((resolve) => this.child.on("close", (code) => resolve(code ?? -1)));
    }

    /** Stops the process if it still runs. */
    kill(): void {
        if (this.child.exitCode === null) {
            this.child.kill("SIGTERM");
        }
    }
}

/**
 * One GET with busybox wget, bounded by `timeout` (a hung request counts as failed). Not `wget -T`: that option
 * crashes Debian's busybox-static 1.35 wget (segmentation fault).
 */
const GET = "timeout 5 wget -q -O -";

/**
 * Starts a request loop in a client pod: GETs `url` every 0.1 s and prints one line per answer (`FAIL` when wget
 * fails or gets a non-2xx status), until /tmp/stop exists and at least `minimum` requests were made.
 */
export function startTraffic(namespace: string, pod: string, url: string, minimum: number): Background {
    const script = [
        "rm -f /tmp/stop; i=0",
        `while [ ! -f /tmp/stop ] || [ $i -lt ${minimum} ]; do`,
        `  r=$(${GET} '${url}' 2>/dev/null) || r=FAIL`,
        '  echo "$r"; i=$((i+1)); sleep 0.1',
        "done",
        "echo END",
    ].join("\n");
    return new Background(["exec", "-n", namespace, pod, "--", "sh", "-c", script]);
}

/** Tells a traffic loop to stop once it has made its minimum, and returns its answers. */
export async function stopTraffic(namespace: string, pod: string, loop: Background): Promise<string[]> {
    await shIn(namespace, pod, "touch /tmp/stop");
    const code = await Promise.race([loop.done, new Promise<number>((r) => setTimeout(() => r(-2), 180000))]);
    loop.kill();
    const lines = loop.output.split("\n").filter((l) => l !== "");
    if (code !== 0 || lines[lines.length - 1] !== "END") {
        throw new Error(`the traffic loop ended with code ${code}: ${loop.output.slice(-2000)}${loop.errors}`);
    }
    return lines.slice(0, -1);
}

/** Sends `count` requests from a client pod at once and returns the answers (`FAIL` for a failed request). */
export async function requests(namespace: string, pod: string, url: string, count: number): Promise<string[]> {
    const script = `i=0; while [ $i -lt ${count} ]; do r=$(${GET} '${url}' 2>/dev/null) || r=FAIL; echo "$r"; i=$((i+1)); done`;
    const out = await kubectl(["exec", "-n", namespace, pod, "--", "sh", "-c", script], 600000);
    return out.split("\n").filter((l) => l !== "");
}

/** Counts answers by their first two words (`web v1`, `web v2`, `FAIL`). */
export function tally(answers: readonly string[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const a of answers) {
        const key = a.split(" ").slice(0, 2).join(" ");
        counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
}

/**
 * Creates a pod on the real node that sleeps (a client for requests and queries) and waits until it runs.
 * @param extra container fields (env, volumeMounts) and pod volumes
 */
export async function clientPod(
    cluster: Kube,
    namespace: string,
    name: string,
    image: string,
    extra: { env?: k8s.V1EnvVar[]; volumeMounts?: k8s.V1VolumeMount[]; volumes?: k8s.V1Volume[]; user?: number } = {},
): Promise<string> {
    await cluster.core.createNamespacedPod({
        namespace,
        body: {
            metadata: { name, namespace, labels: { "k8s-workloads.io/e2e-client": "true" } },
            spec: {
                nodeSelector: ON_REAL_NODE.nodeSelector,
                tolerations: ON_REAL_NODE.tolerations,
                terminationGracePeriodSeconds: 0,
                automountServiceAccountToken: false,
                securityContext: extra.user !== undefined ? { runAsUser: extra.user, runAsGroup: extra.user } : {},
                containers: [
                    {
                        name: "client",
                        image,
                        imagePullPolicy: "IfNotPresent",
                        command: ["sh", "-c", "sleep 3600"],
                        env: extra.env,
                        volumeMounts: extra.volumeMounts,
                    },
                ],
                volumes: extra.volumes,
            },
        },
    });
    await cluster.waitFor(`client pod ${namespace}/${name} running`, async () => {
        const pod = await cluster.core.readNamespacedPod({ name, namespace });
        return pod.status?.phase === "Running" && isReady(pod) ? true : undefined;
    });
    return name;
}

/**
 * Deletes the client pods a test started with {@link clientPod} and waits until they are gone. Call it before
 * `destroy`: a client pod that mounts a component's claim holds the claim's `kubernetes.io/pvc-protection`
 * finalizer, and the provider's delete of that claim would wait for it until its 10-minute timeout.
 */
export async function deleteClientPods(cluster: Kube, namespace: string): Promise<void> {
    const pods = await cluster.core.listNamespacedPod({ namespace, labelSelector: "k8s-workloads.io/e2e-client=true" });
    for (const pod of pods.items) {
        await deletePodNow(cluster, namespace, pod.metadata?.name ?? "");
    }
}

/**
 * Deletes a pod now (grace period 0) and waits until that pod is gone: its name answers 404, or belongs to a new
 * pod (a StatefulSet's controller recreates `web-0` under the same name, often before a poll sees the gap).
 */
export async function deletePodNow(cluster: Kube, namespace: string, name: string): Promise<void> {
    const doomed = (await cluster.core.readNamespacedPod({ name, namespace })).metadata?.uid;
    await cluster.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 });
    await cluster.waitFor(`pod ${namespace}/${name} (uid ${doomed}) gone`, async () => {
        try {
            const pod = await cluster.core.readNamespacedPod({ name, namespace });
            return pod.metadata?.uid !== doomed ? true : undefined;
        } catch {
            return true;
        }
    });
}

/** Prints a namespace's events and every container's logs: what a failed real-pod scenario needs to be understood. */
export async function printDiagnostics(cluster: Kube, namespace: string): Promise<void> {
    const lines: string[] = [`----- diagnostics of namespace ${namespace} -----`];
    try {
        const events = (await cluster.core.listNamespacedEvent({ namespace })).items;
        events.sort((a, b) => eventTime(a) - eventTime(b));
        for (const e of events) {
            lines.push(
                `event ${e.type ?? ""} ${e.involvedObject.kind ?? ""}/${e.involvedObject.name ?? ""} ${e.reason ?? ""}: ${e.message ?? ""}`,
            );
        }
        for (const pod of (await cluster.core.listNamespacedPod({ namespace })).items) {
            const name = pod.metadata?.name ?? "";
            lines.push(`pod ${name} on ${pod.spec?.nodeName ?? "-"}: ${pod.status?.phase ?? ""} ready=${isReady(pod)}`);
            const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
            for (const c of containers) {
                const log = await kubectl(["logs", "-n", namespace, name, "-c", c.name, "--tail", "60"]).catch(
                    (err: Error) => err.message,
                );
                lines.push(`--- logs ${name}/${c.name}:`, log.trimEnd());
            }
        }
    } catch (err) {
        lines.push(`(diagnostics incomplete: ${err instanceof Error ? err.message : String(err)})`);
    }
    process.stdout.write(lines.map((l) => `      ! ${l}`).join("\n") + "\n");
}

function eventTime(e: k8s.CoreV1Event): number {
    const t = e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
    return t ? new Date(t).getTime() : 0;
}

/** The real node's InternalIP. */
export async function realNodeAddress(cluster: Kube): Promise<string> {
    const node = await cluster.core.readNode({ name: REAL_NODE });
    const address = (node.status?.addresses ?? []).find((a) => a.type === "InternalIP")?.address;
    if (!address) {
        throw new Error(`node ${REAL_NODE} has no InternalIP`);
    }
    return address;
}

/** A plain HTTP GET from this process; resolves with the status and body. */
export function httpGet(url: string, timeoutMs = 10000): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.get(url, { timeout: timeoutMs }, (res) => {
            let body = "";
            res.on("data", (d: Buffer) => (body += d.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
        req.on("error", reject);
    });
}

/** A short random suffix, so that proofs written by one run cannot be mistaken for an older run's. */
export function nonce(): string {
    return Math.random().toString(36).slice(2, 10);
}

/** Marks the current suite pending, with the reason printed, when the real node cannot run it. */
export async function skipUnlessRealNode(ctx: Mocha.Context, cluster: Kube, images: readonly string[]): Promise<void> {
    const status = await realNodeStatus(cluster, images.map(localImage));
    if (!status.ready) {
        process.stdout.write(`      real-pod scenarios pending: ${status.reason}\n`);
        ctx.skip();
    }
}

/** An afterEach hook that prints a namespace's diagnostics when the test just run failed. */
export function diagnoseFailures(cluster: Kube, namespace: string): (this: Mocha.Context) => Promise<void> {
    return async function (this: Mocha.Context) {
        if (this.currentTest?.state === "failed") {
            await printDiagnostics(cluster, namespace);
        }
    };
}
