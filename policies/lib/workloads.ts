/**
 * Views over a whole set of objects, for the stack rules: workloads with their pod labels and replicas, HPAs.
 */
import { ROLE_ANNOTATION } from "../../contract/keys";
import { isColor } from "../../contract/patterns";
import { K8sObject, annotationsOf, kindOf, labelsOf, nameOf, namespaceOf, stringMap } from "./objects";
import { oncePerObject } from "./memo";
import { matchesMap } from "./selectors";
import { POD_TEMPLATE_KINDS, podTemplateOf } from "./podspec";
import { containsUnknown, isUnknown, num, path, str } from "./values";

const TEMPLATE_KINDS: ReadonlySet<string> = new Set(POD_TEMPLATE_KINDS);

/** True when an object's namespace cannot be known yet. */
export function namespaceUnknown(o: K8sObject): boolean {
    return isUnknown(o.metadata) || isUnknown(path(o, "metadata", "namespace"));
}

/** A workload with a pod template, as the stack rules see it. */
export interface Workload {
    readonly index: number;
    readonly object: K8sObject;
    readonly kind: string;
    readonly namespace: string;
    readonly name: string;
    /** The object's own labels. */
    readonly labels: Readonly<Record<string, string>>;
    /** The pod template's labels. */
    readonly podLabels: Readonly<Record<string, string>>;
    /**
     * The replicas it runs at least: the `minReplicas` of an HPA in the set that targets it (default 1), else
     * `spec.replicas` (default 1); undefined when unknown or not applicable (DaemonSet, Job).
     */
    readonly replicas: number | undefined;
    /** The HPA in the set that scales it (scaleTargetRef kind and name, same namespace), if any. */
    readonly hpa: HpaTarget | undefined;
    /**
     * True when the namespace, pod template or its labels are unknown (preview): the workload may match any
     * selector, so whole-set rules neither require anything of it nor report a selector as matching nothing.
     */
    readonly uncertain: boolean;
}

