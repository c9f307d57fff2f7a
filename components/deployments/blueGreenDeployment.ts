import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LABELS } from "../../contract";
import {
    DisruptionBudgetArgs,
    LabelInput,
    WorkloadArgs,
    validComponentType,
    childName,
    known,
    renderPdb,
    selectorLabels,
    TrackArgsInput,
    setOutputs,
} from "../core";
import { createTrackDeployment, createWorkloadNetworkPolicy, renderService, serviceDns } from "./common";
import { RolloutArgs } from "./rollout";
import { BlueGreenRolloutPlan, blueGreenPlanWithDefaults } from "./rolloutState";
import { Color, idleColorOf } from "../../contract";
import { validateBlueGreenDeploymentArgs } from "./blueGreenValidation";
import { DEFAULT_SCALE_DOWN_DELAY_SECONDS, oldColorScalesDown, scaleDownDelayHook } from "./scaleDownDelay";

export { validateBlueGreenDeploymentArgs } from "./blueGreenValidation";

/** What one color runs: its image, and what it adds to the shared env, resources and pod labels. */
export interface ColorArgs extends TrackArgsInput {}

/**
 * Args of a {@link BlueGreenDeployment}.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
 */
export interface BlueGreenDeploymentArgs extends WorkloadArgs, RolloutArgs {
    /** Pods per color. Default: 3 (the guide's value). @default 3 (the guide's value) */
    readonly replicas?: pulumi.Input<number>;
    /** The container port the app listens on. */
    readonly port: number;
    /** The blue color. Required when blue is active or kept as the idle color. */
    readonly blue?: ColorArgs;
    /** The green color. Required when green is active or kept as the idle color. */
    readonly green?: ColorArgs;
    /**
     * The color the live Service selects: `"blue"` or `"green"`. Switching is a change of this value and a
     * `pulumi up`; the live Service switches only after the new color's Deployment is ready. Default: "blue".
     * @default "blue"
     */
    readonly activeColor?: Color;
    /**
     * Pods the idle color keeps after a switch. Lower it (to 0, say) to save capacity; the scale-down runs only
     * after the live Service has switched. Default: replicas (the idle color stays warm for an instant rollback).
     * @default replicas (the idle color stays warm for an instant rollback)
     */
    readonly idleReplicas?: number;
    /**
     * Delete the idle color's Deployment (the guide's clean-up step). The preview Service then has no endpoints.
     * Default: false.
     * @default false
     */
    readonly removeIdle?: boolean;
    /** A PodDisruptionBudget for the active color. Default: none. @default none */
    readonly disruptionBudget?: DisruptionBudgetArgs;
    /**
     * Seconds the old color keeps its pods after the live Service switched to the new one, before it scales down to
     * `idleReplicas` or is removed; 0 scales down at once. The wait happens only in an `up` that changes the live
     * color and scales the old one down, never in a preview. The same value as `rollout.scaleDownDelaySeconds`: set
     * one of them, or both to the same value. Default: 30 (as Argo Rollouts).
     * @default 30 (as Argo Rollouts)
     * @see https://argo-rollouts.readthedocs.io/en/stable/features/bluegreen/#scaledowndelayseconds
     */
    readonly scaleDownDelaySeconds?: number;
    /**
     * The plan `k8s-workloads rollout <name>` drives this component through: a gate before the switch, a gate after
     * it and the scale-down delay. Recorded, with its defaults, as the `rolloutPlan` output. Default: an HTTP gate
     * against the preview Service, an HTTP gate against the live Service, 30 s delay.
     * @default an HTTP gate against the preview Service, an HTTP gate against the live Service, 30 s delay
     * @see ../../docs/rollout.md
     */
    readonly rollout?: BlueGreenRolloutPlan;
}

/** The guide's replica count per color. */
export const DEFAULT_BLUE_GREEN_REPLICAS = 3;

/** The scale-down delay in effect: the arg, else the plan's, else 30 seconds. */
export function scaleDownDelayOf(args: BlueGreenDeploymentArgs): number {
    return args.scaleDownDelaySeconds ?? args.rollout?.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY_SECONDS;
}

/** The rollout plan with its defaults and the delay in effect (the `rolloutPlan` output). */
export function blueGreenPlanOf(args: BlueGreenDeploymentArgs): Required<BlueGreenRolloutPlan> {
    return blueGreenPlanWithDefaults({ ...(args.rollout ?? {}), scaleDownDelaySeconds: scaleDownDelayOf(args) });
}

