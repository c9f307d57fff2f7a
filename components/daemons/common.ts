import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { toIntOrString } from "../../contract";
import {
    BuiltInExemption,
    DEFAULT_LIVENESS_TIMINGS,
    DEFAULT_READINESS_TIMINGS,
    ProbeArgs,
    validateProbe,
    ExemptionArgs,
    LabelInput,
    exemptionAnnotations,
    objectMeta,
    selectorLabels,
    PodArgs,
    Problems,
    ResourceDefaults,
    checkCountOrPercent,
    checkPinnedImage,
    show,
    validateExemptions,
    validatePodArgs,
} from "../core";

/**
 * Args every node agent (DaemonSet) accepts: the shared pod args, exemptions, a pinned image and the rolling
 * update's pace. Node agents create their own service account, so they take no `serviceAccountName`.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
export interface NodeAgentArgs extends PodArgs, ExemptionArgs {
    /**
     * The container image, pinned to a tag or digest. Default: the component's pinned image.
     * @default the component's pinned image
     */
    readonly image?: pulumi.Input<string>;
    /**
     * Nodes whose agent may be down at once during a rolling update: a count ("1") or a percentage ("10%"). Default:
     * "1".
     * @default "1"
     * @see https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/
     */
    readonly maxUnavailable?: string;
    /**
     * Readiness probe overrides. Default: HTTP GET on the agent's health endpoint (LogCollector: /api/plugins.json on
     * monitorPort; NodeExporter: /metrics on port), 5s delay, 5s period, 3s timeout.
     * @default HTTP GET on the agent's health endpoint, 5s delay, 5s period, 3s timeout
     * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
     */
    readonly readinessProbe?: ProbeArgs;
    /**
     * Liveness probe overrides. Default: HTTP GET on the agent's health endpoint (LogCollector: /api/plugins.json on
     * monitorPort; NodeExporter: /metrics on port), 30s delay, 10s period, 3s timeout.
     * @default HTTP GET on the agent's health endpoint, 30s delay, 10s period, 3s timeout
     * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
     */
    readonly livenessProbe?: ProbeArgs;
}

/** The update strategy when none is given: one node at a time. */
export const DEFAULT_AGENT_MAX_UNAVAILABLE = "1";
/** The guide's grace period for node agents. */
export const DEFAULT_AGENT_GRACE_PERIOD_SECONDS = 30;

/** An agent container's probes: HTTP GET on its health path, with the user's overrides. */
export function agentProbes(
    args: NodeAgentArgs,
    healthPath: string,
): { readonly readinessProbe: ProbeArgs; readonly livenessProbe: ProbeArgs } {
    return {
        readinessProbe: { path: healthPath, ...(args.readinessProbe ?? {}) },
        livenessProbe: { path: healthPath, ...(args.livenessProbe ?? {}) },
    };
}

/** Validates an agent's probe overrides (each agent checks them last, after its own args). */
export function validateAgentProbes(problems: Problems, args: NodeAgentArgs): void {
    validateProbe(problems, "readinessProbe", args.readinessProbe, DEFAULT_READINESS_TIMINGS);
    validateProbe(problems, "livenessProbe", args.livenessProbe, DEFAULT_LIVENESS_TIMINGS);
}

/** Validates the shared node-agent args. */
export function validateNodeAgentArgs(
    problems: Problems,
    args: NodeAgentArgs,
    resourceDefaults: ResourceDefaults,
): void {
    checkPinnedImage(problems, "image", args.image);
    validatePodArgs(problems, args, resourceDefaults);
    checkCountOrPercent(problems, "maxUnavailable", args.maxUnavailable);
    if (args.maxUnavailable === "0" || args.maxUnavailable === "0%") {
        problems.add(
            "maxUnavailable",
            `maxUnavailable must allow at least one node's agent to be replaced (got ${show(args.maxUnavailable)}); use "1" or a percentage such as "10%"`,
        );
    }
    validateExemptions(problems, args);
}

/** A DaemonSet's rolling update strategy. */
export function buildDaemonSetStrategy(maxUnavailable?: string): k8s.types.input.apps.v1.DaemonSetUpdateStrategy {
    return {
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: toIntOrString(maxUnavailable ?? DEFAULT_AGENT_MAX_UNAVAILABLE) },
    };
}

/** Everything a node agent's DaemonSet is rendered from. */
export interface DaemonSetInput {
    readonly name: string;
    readonly namespace: pulumi.Input<string>;
    /** The DaemonSet's labels (the workload labels plus the agent's own). */
    readonly labels: Record<string, string>;
    /** The identity its selector is built from. */
    readonly identity: LabelInput;
    readonly template: k8s.types.input.core.v1.PodTemplateSpec;
    /** The exemption the agent's host access needs, merged with the user's. */
    readonly exemption: BuiltInExemption;
}

/** Renders a node agent's DaemonSet: exemption annotations, the selector and the rolling update strategy. */
export function renderDaemonSet(args: NodeAgentArgs, input: DaemonSetInput): k8s.apps.v1.DaemonSetArgs {
    const annotations = { ...(args.annotations ?? {}), ...exemptionAnnotations(input.exemption, args) };
    return {
        metadata: objectMeta(input.name, input.namespace, input.labels, annotations),
        spec: {
            selector: { matchLabels: selectorLabels(input.identity) },
            updateStrategy: buildDaemonSetStrategy(args.maxUnavailable),
            template: input.template,
        },
    };
}

/** Creates a node agent's DaemonSet, named like the component, from {@link renderDaemonSet}. */
export function createAgentDaemonSet(
    parent: pulumi.ComponentResource,
    args: NodeAgentArgs,
    input: DaemonSetInput,
    dependsOn: pulumi.Resource[] = [],
): k8s.apps.v1.DaemonSet {
    return new k8s.apps.v1.DaemonSet(input.name, renderDaemonSet(args, input), { parent, dependsOn });
}
