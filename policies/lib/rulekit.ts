/**
 * Small helpers shared by the rule files.
 */
import { K8sObject } from "./objects";
import { ContainerRef, PodTemplate, containersOf, podTemplateOf } from "./podspec";
import { Finding } from "../types";

/** Config parser for rules without settings. */
export function noConfig(): Record<string, never> {
    return {};
}

/** A finding about one container. */
export function containerFinding(ref: ContainerRef, message: string, extra: Partial<Finding> = {}): Finding {
    return { ...extra, message, container: ref.name };
}

/**
 * Visits every container of the object's pod template (none when the object has no pod template) and collects
 * the findings the visitor pushes.
 */
export function eachContainer(
    o: K8sObject,
    visit: (ref: ContainerRef, pod: PodTemplate, out: Finding[]) => void,
): Finding[] {
    const pod = podTemplateOf(o);
    if (pod === undefined) {
        return [];
    }
    const out: Finding[] = [];
    for (const ref of containersOf(pod.spec)) {
        visit(ref, pod, out);
    }
    return out;
}

/** The pod-spec-level findings of a visitor (none when the object has no pod template). */
export function withPod(o: K8sObject, visit: (pod: PodTemplate, out: Finding[]) => void): Finding[] {
    const pod = podTemplateOf(o);
    if (pod === undefined) {
        return [];
    }
    const out: Finding[] = [];
    visit(pod, out);
    return out;
}
