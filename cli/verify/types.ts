/**
 * The shapes `verify` passes between its parts: options, results and the per-namespace context of a check.
 */
import type * as k8s from "@kubernetes/client-node";
import type { Judgement } from "./judge";

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

/** API clients for one cluster. */
export interface Clients {
    readonly core: k8s.CoreV1Api;
    readonly apps: k8s.AppsV1Api;
    readonly batch: k8s.BatchV1Api;
    readonly discovery: k8s.DiscoveryV1Api;
}

/** A judgement, or "skip" when there is nothing to check. */
export type Judge = () => Promise<Judgement | "skip">;

/** Runs one check until it passes, fails for good or times out, and records its result. */
export type Record = (
    check: CheckResult["check"],
    kind: string,
    namespace: string,
    name: string,
    judge: Judge,
) => Promise<void>;

/** What a check of one namespace needs. */
export interface NamespaceContext {
    readonly clients: Clients;
    readonly namespace: string;
    readonly options: VerifyOptions;
    readonly record: Record;
}

/** The label every component puts on its objects; verify finds workloads by it. */
export const PART_OF_SELECTOR = "app.kubernetes.io/part-of=k8s-workloads";

/** The list options selecting the package's objects in a namespace. */
export function packageSelector(namespace: string): { namespace: string; labelSelector: string } {
    return { namespace, labelSelector: PART_OF_SELECTOR };
}

/** The first line of an error's message. */
export function errorText(err: unknown): string {
    return err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err);
}

/** A label selector string (`k=v,k=v`) from a matchLabels map. */
export function labelSelector(selector: { readonly [key: string]: string } | undefined): string {
    return Object.entries(selector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
}
