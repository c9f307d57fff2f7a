import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CANARY_TRACKS, CanaryTrack, LABELS } from "../../contract";
import {
    DisruptionBudgetArgs,
    LabelInput,
    TrackArgsInput,
    WorkloadArgs,
    childName,
    renderPdb,
    setOutputs,
    validComponentType,
} from "../core";
import { createTrackDeployment, createWorkloadNetworkPolicy, renderService, serviceDns } from "./common";
import {
    ReplicaSplit,
    canaryProxySplit,
    canaryTrackInput,
    proxiedCanaryReplicas,
    splitReplicas,
} from "./canaryRouting";
import { ProxyRoutingArgs, createProxySplit } from "./split";
import { RolloutArgs } from "./rollout";
import { CanaryRolloutPlan, canaryPlanWithDefaults } from "./rolloutState";
import { validateCanaryDeploymentArgs } from "./canaryValidation";
import { TrafficMode } from "./traffic";

/** What the stable or the canary track runs: its image, and what it adds to the shared env, resources and pod labels. */
export interface TrackArgs extends TrackArgsInput {}

/**
 * Args of a {@link CanaryDeployment}.
 * @see https://kubernetes.io/docs/concepts/workloads/management/#canary-deployments
 */
export interface CanaryDeploymentArgs extends WorkloadArgs, RolloutArgs, ProxyRoutingArgs {
    /**
     * Total pods across stable and canary in `replicas` mode; stable pods in `nginx`/`istio` mode. Default: 10.
     * @default 10
     */
    readonly replicas?: pulumi.Input<number>;
    /** The container port the app listens on. */
    readonly port: number;
    /** The current version. */
    readonly stable: TrackArgs;
    /** The new version under test. */
    readonly canary: TrackArgs;
    /** Percentage of traffic for the canary, 0 to 100. 0 means no canary pods. Default: 0. @default 0 */
    readonly canaryWeight?: number;
    /**
     * How traffic is split:
     * - `"replicas"`: by pod count behind one Service. The canary gets round(replicas × weight / 100) pods, at least
     *   1 when the weight is above 0 and at most replicas − 1 when it is below 100; the stable track gets the rest.
     *   10 replicas at 20% give 8 stable and 2 canary.
     * - `"nginx"`: a stable Ingress and an ingress-nginx canary Ingress (`canary-weight`, `canary-by-header`).
     * - `"istio"`: a VirtualService (header match first, then weighted routes) and a DestinationRule with
     *   `stable` and `canary` subsets.
     *
     * Default: "replicas".
     * @default "replicas"
     * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary
     */
    readonly traffic?: TrafficMode;
    /** Requests with this header set to `canaryHeaderValue` always go to the canary. Default: none. @default none */
    readonly canaryHeader?: string;
    /** The header value that selects the canary. Default: "always". @default "always" */
    readonly canaryHeaderValue?: string;
    /**
     * Canary pods in the nginx and istio modes, where the weight is applied by the proxy. Default: round(replicas ×
     * weight / 100), at least 1 when the weight is above 0, 0 at weight 0.
     * @default round(replicas × weight / 100), at least 1 when the weight is above 0, 0 at weight 0
     */
    readonly canaryReplicas?: number;
    /**
     * Promote the canary: the stable track takes the canary's image and env, and the weight drops to 0. Default: false.
     * @default false
     */
    readonly promote?: boolean;
    /** A PodDisruptionBudget for the stable track. Default: none. @default none */
    readonly disruptionBudget?: DisruptionBudgetArgs;
    /**
     * The plan `k8s-workloads rollout <name>` drives this component through: weights, pauses and gates, in order.
     * Recorded, with its defaults, as the `rolloutPlan` output. Default: weights 10, 25, 50, 100 with an HTTP gate
     * against the canary pods after each.
     * @default weights 10, 25, 50, 100 with an HTTP gate against the canary pods after each
     * @see ../../docs/rollout.md
     */
    readonly rollout?: CanaryRolloutPlan;
}

/** The guide's total replica count (8 stable + 2 canary). */
export const DEFAULT_CANARY_REPLICAS = 10;

