/**
 * Reading manifests for `k8s-workloads check`: files, directories (recursively: .yaml, .yml, .json) and stdin,
 * multi-document YAML, JSON, and `List` kinds.
 */
import { promises as fs } from "fs";
import * as path from "path";
import { YAMLException, loadAll } from "js-yaml";
import { isPlainObject, JsonObject } from "../../policies/lib/values";

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

/** An input that could not be read or parsed: the message names the file (and line). */
export class InputError extends Error {}

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

function firstLine(message: string): string {
    const line = message.split("\n")[0] ?? message;
    return line.replace(/ at line \d+, column \d+:?$/, "");
}

/** Parses the text of one input into documents (JSON fast path, else multi-document YAML). */
export function parseDocuments(text: string, file: string): unknown[] {
    const trimmed = text.trimStart();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
            const value: unknown = JSON.parse(text);
            return Array.isArray(value) ? value : [value];
        } catch {
            // Not JSON after all (YAML flow style, or broken): the YAML parser reports the line.
        }
    }
    // js-yaml parses large manifests several times faster than a full-fidelity YAML document model.
    let docs: unknown[];
    try {
        docs = loadAll(text, null, { filename: file });
    } catch (err) {
        if (err instanceof YAMLException) {
            const where = err.mark ? `:${err.mark.line + 1}:${err.mark.column + 1}` : "";
            throw new InputError(`${file}${where}: invalid YAML: ${firstLine(err.reason || err.message)}`);
        }
        throw err;
    }
    const out: unknown[] = [];
    for (const value of docs) {
        if (value !== null && value !== undefined) {
            out.push(value);
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

/** Adds the documents of one input text to a result. */
export function addText(text: string, file: string, result: LoadResult): void {
    for (const doc of parseDocuments(text, file)) {
        collect(doc, file, result);
    }
}

/**
 * Reads every manifest under the given paths (`-` is stdin). Throws InputError when a path cannot be read or a
 * file does not parse.
 */
export async function loadInputs(paths: readonly string[], readStdin: () => Promise<string>): Promise<LoadResult> {
    const result: LoadResult = { objects: [], skipped: [] };
    for (const p of paths) {
        if (p === "-") {
            addText(await readStdin(), "-", result);
            continue;
        }
        for (const file of await listFiles(p)) {
            let text: string;
            try {
                text = await fs.readFile(file, "utf8");
            } catch (e) {
                throw new InputError(`${file}: cannot read (${e instanceof Error ? e.message : String(e)})`);
            }
            addText(text, file, result);
        }
    }
    return result;
}