const REPLICATED: ReadonlySet<string> = new Set(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"]);

/**
 * A view computed once per object set: every stack rule of one check reads the same view of the same array (the
 * array and its objects are not changed while they are checked), so callers must not modify it.
 */
function cachedPerSet<T>(
    compute: (objects: readonly K8sObject[]) => T[],
): (objects: readonly K8sObject[]) => readonly T[] {
    return oncePerObject(compute);
}

/** Every object with a pod template (computed once per set). Objects without a namespace are in "" (the default namespace). */
export const workloadsOf = cachedPerSet(computeWorkloads);

function computeWorkloads(objects: readonly K8sObject[]): Workload[] {
    const out: Workload[] = [];
    const hpas = new Map(hpaTargetsOf(objects).map((h) => [workloadKey(h.namespace, h.kind, h.name), h]));
    objects.forEach((object, index) => {
        const kind = kindOf(object);
        if (!TEMPLATE_KINDS.has(kind)) {
            return;
        }
        const pod = podTemplateOf(object);
        const templateUnknown = pod === undefined && containsUnknown(object.spec);
        if (pod === undefined && !templateUnknown) {
            return;
        }
        const replicasRaw: unknown = path(object, "spec", "replicas");
        const namespace = namespaceOf(object) ?? "";
        const name = nameOf(object) ?? "";
        const hpa = REPLICATED.has(kind) ? hpas.get(workloadKey(namespace, kind, name)) : undefined;
        out.push({
            index,
            object,
            kind,
            namespace,
            name,
            labels: labelsOf(object),
            podLabels: pod?.labels ?? {},
            replicas: hpa !== undefined ? hpa.minReplicas : replicasOf(kind, templateUnknown, replicasRaw),
            hpa,
            uncertain: templateUnknown || namespaceUnknown(object) || containsUnknown(pod?.metadata?.labels),
        });
    });
    return out;
}

function replicasOf(kind: string, templateUnknown: boolean, raw: unknown): number | undefined {
    return REPLICATED.has(kind) && !templateUnknown && !isUnknown(raw) ? (num(raw) ?? 1) : undefined;
}

/** A HorizontalPodAutoscaler's target. */
export interface HpaTarget {
    readonly index: number;
    readonly namespace: string;
    readonly kind: string;
    readonly name: string;
    /** `spec.minReplicas` (default 1); undefined when unknown (preview). */
    readonly minReplicas: number | undefined;
    /** `spec.maxReplicas`; undefined when missing or unknown. */
    readonly maxReplicas: number | undefined;
}

/** The scale targets of every HorizontalPodAutoscaler in the set (computed once per set). */
export const hpaTargetsOf = cachedPerSet(computeHpaTargets);

function computeHpaTargets(objects: readonly K8sObject[]): HpaTarget[] {
    const out: HpaTarget[] = [];
    objects.forEach((object, index) => {
        if (kindOf(object) !== "HorizontalPodAutoscaler") {
            return;
        }
        const ref = stringMap(path(object, "spec", "scaleTargetRef"));
        if (ref.kind === undefined || ref.name === undefined) {
            return;
        }
        out.push({
            index,
            namespace: namespaceOf(object) ?? "",
            kind: ref.kind,
            name: ref.name,
            minReplicas: isUnknown(path(object, "spec", "minReplicas"))
                ? undefined
                : (num(path(object, "spec", "minReplicas")) ?? 1),
            maxReplicas: num(path(object, "spec", "maxReplicas")),
        });
    });
    return out;
}

/** The key of a workload for lookups: `namespace/Kind/name`. */
export function workloadKey(namespace: string, kind: string, name: string): string {
    return `${namespace}/${kind}/${name}`;
}

/** The `version` label value of a pod template, if any. */
export function versionOf(w: Workload): string | undefined {
    return str(w.podLabels.version) ?? str(w.labels.version);
}

/** Workloads indexed by namespace and pod label, so that selector lookups are not quadratic. */
export interface WorkloadIndex {
    /** True when some workload is uncertain (preview unknowns): it might match any selector. */
    readonly anyUncertain: boolean;
    /**
     * The workloads of a namespace that might match a selector with these equality labels (a superset: callers
     * still test the full selector).
     */
    candidates(namespace: string, labels: Readonly<Record<string, string>>): readonly Workload[];
}

/** Builds a WorkloadIndex. */
export function indexWorkloads(workloads: readonly Workload[]): WorkloadIndex {
    const byNamespace = new Map<string, Workload[]>();
    const byLabel = new Map<string, Workload[]>();
    const push = (map: Map<string, Workload[]>, key: string, w: Workload): void => {
        const list = map.get(key);
        if (list === undefined) {
            map.set(key, [w]);
        } else {
            list.push(w);
        }
    };
    for (const w of workloads) {
        push(byNamespace, w.namespace, w);
        for (const [k, v] of Object.entries(w.podLabels)) {
            push(byLabel, `${w.namespace}\u0000${k}\u0000${v}`, w);
        }
    }
    const none: readonly Workload[] = [];
    return {
        anyUncertain: workloads.some((w) => w.uncertain),
        candidates: (namespace, labels) => {
            let best: readonly Workload[] | undefined;
            for (const [k, v] of Object.entries(labels)) {
                const list = byLabel.get(`${namespace}\u0000${k}\u0000${v}`) ?? none;
                if (best === undefined || list.length < best.length) {
                    best = list;
                }
            }
            return best ?? byNamespace.get(namespace) ?? none;
        },
    };
}

/** True when a Service takes part in blue-green switching (role live/preview, or a selector on a color). */
export function isBlueGreenService(o: K8sObject): boolean {
    if (kindOf(o) !== "Service") {
        return false;
    }
    const role = annotationsOf(o)[ROLE_ANNOTATION];
    const version = stringMap(path(o, "spec", "selector")).version;
    return role === "live" || role === "preview" || isColor(version);
}

/** The selectors of the Services that route live traffic to a blue-green color, by namespace ("" = default). */
export function liveColorSelectors(
    objects: readonly K8sObject[],
): { namespace: string; selector: Record<string, string> }[] {
    const out: { namespace: string; selector: Record<string, string> }[] = [];
    for (const o of objects) {
        if (isBlueGreenService(o) && annotationsOf(o)[ROLE_ANNOTATION] !== "preview") {
            out.push({ namespace: namespaceOf(o) ?? "", selector: stringMap(path(o, "spec", "selector")) });
        }
    }
    return out;
}

/**
 * True when a Deployment does not serve steady live traffic, so that disruption rules need not cover it: a canary
 * (`version: canary`), or a blue-green color that no live Service selects (the idle color).
 */
export function isTransient(
    w: Workload,
    live: readonly { namespace: string; selector: Record<string, string> }[],
): boolean {
    const version = versionOf(w);
    if (version === "canary") {
        return true;
    }
    if (!isColor(version) || w.uncertain) {
        return false;
    }
    return !live.some((s) => s.namespace === w.namespace && matchesMap(s.selector, w.podLabels));
}