/**
 * The guide's blue-green deployment: one Deployment per color, a live Service that selects the active color
 * and a preview Service that selects the idle one. The live Service waits for the active color's rollout, and
 * the idle color is scaled down or removed only after the switch and `scaleDownDelaySeconds` (see
 * ./scaleDownDelay.ts: an `afterUpdate` hook on the live Service that waits only when its selector changed).
 *
 * @example
 * new BlueGreenDeployment("webapp", { replicas: 3, port: 8080,
 *   blue: { image: "myapp:v1.0.0" }, green: { image: "myapp:v2.0.0" }, activeColor: "blue" });
 */
export class BlueGreenDeployment extends pulumi.ComponentResource {
    /** The color the live Service selects. */
    public readonly activeColor!: pulumi.Output<string>;
    /** The live Service's name. */
    public readonly serviceName!: pulumi.Output<string>;
    /** The live Service's cluster DNS name. */
    public readonly serviceDnsName!: pulumi.Output<string>;
    /** The preview Service's name (it selects the idle color). */
    public readonly previewServiceName!: pulumi.Output<string>;
    /** The rollout plan with its defaults filled in (what `k8s-workloads rollout` runs). */
    public readonly rolloutPlan!: pulumi.Output<Required<BlueGreenRolloutPlan>>;

    constructor(name: string, args: BlueGreenDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super(validComponentType("BlueGreenDeployment", name, validateBlueGreenDeploymentArgs(args)), name, {}, opts);

        const active = args.activeColor ?? "blue";
        const idle = idleColorOf(active);
        const replicas = args.replicas ?? DEFAULT_BLUE_GREEN_REPLICAS;
        const base: LabelInput = { instance: name, app: args.appName, pattern: "blue-green" };
        const colorLabels = (color: Color): LabelInput => ({ ...base, track: { [LABELS.track]: color } });

        const activeDeployment = this.colorDeployment(name, args, active, colorLabels(active), replicas);
        const live = new k8s.core.v1.Service(
            childName(name, "svc"),
            renderService(args, { name, labels: base, selector: selectorLabels(colorLabels(active)), role: "live" }),
            { parent: this, dependsOn: [activeDeployment], hooks: this.scaleDownHooks(name, args, replicas) },
        );
        const preview = new k8s.core.v1.Service(
            childName(name, "preview-svc"),
            renderService(args, {
                name: childName(name, "preview"),
                labels: base,
                selector: selectorLabels(colorLabels(idle)),
                role: "preview",
            }),
            { parent: this },
        );
        if (!args.removeIdle) {
            // The idle color changes only after the live Service has moved away from it.
            this.colorDeployment(name, args, idle, colorLabels(idle), args.idleReplicas ?? replicas, [live]);
        }
        createWorkloadNetworkPolicy(this, name, args, args.port, base);
        if (args.disruptionBudget) {
            new k8s.policy.v1.PodDisruptionBudget(
                childName(name, "pdb"),
                renderPdb(childName(name, "pdb"), args, colorLabels(active), args.disruptionBudget),
                { parent: this },
            );
        }

        this.registerOutputs(
            setOutputs<BlueGreenDeployment>(this, {
                activeColor: pulumi.output(active),
                serviceName: live.metadata.name,
                serviceDnsName: serviceDns(live),
                previewServiceName: preview.metadata.name,
                rolloutPlan: pulumi.output(blueGreenPlanOf(args)),
            }),
        );
    }

    /** The live Service's scale-down delay hook, when a switch would scale the old color down. */
    private scaleDownHooks(
        name: string,
        args: BlueGreenDeploymentArgs,
        replicas: pulumi.Input<number>,
    ): pulumi.ResourceHookBinding | undefined {
        const seconds = scaleDownDelayOf(args);
        if (seconds === 0 || !oldColorScalesDown(args.removeIdle, args.idleReplicas, known(replicas))) {
            return undefined;
        }
        return { afterUpdate: [scaleDownDelayHook(name, { seconds })] };
    }

    private colorDeployment(
        name: string,
        args: BlueGreenDeploymentArgs,
        color: Color,
        labels: LabelInput,
        replicas: pulumi.Input<number>,
        dependsOn: pulumi.Resource[] = [],
    ): k8s.apps.v1.Deployment {
        const spec = args[color];
        if (!spec) {
            throw new pulumi.ResourceError(`${color} is required`, this);
        }
        const env = { ...(spec.env ?? {}), VERSION: color, COLOR: color };
        const track = {
            name: childName(name, color),
            labels,
            image: spec.image,
            env,
            resources: spec.resources,
            podLabels: spec.podLabels,
            replicas,
        };
        return createTrackDeployment(this, args, args.port, track, { dependsOn });
    }
}

/** The selector the live Service uses for a color (exported for tests and the policy pack). */
export function liveSelector(name: string, color: Color, appName?: string): Record<string, string> {
    return selectorLabels({ instance: name, app: appName, pattern: "blue-green", track: { [LABELS.track]: color } });
}
