import * as k8s from "@pulumi/kubernetes";
import { MAX_REPLICAS, Problems, checkInteger, show } from "../core";

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) on CPU and, optionally, memory utilization.
 * With autoscaling on, the Deployment's replica count is left to the autoscaler.
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export interface AutoscalingArgs {
    /** The fewest replicas the autoscaler scales down to. Default: 2. @default 2 */
    readonly minReplicas?: number;
    /** The most replicas the autoscaler scales up to; at least minReplicas. */
    readonly maxReplicas: number;
    /** Average CPU utilization target, as a percentage of the request. Default: 80. @default 80 */
    readonly targetCpuUtilization?: number;
    /** Average memory utilization target, as a percentage of the request. Default: none. @default none */
    readonly targetMemoryUtilization?: number;
}

/** Builds the HPA spec targeting a Deployment by name. */
export function buildHpaSpec(
    deploymentName: string,
    args: AutoscalingArgs,
): k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec {
    const metric = (name: string, target: number) => ({
        type: "Resource",
        resource: { name, target: { type: "Utilization", averageUtilization: target } },
    });
    return {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deploymentName },
        minReplicas: args.minReplicas ?? 2,
        maxReplicas: args.maxReplicas,
        metrics: [
            metric("cpu", args.targetCpuUtilization ?? 80),
            ...(args.targetMemoryUtilization !== undefined ? [metric("memory", args.targetMemoryUtilization)] : []),
        ],
    };
}

/** Validates autoscaling bounds and targets. */
export function validateAutoscaling(problems: Problems, args: AutoscalingArgs | undefined): void {
    if (!args) {
        return;
    }
    if (args.maxReplicas === undefined || args.maxReplicas === null) {
        problems.add(
            "autoscaling.maxReplicas",
            `autoscaling.maxReplicas is required (got ${show(args.maxReplicas)}); give the most pods the autoscaler may run, for example 10`,
        );
    }
    checkInteger(problems, "autoscaling.minReplicas", args.minReplicas, 1, MAX_REPLICAS);
    checkInteger(problems, "autoscaling.maxReplicas", args.maxReplicas, 1, MAX_REPLICAS);
    checkInteger(problems, "autoscaling.targetCpuUtilization", args.targetCpuUtilization, 1, 100);
    checkInteger(problems, "autoscaling.targetMemoryUtilization", args.targetMemoryUtilization, 1, 100);
    const min = args.minReplicas ?? 2;
    if (Number.isInteger(args.maxReplicas) && args.maxReplicas < min) {
        problems.add(
            "autoscaling.maxReplicas",
            `autoscaling.maxReplicas must be at least minReplicas (got maxReplicas ${show(args.maxReplicas)} with minReplicas ${min}); raise maxReplicas`,
        );
    }
}
