import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LabelInput, selectorLabels, workloadLabels } from "./labels";
import { objectMeta } from "./metadata";
import { parseCountOrPercent, toIntOrString } from "../../contract";
import { Problems, checkCountOrPercent, show } from "./validation";

/**
 * A PodDisruptionBudget. Give exactly one of minAvailable and maxUnavailable.
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
export interface DisruptionBudgetArgs {
    /** Pods that must stay available during voluntary disruptions: a count ("2") or a percentage ("50%"). */
    readonly minAvailable?: string;
    /**
     * Pods that may be down during voluntary disruptions: a count or a percentage. Default: "1" when neither is set.
     * @default "1" when neither is set
     */
    readonly maxUnavailable?: string;
}

/** Builds a PDB spec; with no numbers it allows one pod down at a time. */
export function buildPdbSpec(
    selector: Record<string, string>,
    args: DisruptionBudgetArgs,
): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
    const budget =
        args.minAvailable !== undefined
            ? { minAvailable: toIntOrString(args.minAvailable) }
            : { maxUnavailable: toIntOrString(args.maxUnavailable ?? "1") };
    return { selector: { matchLabels: selector }, ...budget };
}

/**
 * Validates a PDB: one of the two fields, valid numbers, and a budget that still lets a node drain
 * (a PDB that blocks every eviction stops cluster upgrades).
 */
export function validateDisruptionBudget(
    problems: Problems,
    field: string,
    args: DisruptionBudgetArgs | undefined,
    replicas: number | undefined,
): void {
    if (!args) {
        return;
    }
    if (args.minAvailable !== undefined && args.maxUnavailable !== undefined) {
        problems.add(
            field,
            `${field} must set only one of minAvailable and maxUnavailable (got minAvailable ${show(args.minAvailable)} and maxUnavailable ${show(args.maxUnavailable)}); remove one`,
        );
        return;
    }
    checkCountOrPercent(problems, `${field}.minAvailable`, args.minAvailable);
    checkCountOrPercent(problems, `${field}.maxUnavailable`, args.maxUnavailable);
    const max = args.maxUnavailable !== undefined ? parseCountOrPercent(args.maxUnavailable) : undefined;
    const min = args.minAvailable !== undefined ? parseCountOrPercent(args.minAvailable) : undefined;
    const blocksAll =
        (max !== undefined && max.value === 0) ||
        (min?.kind === "percent" && min.value === 100) ||
        (min?.kind === "count" && replicas !== undefined && min.value >= replicas);
    if (blocksAll) {
        problems.add(
            field,
            `${field} would block every voluntary eviction (got ${show(args)} for ${replicas ?? "?"} replicas); allow at least one pod to be disrupted, for example maxUnavailable "1"`,
        );
    }
}

/** Where a PDB goes and how its owner is labeled. */
export interface PdbOwner {
    readonly namespace?: pulumi.Input<string>;
    readonly labels?: Record<string, string>;
}

/** The rendered PodDisruptionBudget for a workload, selecting its pods by the workload's selector labels. */
export function renderPdb(
    pdbName: string,
    owner: PdbOwner,
    labels: LabelInput,
    budget: DisruptionBudgetArgs,
): k8s.policy.v1.PodDisruptionBudgetArgs {
    return {
        metadata: objectMeta(pdbName, owner.namespace, workloadLabels(labels, owner.labels)),
        spec: buildPdbSpec(selectorLabels(labels), budget),
    };
}
