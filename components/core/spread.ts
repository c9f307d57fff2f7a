import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** The node label the default spread uses: one failure domain per node. */
export const SPREAD_TOPOLOGY_KEY = "kubernetes.io/hostname";

/**
 * The topology spread of a replicated workload's pods across nodes: at most one pod more on any node than on
 * another, as a preference (`ScheduleAnyway`), so pods still schedule on a cluster with fewer schedulable nodes
 * than replicas. `DoNotSchedule` would leave pods Pending there.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export function buildNodeSpread(selector: Record<string, string>): k8s.types.input.core.v1.TopologySpreadConstraint[] {
    return [
        {
            maxSkew: 1,
            topologyKey: SPREAD_TOPOLOGY_KEY,
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: selector },
        },
    ];
}

/**
 * True when a workload with this replica count runs more than one pod, or may (an unknown count, or none because an
 * autoscaler owns it).
 */
export function isReplicated(replicas: pulumi.Input<number> | undefined): boolean {
    return typeof replicas !== "number" || replicas > 1;
}

/** Whether and how a pod template spreads its pods. */
export interface SpreadInput {
    /** The labels that select the workload's own pods (its selector). */
    readonly selector: Record<string, string>;
    /** The workload runs (or may run) more than one pod. */
    readonly replicated: boolean;
}

/**
 * The topology spread constraints for a pod template: the node spread when the workload is replicated, the user
 * left `spreadAcrossNodes` on, and gave no `affinity` of their own (their scheduling rules then decide; the
 * component does not add to them).
 */
export function spreadConstraintsFor(
    spread: SpreadInput | undefined,
    spreadAcrossNodes: boolean | undefined,
    userAffinity: k8s.types.input.core.v1.Affinity | undefined,
): k8s.types.input.core.v1.TopologySpreadConstraint[] | undefined {
    if (spread === undefined || !spread.replicated || spreadAcrossNodes === false || userAffinity !== undefined) {
        return undefined;
    }
    return buildNodeSpread(spread.selector);
}

/** The node-spread knob of replicated workloads (Deployments, StatefulSets). */
export interface SpreadArgs {
    /**
     * Spreads the pods across nodes (a `kubernetes.io/hostname` topologySpreadConstraint, maxSkew 1,
     * `ScheduleAnyway`) when the workload runs more than one pod or is autoscaled. Not added when `affinity` is
     * given: the caller's scheduling rules then decide. Default: true.
     * @default true
     * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
     */
    readonly spreadAcrossNodes?: boolean;
}

/**
 * The pod template with `constraints` added to its spec (unchanged when there are none). For renderers that know
 * the replica count only after the template is built (the StatefulSets).
 */
export function withTopologySpread(
    template: k8s.types.input.core.v1.PodTemplateSpec,
    constraints: k8s.types.input.core.v1.TopologySpreadConstraint[] | undefined,
): k8s.types.input.core.v1.PodTemplateSpec {
    const spec = template.spec;
    if (constraints === undefined || spec === undefined) {
        return template;
    }
    if (pulumi.Output.isInstance(spec) || spec instanceof Promise) {
        return {
            ...template,
            spec: pulumi.output(spec).apply((s) => ({ ...s, topologySpreadConstraints: constraints })),
        };
    }
    return { ...template, spec: { ...spec, topologySpreadConstraints: constraints } };
}
