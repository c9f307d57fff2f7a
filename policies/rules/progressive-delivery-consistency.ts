import { ROLE_ANNOTATION } from "../../contract/keys";
import { isCanaryTrack, isColor } from "../../contract/patterns";
import { numberMapSetting, numberSetting, ruleSettings } from "../lib/config";
import { configurableStackRule } from "../lib/rulekit";
import { K8sObject, annotationsOf, apiVersionOf, kindOf, namespaceOf, stringMap } from "../lib/objects";
import { containersOf, podTemplateOf } from "../lib/podspec";
import { matchesMap } from "../lib/selectors";
import { JsonObject, containsUnknown, deepEqual, isUnknown, num, objects, path, str } from "../lib/values";
import {
    Workload,
    WorkloadIndex,
    indexWorkloads,
    isBlueGreenService,
    namespaceUnknown,
    versionOf,
    workloadsOf,
} from "../lib/workloads";
import { StackContext, StackFinding, StackRule } from "../types";

/** Config of `progressive-delivery-consistency`. */
export interface ProgressiveDeliveryConfig {
    /** The largest canary traffic share, in percent. */
    readonly maxCanaryWeight: number;
    /** Per-environment overrides of maxCanaryWeight, keyed by the stack tag `environment`. */
    readonly maxCanaryWeightByEnvironment: Readonly<Record<string, number>>;
}

const SETTINGS = ruleSettings({
    maxCanaryWeight: numberSetting("The largest canary traffic share in percent.", 100, { minimum: 0, maximum: 100 }),
    maxCanaryWeightByEnvironment: numberMapSetting(
        "Overrides of maxCanaryWeight per environment (the stack tag `environment`).",
    ),
});

const COMPARED = ["readinessProbe", "livenessProbe", "startupProbe", "resources"] as const;

function blueGreen(all: readonly K8sObject[], pods: WorkloadIndex, out: StackFinding[]): void {
    all.forEach((o, index) => {
        if (!isBlueGreenService(o) || containsUnknown(path(o, "spec", "selector")) || namespaceUnknown(o)) {
            return;
        }
        const role = annotationsOf(o)[ROLE_ANNOTATION] ?? "live";
        const selector = stringMap(path(o, "spec", "selector"));
        const color = selector.version;
        if (!isColor(color)) {
            out.push({
                index,
                message: `${role} Service must select exactly one color (selector version: blue or green), got ${color === undefined ? "no version" : `"${color}"`}`,
            });
            return;
        }
        const ns = namespaceOf(o) ?? "";
        const exists =
            pods.anyUncertain || pods.candidates(ns, selector).some((w) => matchesMap(selector, w.podLabels));
        if (!exists) {
            out.push({
                index,
                message: `${role} Service selects color "${color}" (${JSON.stringify(selector)}) but no workload in the set has matching pods`,
            });
        }
    });
}

function maxWeight(config: ProgressiveDeliveryConfig, context: StackContext): number {
    const env = context.environment;
    const byEnv = env === undefined ? undefined : config.maxCanaryWeightByEnvironment[env];
    return byEnv ?? config.maxCanaryWeight;
}