/**
 * The guide's canary: a stable and a canary Deployment, one Service across both, and a traffic split by replica
 * ratio, by an ingress-nginx canary Ingress, or by an Istio VirtualService. Promotion (`promote: true`) gives the
 * stable track the canary's image at weight 0.
 *
 * @example
 * new CanaryDeployment("shop", { replicas: 10, port: 8080,
 *   stable: { image: "myapp:v1.0.0" }, canary: { image: "myapp:v2.0.0" },
 *   canaryWeight: 20, traffic: "nginx", host: "shop.example.com", canaryHeader: "X-Canary" });
 */
export class CanaryDeployment extends pulumi.ComponentResource {
    /** The Service across stable and canary pods. */
    public readonly serviceName!: pulumi.Output<string>;
    /** The Service's cluster DNS name. */
    public readonly serviceDnsName!: pulumi.Output<string>;
    /** Stable pods. */
    public readonly stableReplicas!: pulumi.Output<number>;
    /** Canary pods. */
    public readonly canaryReplicas!: pulumi.Output<number>;
    /** The weight in effect (0 after a promotion). */
    public readonly canaryWeight!: pulumi.Output<number>;
    /** The rollout plan with its defaults filled in (what `k8s-workloads rollout` runs). */
    public readonly rolloutPlan!: pulumi.Output<Required<CanaryRolloutPlan>>;

    constructor(name: string, args: CanaryDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super(validComponentType("CanaryDeployment", name, validateCanaryDeploymentArgs(args)), name, {}, opts);

        const mode = args.traffic ?? "replicas";
        const weight = args.promote ? 0 : (args.canaryWeight ?? 0);
        const stableSpec = args.promote ? args.canary : args.stable;
        const total = args.replicas ?? DEFAULT_CANARY_REPLICAS;
        const split = pulumi
            .output(total)
            .apply((n): ReplicaSplit =>
                mode === "replicas"
                    ? splitReplicas(n, weight)
                    : { stable: n, canary: proxiedCanaryReplicas(n, weight, args.canaryReplicas) },
            );
        const base: LabelInput = { instance: name, app: args.appName, pattern: "canary" };
        const trackLabels = (track: string): LabelInput => ({ ...base, track: { [LABELS.track]: track } });

        const specs: Record<CanaryTrack, TrackArgs> = { stable: stableSpec, canary: args.canary };
        const deployments = CANARY_TRACKS.map((track) => {
            const input = canaryTrackInput(name, track, specs[track], trackLabels, split);
            return createTrackDeployment(this, args, args.port, input);
        });
        const service = new k8s.core.v1.Service(
            childName(name, "svc"),
            renderService(args, { name, labels: base, role: "canary" }),
            { parent: this },
        );
        createWorkloadNetworkPolicy(this, name, args, args.port, base);
        if (mode !== "replicas") {
            if (mode === "nginx") {
                this.createTrackServices(name, args, trackLabels);
            }
            const proxySplit = canaryProxySplit(mode, name, weight, args, trackLabels);
            createProxySplit(this, args, name, base, proxySplit, deployments);
        }
        if (args.disruptionBudget) {
            new k8s.policy.v1.PodDisruptionBudget(
                childName(name, "pdb"),
                renderPdb(childName(name, "pdb"), args, trackLabels("stable"), args.disruptionBudget),
                { parent: this },
            );
        }

        this.registerOutputs(
            setOutputs<CanaryDeployment>(this, {
                serviceName: service.metadata.name,
                serviceDnsName: serviceDns(service),
                stableReplicas: split.stable,
                canaryReplicas: split.canary,
                canaryWeight: pulumi.output(weight),
                rolloutPlan: pulumi.output(canaryPlanWithDefaults(args.rollout)),
            }),
        );
    }

    /** The nginx mode's Service per track, which its Ingresses route to. */
    private createTrackServices(
        name: string,
        args: CanaryDeploymentArgs,
        trackLabels: (track: string) => LabelInput,
    ): void {
        for (const track of CANARY_TRACKS) {
            const service = renderService(args, {
                name: childName(name, track),
                labels: trackLabels(track),
                role: track,
            });
            new k8s.core.v1.Service(childName(name, `${track}-svc`), service, { parent: this });
        }
    }
}
