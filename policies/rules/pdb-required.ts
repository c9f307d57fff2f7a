import { parseIntOrString } from "../../contract/intOrString";
import { K8sObject, kindOf, nameOf, namespaceOf, stringMap } from "../lib/objects";
import { matchesSelector } from "../lib/selectors";
import { JsonObject, containsUnknown, isUnknown, obj, path, show } from "../lib/values";
import {
    indexWorkloads,
    isTransient,
    liveColorSelectors,
    namespaceUnknown,
    Workload,
    WorkloadIndex,
    workloadsOf,
} from "../lib/workloads";
import { StackFinding, StackRule } from "../types";
import { NoConfig, stackRule } from "../lib/rulekit";

interface Budget {
    readonly index: number;
    readonly namespace: string;
    readonly name: string;
    readonly selector: unknown;
    readonly spec: JsonObject;
    /** Namespace or selector unknown (preview): it may cover any workload. */
    readonly uncertain: boolean;
}

function budgetsOf(objects: readonly K8sObject[]): Budget[] {
    const out: Budget[] = [];
    objects.forEach((o, index) => {
        if (kindOf(o) !== "PodDisruptionBudget") {
            return;
        }
        const spec = obj(o.spec);
        if (spec === undefined) {
            return;
        }
        out.push({
            index,
            namespace: namespaceOf(o) ?? "",
            name: nameOf(o) ?? "",
            selector: path(o, "spec", "selector"),
            spec,
            uncertain: namespaceUnknown(o) || containsUnknown(spec.selector),
        });
    });
    return out;
}

function percent(value: unknown): number | undefined {
    const parsed = parseIntOrString(value);
    return typeof value === "string" && parsed?.kind === "percent" ? parsed.value : undefined;
}

function count(value: unknown): number | undefined {
    const parsed = parseIntOrString(value);
    return parsed?.kind === "count" ? parsed.value : undefined;
}

/** The workloads a selector covers in a namespace. */
interface Coverage {
    /** Workloads the selector may match (true or unknown). */
    readonly possible: readonly Workload[];
    /** Number of workloads it certainly matches. */
    readonly definite: number;
    /** Total replicas of those workloads, or undefined when some replica count is unknown. */
    readonly replicas: number | undefined;
}

/** Why a PDB blocks every voluntary eviction of the workloads it covers, or undefined. */
function blocksAll(budget: Budget, coverage: Coverage): string | undefined {
    const maxUnavailable: unknown = budget.spec.maxUnavailable;
    const minAvailable: unknown = budget.spec.minAvailable;
    if (isUnknown(maxUnavailable) || isUnknown(minAvailable)) {
        return undefined;
    }
    if (count(maxUnavailable) === 0 || percent(maxUnavailable) === 0) {
        return `maxUnavailable ${show(maxUnavailable)} blocks every voluntary eviction (node drains hang)`;
    }
    if ((percent(minAvailable) ?? 0) >= 100) {
        return `minAvailable ${show(minAvailable)} blocks every voluntary eviction (node drains hang)`;
    }
    const min = count(minAvailable);
    const total = coverage.replicas;
    if (min !== undefined && coverage.definite > 0 && total !== undefined && total > 0 && min >= total) {
        return `minAvailable ${min} is not below the ${total} replicas it covers: every voluntary eviction is blocked`;
    }
    return undefined;
}

function coverageOf(budget: Budget, index: WorkloadIndex): Coverage {
    const possible: Workload[] = [];
    let definite = 0;
    let replicas: number | undefined = 0;
    for (const w of index.candidates(budget.namespace, stringMap(path(budget.selector, "matchLabels")))) {
        const match = matchesSelector(budget.selector, w.podLabels);
        if (match === false) {
            continue;
        }
        possible.push(w);
        if (match === true && !w.uncertain) {
            definite++;
            replicas = replicas === undefined || w.replicas === undefined ? undefined : replicas + w.replicas;
        }
    }
    return { possible, definite, replicas };
}

/**
 * `pdb-required`: replicated Deployments and StatefulSets (replicas ≥ 2, or HPA-scaled) are covered by a
 * PodDisruptionBudget in their namespace; canaries and idle blue-green colors (no live Service selects them) are
 * skipped. A PDB that blocks every eviction is reported as mandatory.
 */
export const pdbRequired: StackRule<NoConfig> = stackRule("pdb-required", (objects) => {
    const out: StackFinding[] = [];
    const budgets = budgetsOf(objects);
    const workloads = workloadsOf(objects).filter((w) => w.kind === "Deployment" || w.kind === "StatefulSet");
    const index = indexWorkloads(workloads);
    const covered = new Set<Workload>();
    const bySelector = new Map<string, Coverage>();
    for (const b of budgets) {
        if (b.uncertain) {
            continue;
        }
        const key = `${b.namespace}\u0000${JSON.stringify(b.selector) ?? ""}`;
        let coverage = bySelector.get(key);
        if (coverage === undefined) {
            coverage = coverageOf(b, index);
            bySelector.set(key, coverage);
            for (const w of coverage.possible) {
                covered.add(w);
            }
        }
        const why = blocksAll(b, coverage);
        if (why !== undefined) {
            out.push({ index: b.index, message: why, escalate: true });
        }
    }
    const anyUncertainBudget = budgets.some((b) => b.uncertain);
    const live = liveColorSelectors(objects);
    for (const w of workloads) {
        const replicated = (w.replicas ?? 0) >= 2 || w.hpa !== undefined;
        if (!replicated || w.uncertain || anyUncertainBudget || covered.has(w) || isTransient(w, live)) {
            continue;
        }
        out.push({
            index: w.index,
            message: `${w.hpa !== undefined ? `HPA-scaled (at least ${w.replicas ?? "?"})` : (w.replicas ?? "?")} replicas and no PodDisruptionBudget selects its pods: add one with maxUnavailable 1`,
        });
    }
    out.sort((a, b) => a.index - b.index);
    return out;
});
