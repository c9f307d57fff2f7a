import { K8sObject, kindOf, nameOf, namespaceOf } from "../lib/objects";
import { NoConfig, stackRule } from "../lib/rulekit";
import { containsUnknown, isUnknown, num, path, show, str } from "../lib/values";
import { namespaceUnknown, workloadKey, workloadsOf } from "../lib/workloads";
import { StackFinding, StackRule } from "../types";

/** `namespace/Kind/name` of every object in the set. */
function objectKeys(objects: readonly K8sObject[]): ReadonlySet<string> {
    return new Set(objects.map((o) => workloadKey(namespaceOf(o) ?? "", kindOf(o), nameOf(o) ?? "")));
}

/** The problems of one HPA on its own: a target reference, and minReplicas ≤ maxReplicas. */
function hpaProblems(hpa: K8sObject, keys: ReadonlySet<string>): string[] {
    const spec: unknown = hpa.spec;
    if (isUnknown(spec) || namespaceUnknown(hpa)) {
        return [];
    }
    const out: string[] = [];
    const ref: unknown = path(spec, "scaleTargetRef");
    const kind = str(path(ref, "kind"));
    const name = str(path(ref, "name"));
    if (!containsUnknown(ref)) {
        if (kind === undefined || name === undefined) {
            out.push("spec.scaleTargetRef needs a kind and a name: name the Deployment or StatefulSet it scales");
        } else if (!keys.has(workloadKey(namespaceOf(hpa) ?? "", kind, name))) {
            out.push(
                `spec.scaleTargetRef ${kind}/${name} is not in the set (same namespace): point it at an existing workload`,
            );
        }
    }
    const min: unknown = path(spec, "minReplicas");
    const max: unknown = path(spec, "maxReplicas");
    const minValue = isUnknown(min) ? undefined : (num(min) ?? 1);
    const maxValue = num(max);
    if (minValue !== undefined && maxValue !== undefined && minValue > maxValue) {
        out.push(
            `spec.minReplicas ${show(min ?? 1)} is above spec.maxReplicas ${maxValue}: make minReplicas ≤ maxReplicas`,
        );
    }
    return out;
}

/**
 * `hpa-consistency`: a HorizontalPodAutoscaler targets an object that exists in the set, has minReplicas ≤
 * maxReplicas, and the workload it scales does not also set a static spec.replicas (each apply would reset the
 * HPA's count).
 */
export const hpaConsistency: StackRule<NoConfig> = stackRule("hpa-consistency", (objects) => {
    const out: StackFinding[] = [];
    const keys = objectKeys(objects);
    objects.forEach((o, index) => {
        if (kindOf(o) === "HorizontalPodAutoscaler") {
            out.push(...hpaProblems(o, keys).map((message) => ({ index, message })));
        }
    });
    for (const w of workloadsOf(objects)) {
        const replicas: unknown = path(w.object, "spec", "replicas");
        if (w.hpa !== undefined && replicas !== undefined && replicas !== null && !isUnknown(replicas)) {
            out.push({
                index: w.index,
                message: `sets spec.replicas ${show(replicas)} but HorizontalPodAutoscaler ${w.hpa.name} scales it: remove spec.replicas so an apply does not reset the HPA's count`,
            });
        }
    }
    out.sort((a, b) => a.index - b.index);
    return out;
});
