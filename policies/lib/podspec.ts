/**
 * Walks every pod-template location (Pod, PodTemplate, Deployment, ReplicaSet, ReplicationController, StatefulSet,
 * DaemonSet, Job, CronJob.spec.jobTemplate) and every container, init container and ephemeral container.
 */
import { K8sObject, kindOf, stringMap } from "./objects";
import { oncePerObject } from "./memo";
import { JsonObject, isUnknown, obj, path, str } from "./values";

/** Where the pod template of a workload lives. */
export interface PodTemplate {
    /** The pod spec. */
    readonly spec: JsonObject;
    /** The pod template's metadata (the Pod's own metadata for a bare Pod). */
    readonly metadata: JsonObject | undefined;
    /** Labels of the pod template. */
    readonly labels: Readonly<Record<string, string>>;
    /** Dotted path of the pod spec within the object, e.g. `spec.template.spec`. */
    readonly specPath: readonly string[];
    /** True for long-running workloads (not Jobs, CronJobs, or Pods that do not restart). */
    readonly longRunning: boolean;
}

/** The kind of a container slot. */
export type ContainerType = "container" | "initContainer" | "ephemeralContainer";

/** One container of a pod spec. */
export interface ContainerRef {
    readonly container: JsonObject;
    /** The container's name, or `#<index>` when it has none. */
    readonly name: string;
    readonly type: ContainerType;
    /** True for an init container with `restartPolicy: Always` (a native sidecar). */
    readonly sidecar: boolean;
}

const LONG_RUNNING_KINDS: ReadonlySet<string> = new Set([
    "Deployment",
    "ReplicaSet",
    "ReplicationController",
    "StatefulSet",
    "DaemonSet",
]);

/** Kinds that carry a pod template, for counting and documentation. */
export const POD_TEMPLATE_KINDS: readonly string[] = [
    "Pod",
    "PodTemplate",
    "Deployment",
    "ReplicaSet",
    "ReplicationController",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
];

function template(o: K8sObject, templatePath: readonly string[], longRunning: boolean): PodTemplate | undefined {
    const tmpl = obj(path(o, ...templatePath));
    const spec = obj(tmpl?.spec);
    if (tmpl === undefined || spec === undefined) {
        return undefined;
    }
    const metadata = obj(tmpl.metadata);
    return {
        spec,
        metadata,
        labels: stringMap(metadata?.labels),
        specPath: [...templatePath, "spec"],
        longRunning,
    };
}

/**
 * The pod template of a workload object, or undefined when the kind has none or it is missing/unknown.
 */
export const podTemplateOf: (o: K8sObject) => PodTemplate | undefined = oncePerObject(findPodTemplate);

function findPodTemplate(o: K8sObject): PodTemplate | undefined {
    const kind = kindOf(o);
    if (LONG_RUNNING_KINDS.has(kind)) {
        return template(o, ["spec", "template"], true);
    }
    switch (kind) {
        case "Job":
            return template(o, ["spec", "template"], false);
        case "CronJob":
            return template(o, ["spec", "jobTemplate", "spec", "template"], false);
        case "PodTemplate":
            return template(o, ["template"], true);
        case "Pod": {
            const spec = obj(o.spec);
            if (spec === undefined) {
                return undefined;
            }
            const metadata = obj(o.metadata);
            const restart = str(spec.restartPolicy);
            return {
                spec,
                metadata,
                labels: stringMap(metadata?.labels),
                specPath: ["spec"],
                longRunning: restart !== "Never" && restart !== "OnFailure",
            };
        }
        default:
            return undefined;
    }
}

function collect(spec: JsonObject, key: string, type: ContainerType, out: ContainerRef[]): void {
    const list = spec[key];
    if (!Array.isArray(list)) {
        return;
    }
    list.forEach((item: unknown, index: number) => {
        const container = obj(item);
        if (container === undefined) {
            return;
        }
        out.push({
            container,
            name: str(container.name) ?? `#${index}`,
            type,
            sidecar: type === "initContainer" && str(container.restartPolicy) === "Always",
        });
    });
}

/** Every container, init container and ephemeral container of a pod spec, in that order. */
export const containersOf: (spec: JsonObject) => readonly ContainerRef[] = oncePerObject(listContainers);

function listContainers(spec: JsonObject): ContainerRef[] {
    const out: ContainerRef[] = [];
    collect(spec, "containers", "container", out);
    collect(spec, "initContainers", "initContainer", out);
    collect(spec, "ephemeralContainers", "ephemeralContainer", out);
    return out;
}

/** True when the list of containers of a pod spec (or the spec itself) is unknown during preview. */
export function containersUnknown(spec: JsonObject): boolean {
    return isUnknown(spec.containers) || isUnknown(spec.initContainers) || isUnknown(spec.ephemeralContainers);
}

/** A label for a container in messages: `container "app"`, `init container "init"`. */
export function containerLabel(ref: ContainerRef): string {
    switch (ref.type) {
        case "container":
            return `container "${ref.name}"`;
        case "initContainer":
            return `init container "${ref.name}"`;
        case "ephemeralContainer":
            return `ephemeral container "${ref.name}"`;
        default: {
            const never: never = ref.type;
            return String(never);
        }
    }
}

/** The effective value of a security-context field: the container's, else the pod's. */
export function effectiveSecurity(spec: JsonObject, ref: ContainerRef, key: string): unknown {
    const own: unknown = path(ref.container, "securityContext", key);
    if (own !== undefined && own !== null) {
        return own;
    }
    return path(spec, "securityContext", key);
}
