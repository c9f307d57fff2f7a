import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    DisruptionBudgetArgs,
    LabelInput,
    Problems,
    WorkloadArgs,
    checkImage,
    childName,
    objectMeta,
    renderPdb,
    setOutputs,
    validComponentType,
    workloadLabels,
} from "../core";
import { AutoscalingArgs, buildHpaSpec, validateAutoscaling } from "./autoscaling";
import { createTrackDeployment, createWorkloadNetworkPolicy, renderService, serviceDns } from "./common";
import { RolloutArgs, validateDeploymentBase } from "./rollout";

/**
 * Args of a {@link RollingDeployment}.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 */
export interface RollingDeploymentArgs extends WorkloadArgs, RolloutArgs {
    /** The container image, pinned to a tag or digest, for example "nginx:1.21". */
    readonly image: pulumi.Input<string>;
    /**
     * Desired pods. Ignored when `autoscaling` is set. Default: 5 (the guide's value).
     * @default 5 (the guide's value)
     */
    readonly replicas?: pulumi.Input<number>;
    /** The container port the app listens on. */
    readonly port: number;
    /**
     * The app version recorded in `app.kubernetes.io/version` and the `VERSION` env var. Default: none.
     * @default none
     */
    readonly version?: string;
    /** Creates a PodDisruptionBudget. Default: none. @default none */
    readonly disruptionBudget?: DisruptionBudgetArgs;
    /** Creates a HorizontalPodAutoscaler and leaves the replica count to it. Default: none. @default none */
    readonly autoscaling?: AutoscalingArgs;
}

/** The guide's replica count for a rolling update. */
export const DEFAULT_ROLLING_REPLICAS = 5;

/** Validates {@link RollingDeploymentArgs}; returns every problem found. */
export function validateRollingDeploymentArgs(args: RollingDeploymentArgs): Problems {
    const problems = new Problems();
    checkImage(problems, "image", args.image, "nginx:1.21");
    validateDeploymentBase(problems, args);
    validateAutoscaling(problems, args.autoscaling);
    return problems;
}

/**
 * The guide's rolling update: a Deployment replaced gradually within maxSurge/maxUnavailable, a ClusterIP
 * Service, and optionally a PodDisruptionBudget and a HorizontalPodAutoscaler.
 *
 * @example
 * new RollingDeployment("api", { image: "nginx:1.21", replicas: 5, port: 80, maxSurge: "2", maxUnavailable: "1" });
 */
export class RollingDeployment extends pulumi.ComponentResource {
    /** The Deployment's name. */
    public readonly deploymentName!: pulumi.Output<string>;
    /** The Service's name. */
    public readonly serviceName!: pulumi.Output<string>;
    /** The Service's cluster DNS name. */
    public readonly serviceDnsName!: pulumi.Output<string>;

    constructor(name: string, args: RollingDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super(validComponentType("RollingDeployment", name, validateRollingDeploymentArgs(args)), name, {}, opts);

        const labels: LabelInput = { instance: name, app: args.appName, pattern: "rolling", appVersion: args.version };
        const replicas = args.autoscaling ? undefined : (args.replicas ?? DEFAULT_ROLLING_REPLICAS);
        const env = args.version ? { VERSION: args.version } : undefined;
        const track = { name, labels, image: args.image, env, replicas };
        const deployment = createTrackDeployment(this, args, args.port, track);
        const service = new k8s.core.v1.Service(childName(name, "svc"), renderService(args, { name, labels }), {
            parent: this,
        });
        createWorkloadNetworkPolicy(this, name, args, args.port, labels);
        if (args.disruptionBudget) {
            new k8s.policy.v1.PodDisruptionBudget(
                childName(name, "pdb"),
                renderPdb(childName(name, "pdb"), args, labels, args.disruptionBudget),
                { parent: this },
            );
        }
        if (args.autoscaling) {
            new k8s.autoscaling.v2.HorizontalPodAutoscaler(
                childName(name, "hpa"),
                {
                    metadata: objectMeta(childName(name, "hpa"), args.namespace, workloadLabels(labels, args.labels)),
                    spec: buildHpaSpec(name, args.autoscaling),
                },
                { parent: this, dependsOn: [deployment] },
            );
        }

        this.registerOutputs(
            setOutputs<RollingDeployment>(this, {
                deploymentName: deployment.metadata.name,
                serviceName: service.metadata.name,
                serviceDnsName: serviceDns(service),
            }),
        );
    }
}
