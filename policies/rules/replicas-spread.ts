import { podTemplateOf } from "../lib/podspec";
import { NoConfig, stackRule } from "../lib/rulekit";
import { JsonObject, containsUnknown, objects, path, str } from "../lib/values";
import { workloadsOf } from "../lib/workloads";
import { StackFinding, StackRule } from "../types";

/** The topology keys that spread pods over failure domains. */
const SPREAD_KEYS: ReadonlySet<string> = new Set([
    "kubernetes.io/hostname",
    "topology.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/zone",
]);

/** The topologyKeys of the pod anti-affinity terms (required and preferred) of a pod spec. */
function antiAffinityKeys(spec: JsonObject): string[] {
    const anti: unknown = path(spec, "affinity", "podAntiAffinity");
    const required = objects(path(anti, "requiredDuringSchedulingIgnoredDuringExecution"));
    const preferred = objects(path(anti, "preferredDuringSchedulingIgnoredDuringExecution")).map(
        (p) => path(p, "podAffinityTerm") ?? {},
    );
    return [...required, ...preferred].flatMap((t) => {
        const key = str(path(t, "topologyKey"));
        return key === undefined ? [] : [key];
    });
}

/** True when the pod spec spreads its pods across nodes or zones. */
export function spreadsPods(spec: JsonObject): boolean {
    const spreadKeys = objects(spec.topologySpreadConstraints).flatMap((c) => {
        const key = str(c.topologyKey);
        return key === undefined ? [] : [key];
    });
    return [...antiAffinityKeys(spec), ...spreadKeys].some((k) => SPREAD_KEYS.has(k));
}

/**
 * `replicas-spread`: a replicated Deployment or StatefulSet (more than one replica, or scaled by an HPA) spreads
 * its pods across nodes or zones with pod anti-affinity or topologySpreadConstraints, so one node loss does not take
 * every replica.
 */
export const replicasSpread: StackRule<NoConfig> = stackRule("replicas-spread", (objects) => {
    const out: StackFinding[] = [];
    for (const w of workloadsOf(objects)) {
        if (w.kind !== "Deployment" && w.kind !== "StatefulSet") {
            continue;
        }
        const replicated = (w.replicas ?? 0) > 1 || w.hpa !== undefined;
        const pod = podTemplateOf(w.object);
        if (!replicated || w.uncertain || pod === undefined || containsUnknown(pod.spec.affinity)) {
            continue;
        }
        if (containsUnknown(pod.spec.topologySpreadConstraints) || spreadsPods(pod.spec)) {
            continue;
        }
        out.push({
            index: w.index,
            message: `${w.hpa !== undefined ? "is HPA-scaled" : `runs ${w.replicas ?? "?"} replicas`} but neither spec.template.spec.affinity.podAntiAffinity nor topologySpreadConstraints spread them over kubernetes.io/hostname or a zone: add a topologySpreadConstraint`,
        });
    }
    return out;
});
