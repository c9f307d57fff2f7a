/**
 * Reading manifests for `k8s-workloads check`: files, directories (recursively: .yaml, .yml, .json) and stdin,
 * multi-document YAML, JSON, and `List` kinds.
 */
import { promises as fs } from "fs";
import * as path from "path";
import { isPlainObject, JsonObject } from "../../policies/lib/values";
import { parseFiles } from "./parallelParse";
import { InputError, parseDocuments } from "./parse";

export { InputError };

/** One Kubernetes object read from the input, with where it came from. */
export interface LoadedObject {
    readonly object: JsonObject;
    readonly file: string;
}

/** A document that is not a Kubernetes object the rules know, with why. */
export interface SkippedDocument {
    readonly file: string;
    readonly reason: string;
}

/** Everything read from the inputs. */
export interface LoadResult {
    /** Objects of known kinds, to be checked. */
    readonly objects: LoadedObject[];
    /** Documents counted but skipped (unknown kind, no kind, not a mapping). */
    readonly skipped: SkippedDocument[];
}

const MANIFEST_EXTENSIONS: ReadonlySet<string> = new Set([".yaml", ".yml", ".json"]);

/**
 * Kubernetes kinds the checker recognises (built-in API kinds plus the Istio and autoscaling kinds the rules
 * read). Anything else is counted and skipped.
 */
export const KNOWN_KINDS: ReadonlySet<string> = new Set([
    "Pod",
    "PodTemplate",
    "Deployment",
    "ReplicaSet",
    "ReplicationController",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "Service",
    "Endpoints",
    "EndpointSlice",
    "Ingress",
    "IngressClass",
    "NetworkPolicy",
    "PodDisruptionBudget",
    "HorizontalPodAutoscaler",
    "VerticalPodAutoscaler",
    "ConfigMap",
    "Secret",
    "ServiceAccount",
    "Namespace",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "StorageClass",
    "Role",
    "RoleBinding",
    "ClusterRole",
    "ClusterRoleBinding",
    "LimitRange",
    "ResourceQuota",
    "PriorityClass",
    "CustomResourceDefinition",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "VirtualService",
    "DestinationRule",
    "Gateway",
    "HTTPRoute",
    // Kinds whose removed API versions deprecated-api-versions reports.
    "PodSecurityPolicy",
    "RuntimeClass",
    "CSIDriver",
    "CSINode",
    "CSIStorageCapacity",
    "VolumeAttachment",
    "Lease",
    "CertificateSigningRequest",
    "APIService",
    "FlowSchema",
    "PriorityLevelConfiguration",
]);

async function listFiles(target: string): Promise<string[]> {
    let stat;
    try {
        stat = await fs.stat(target);
    } catch (e) {
        throw new InputError(`${target}: cannot read (${e instanceof Error ? e.message : String(e)})`);
    }
    if (!stat.isDirectory()) {
        return [target];
    }
    const entries = await fs.readdir(target, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const out: string[] = [];
    for (const entry of entries) {
        const full = path.join(target, entry.name);
        if (entry.isDirectory()) {
            out.push(...(await listFiles(full)));
        } else if (MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
            out.push(full);
        }
    }
    return out;
}

function collect(value: unknown, file: string, result: LoadResult): void {
    if (!isPlainObject(value)) {
        result.skipped.push({ file, reason: "a document that is not a mapping" });
        return;
    }
    const kind = typeof value.kind === "string" ? value.kind : undefined;
    if (kind !== undefined && kind.endsWith("List") && Array.isArray(value.items)) {
        for (const item of value.items) {
            collect(item, file, result);
        }
        return;
    }
    if (kind === undefined || typeof value.apiVersion !== "string") {
        result.skipped.push({ file, reason: "a document without apiVersion and kind" });
    } else if (!KNOWN_KINDS.has(kind)) {
        result.skipped.push({ file, reason: `unknown kind "${kind}"` });
    } else {
        result.objects.push({ object: value, file });
    }
}

/**
 * Reads every manifest under the given paths (`-` is stdin), in order. Large inputs of several files are parsed on
 * worker threads as well as this one (see parallelParse.ts). Throws InputError when a path cannot be read or a file
 * does not parse; with several bad files, the error is the first one's, as in a file-by-file read.
 */
export async function loadInputs(paths: readonly string[], readStdin: () => Promise<string>): Promise<LoadResult> {
    const sources: string[] = [];
    for (const p of paths) {
        sources.push(...(p === "-" ? ["-"] : await listFiles(p)));
    }
    const files = sources.filter((source) => source !== "-");
    const parsed = await parseFiles(files);
    const result: LoadResult = { objects: [], skipped: [] };
    for (const source of sources) {
        const docs = source === "-" ? parseDocuments(await readStdin(), "-") : parsed.get(source);
        for (const doc of docs ?? []) {
            collect(doc, source, result);
        }
    }
    return result;
}