function canaryWeights(all: readonly K8sObject[], max: number, out: StackFinding[]): void {
    all.forEach((o, index) => {
        const kind = kindOf(o);
        if (kind === "Ingress") {
            const a = annotationsOf(o);
            if (a["nginx.ingress.kubernetes.io/canary"] !== "true") {
                return;
            }
            const weightText = a["nginx.ingress.kubernetes.io/canary-weight"];
            if (weightText === undefined) {
                return;
            }
            const totalText = a["nginx.ingress.kubernetes.io/canary-weight-total"] ?? "100";
            const weight = Number(weightText);
            const total = Number(totalText);
            if (!Number.isInteger(weight) || !Number.isInteger(total) || total <= 0 || weight < 0 || weight > total) {
                out.push({
                    index,
                    message: `canary-weight "${weightText}" is not an integer between 0 and ${totalText}`,
                });
                return;
            }
            const share = (weight * 100) / total;
            if (share > max) {
                out.push({
                    index,
                    message: `canary weight ${share}% exceeds the maximum ${max}% for this environment`,
                });
            }
        } else if (kind === "VirtualService" && apiVersionOf(o).startsWith("networking.istio.io/")) {
            for (const http of objects(path(o, "spec", "http"))) {
                for (const dest of objects(http.route)) {
                    const weight = num(dest.weight);
                    const subset = str(path(dest, "destination", "subset")) ?? "";
                    const host = str(path(dest, "destination", "host")) ?? "";
                    if (weight === undefined || isUnknown(dest.weight)) {
                        continue;
                    }
                    if (weight < 0 || weight > 100) {
                        out.push({ index, message: `route weight ${weight} is outside 0-100` });
                    } else if ((subset === "canary" || host.includes("canary")) && weight > max) {
                        out.push({
                            index,
                            message: `canary route weight ${weight}% exceeds the maximum ${max}% for this environment`,
                        });
                    }
                }
            }
        }
    });
}

function family(w: Workload): string | undefined {
    if (w.podLabels.variant !== undefined) {
        return "variant";
    }
    const version = versionOf(w);
    if (isColor(version)) {
        return "blue-green";
    }
    if (isCanaryTrack(version)) {
        return "canary";
    }
    return undefined;
}

function containerMap(o: K8sObject): Map<string, JsonObject> | undefined {
    const pod = podTemplateOf(o);
    if (pod === undefined || isUnknown(pod.spec.containers)) {
        return undefined;
    }
    const map = new Map<string, JsonObject>();
    for (const ref of containersOf(pod.spec)) {
        if (ref.type === "container") {
            map.set(ref.name, ref.container);
        }
    }
    return map;
}

function variants(workloads: readonly Workload[], out: StackFinding[]): void {
    const groups = new Map<string, Workload[]>();
    for (const w of workloads) {
        const f = family(w);
        const app = w.podLabels.app ?? w.podLabels["app.kubernetes.io/name"];
        if (w.kind !== "Deployment" || f === undefined || app === undefined) {
            continue;
        }
        const key = `${w.namespace}/${app}/${f}`;
        const list = groups.get(key) ?? [];
        list.push(w);
        groups.set(key, list);
    }
    for (const group of groups.values()) {
        const [reference, ...others] = group;
        if (reference === undefined) {
            continue;
        }
        const refContainers = containerMap(reference.object);
        if (refContainers === undefined) {
            continue;
        }
        for (const other of others) {
            const containers = containerMap(other.object);
            if (containers === undefined) {
                continue;
            }
            for (const [name, container] of containers) {
                const base = refContainers.get(name);
                if (base === undefined) {
                    continue;
                }
                const differing = COMPARED.filter(
                    (key) =>
                        !containsUnknown(base[key]) &&
                        !containsUnknown(container[key]) &&
                        !deepEqual(base[key], container[key]),
                );
                if (differing.length > 0) {
                    out.push({
                        index: other.index,
                        container: name,
                        message: `${differing.join(", ")} differ from ${reference.kind} ${reference.name}: variants must share probes and resources so that the comparison is fair`,
                    });
                }
            }
        }
    }
}

/**
 * `progressive-delivery-consistency`: a blue-green live Service selects exactly one color and that color exists; a
 * canary's traffic weight (nginx Ingress annotations, Istio VirtualService routes) stays within the configured
 * maximum for the environment; blue/green, stable/canary and A/B variants share probes and resources.
 */
export const progressiveDeliveryConsistency: StackRule<ProgressiveDeliveryConfig> = configurableStackRule(
    "progressive-delivery-consistency",
    SETTINGS,
    (objects, config, context) => {
        const out: StackFinding[] = [];
        const workloads = workloadsOf(objects);
        blueGreen(objects, indexWorkloads(workloads), out);
        canaryWeights(objects, maxWeight(config, context), out);
        variants(workloads, out);
        return out;
    },
);
