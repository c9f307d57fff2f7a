import { numberSetting, ruleSettings } from "../lib/config";
import { configurableStackRule } from "../lib/rulekit";
import { hpaTargetsOf, versionOf, workloadKey, workloadsOf } from "../lib/workloads";
import { StackFinding, StackRule } from "../types";

/** Config of `min-replicas`. */
export interface MinReplicasConfig {
    readonly minReplicas: number;
}

const SETTINGS = ruleSettings({
    minReplicas: numberSetting("The smallest acceptable replica count.", 2, { integer: true, minimum: 1 }),
});

/**
 * `min-replicas`: Deployments and StatefulSets run at least `minReplicas` pods (and HPAs keep at least that many).
 * Skipped for canary and A/B variant Deployments, HPA targets (their HPA is checked instead) and workloads scaled to 0.
 */
export const minReplicas: StackRule<MinReplicasConfig> = configurableStackRule(
    "min-replicas",
    SETTINGS,
    (objects, config) => {
        const out: StackFinding[] = [];
        const hpas = hpaTargetsOf(objects);
        const targets = new Set(hpas.map((h) => workloadKey(h.namespace, h.kind, h.name)));
        for (const hpa of hpas) {
            if (hpa.minReplicas !== undefined && hpa.minReplicas < config.minReplicas) {
                out.push({
                    index: hpa.index,
                    message: `minReplicas ${hpa.minReplicas} is below ${config.minReplicas}`,
                });
            }
        }
        for (const w of workloadsOf(objects)) {
            if ((w.kind !== "Deployment" && w.kind !== "StatefulSet") || w.replicas === undefined || w.replicas === 0) {
                continue;
            }
            const version = versionOf(w);
            if (version === "canary" || w.podLabels.variant !== undefined || w.labels.variant !== undefined) {
                continue;
            }
            if (w.hpa !== undefined || targets.has(workloadKey(w.namespace, w.kind, w.name))) {
                continue;
            }
            if (w.replicas < config.minReplicas) {
                out.push({
                    index: w.index,
                    message: `replicas ${w.replicas} is below ${config.minReplicas}: a single pod or node failure is an outage`,
                });
            }
        }
        return out;
    },
);
