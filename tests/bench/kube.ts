/**
 * The local toolchain and cluster, as the cluster benchmarks use them: the environment of scripts/env.sh, kubectl,
 * readiness waits, volume recycling and API-server request counts.
 */
import * as path from "path";
import { loadAll } from "js-yaml";
import { REPO, runChild } from "./common";

/** The environment of `source scripts/env.sh` (PATH with the local toolchain, KUBECONFIG, PULUMI_*). */
export async function toolchainEnv(): Promise<NodeJS.ProcessEnv> {
    const result = await runChild("bash", [
        "-c",
        `source "${path.join(REPO, "scripts", "env.sh")}" >/dev/null && env -0`,
    ]);
    if (result.code !== 0) {
        throw new Error(`scripts/env.sh failed: ${result.stderr}`);
    }
    const env: NodeJS.ProcessEnv = {};
    for (const entry of result.stdout.split("\0")) {
        const eq = entry.indexOf("=");
        if (eq > 0) {
            env[entry.slice(0, eq)] = entry.slice(eq + 1);
        }
    }
    return env;
}

/** kubectl with the toolchain environment; throws with stderr on failure unless `allowFail`. */
export async function kubectl(env: NodeJS.ProcessEnv, args: readonly string[], allowFail = false): Promise<string> {
    const result = await runChild("kubectl", args, { env });
    if (result.code !== 0 && !allowFail) {
        throw new Error(`kubectl ${args.join(" ")} failed: ${result.stderr.trim()}`);
    }
    return result.stdout;
}

/** Why the toolchain or cluster cannot be used, or undefined when it can. */
export async function clusterProblem(env: NodeJS.ProcessEnv): Promise<string | undefined> {
    for (const tool of ["pulumi", "kubectl"]) {
        const found = await runChild("bash", ["-c", `command -v ${tool}`], { env });
        if (found.code !== 0) {
            return `${tool} not on PATH after scripts/env.sh (build the toolchain with scripts/toolchain.sh)`;
        }
    }
    const ready = await runChild("kubectl", ["get", "--raw", "/readyz"], { env });
    if (ready.code !== 0) {
        return `the local cluster is not reachable (${ready.stderr.trim().split("\n")[0] ?? ""}); start it with bash scripts/cluster-up.sh or pass --start-cluster`;
    }
    return undefined;
}

/** A workload object of a manifest file. */
interface WorkloadRef {
    readonly kind: string;
    readonly name: string;
    readonly namespace: string;
}

/** The Deployments, StatefulSets, DaemonSets and Jobs of a multi-document YAML text. */
export function workloadsOf(yaml: string): WorkloadRef[] {
    const kinds = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job"]);
    const refs: WorkloadRef[] = [];
    for (const doc of loadAll(yaml)) {
        const o = doc as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
        if (o?.kind && kinds.has(o.kind) && o.metadata?.name) {
            refs.push({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace ?? "default" });
        }
    }
    return refs;
}

/** Waits (all in parallel) until every workload is rolled out and every Job has completed. */
export async function waitReady(env: NodeJS.ProcessEnv, refs: readonly WorkloadRef[]): Promise<void> {
    await Promise.all(
        refs.map((r) =>
            r.kind === "Job"
                ? kubectl(env, [
                      "wait",
                      "--for=condition=complete",
                      `job/${r.name}`,
                      "-n",
                      r.namespace,
                      "--timeout=600s",
                  ])
                : kubectl(env, [
                      "rollout",
                      "status",
                      `${r.kind.toLowerCase()}/${r.name}`,
                      "-n",
                      r.namespace,
                      "--timeout=600s",
                  ]),
        ),
    );
}

/**
 * Makes the local volumes that a deleted claim released (reclaim policy Retain) bindable again, by removing their
 * claimRef. Only the cluster's own pre-provisioned volumes (label k8s-workloads.io/local-pv) are touched.
 */
export async function recycleVolumes(env: NodeJS.ProcessEnv): Promise<number> {
    const names = (
        await kubectl(env, [
            "get",
            "pv",
            "-l",
            "k8s-workloads.io/local-pv=true",
            "-o",
            'jsonpath={range .items[?(@.status.phase=="Released")]}{.metadata.name}{"\\n"}{end}',
        ])
    )
        .split("\n")
        .filter((n) => n !== "");
    for (const name of names) {
        await kubectl(env, ["patch", "pv", name, "--type", "json", "-p", '[{"op":"remove","path":"/spec/claimRef"}]']);
    }
    return names.length;
}

/** Which of the given namespaces exist. */
export async function existingNamespaces(env: NodeJS.ProcessEnv, names: readonly string[]): Promise<string[]> {
    const out = await kubectl(env, ["get", "ns", "-o", "jsonpath={.items[*].metadata.name}"]);
    const present = new Set(out.split(/\s+/));
    return names.filter((n) => present.has(n));
}

/** The API server's request counters (apiserver_request_total), summed by verb. */
export async function apiRequestsByVerb(env: NodeJS.ProcessEnv): Promise<Map<string, number>> {
    const metrics = await kubectl(env, ["get", "--raw", "/metrics"]);
    const byVerb = new Map<string, number>();
    for (const line of metrics.split("\n")) {
        const match = /^apiserver_request_total\{.*verb="([A-Z]+)".*\} ([0-9.e+]+)$/.exec(line);
        if (match?.[1] && match[2]) {
            byVerb.set(match[1], (byVerb.get(match[1]) ?? 0) + Number(match[2]));
        }
    }
    return byVerb;
}

/** after − before, per verb (verbs with no change left out). */
export function requestDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
    const delta = new Map<string, number>();
    for (const [verb, count] of after) {
        const d = count - (before.get(verb) ?? 0);
        if (d > 0) {
            delta.set(verb, d);
        }
    }
    return delta;
}

/** The total of a per-verb count. */
export function total(counts: Map<string, number>): number {
    return [...counts.values()].reduce((a, b) => a + b, 0);
}
