import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LABELS } from "../../contract";
import {
    ChildNameRule,
    DisruptionBudgetArgs,
    LabelInput,
    Problems,
    WorkloadArgs,
    checkDnsLabel,
    checkInteger,
    checkRequired,
    childName,
    choiceValues,
    labelChild,
    renderPdb,
    serviceChild,
    setOutputs,
    show,
    subdomainChild,
    validComponentType,
    validateDisruptionBudget,
    validateReplicas,
    validateTrack,
    validateWorkloadArgs,
} from "../core";
import { createTrackDeployment, createWorkloadNetworkPolicy, renderService, serviceDns } from "./common";
import { abProxySplit } from "./abRouting";
import { ProxyRoutingArgs, createProxySplit } from "./split";
import { RolloutArgs, validateRollout } from "./rollout";
import { checkHeaderName, validateProxyRouting, validateTraffic } from "./traffic";

/** One variant of an A/B test. Variants share probes and resources so that the comparison is fair. */
export interface VariantArgs {
    /** The variant's name, a DNS-1123 label: "a", "b", "new-ui". Used in labels, names and routing. */
    readonly name: string;
    /** The image the variant runs. */
    readonly image: pulumi.Input<string>;
    /** Pods of this variant. Default: 5 (the guide's value). @default 5 (the guide's value) */
    readonly replicas?: pulumi.Input<number>;
    /** The variant's environment (feature flags); `VARIANT` is set to the upper-cased name. Default: none. @default none */
    readonly env?: Record<string, pulumi.Input<string>>;
    /**
     * Share of traffic in istio routing, 0 to 100; weights of all variants must add up to 100. Default: all to the
     * first variant.
     * @default all to the first variant
     */
    readonly weight?: number;
}

/** How requests reach a variant of an A/B test. */
export const AbRoutingMode = {
    /** No routing: a Service per variant and one across all; clients choose. */
    None: "none",
    /** An ingress-nginx canary Ingress selects the second variant by header or cookie. */
    Nginx: "nginx",
    /** An Istio VirtualService selects a variant by header or cookie, then by weight. */
    Istio: "istio",
} as const;
/** One of {@link AbRoutingMode}: `"none"`, `"nginx"` or `"istio"`. */
export type AbRoutingMode = (typeof AbRoutingMode)[keyof typeof AbRoutingMode];
/** The values of {@link AbRoutingMode}, in order. */
export const AB_ROUTING_MODES: readonly AbRoutingMode[] = choiceValues(AbRoutingMode);

/**
 * Args of an {@link ABTestDeployment}.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/
 */
export interface ABTestDeploymentArgs extends WorkloadArgs, RolloutArgs, ProxyRoutingArgs {
    /** The container port the app listens on. */
    readonly port: number;
    /** The variants, at least two, with distinct names. The first one is the control. */
    readonly variants: VariantArgs[];
    /**
     * Header- or cookie-based routing to the variants:
     * - `"none"`: a Service per variant and one across all; clients choose.
     * - `"nginx"`: an Ingress to the first variant and an ingress-nginx canary Ingress to the second, selected by
     *   `header` (value = the variant's name) or `cookie` (value "always"). Exactly two variants.
     * - `"istio"`: a VirtualService matching `header` (value = the variant's name) or `cookie` (`<cookie>=<name>`),
     *   then weights; a DestinationRule with one subset per variant.
     *
     * Default: "none".
     * @default "none"
     */
    readonly routing?: AbRoutingMode;
    /** Header that selects a variant by name. Default: "X-Variant". @default "X-Variant" */
    readonly header?: string;
    /** Cookie that selects a variant. Default: none. @default none */
    readonly cookie?: string;
    /** A PodDisruptionBudget per variant. Default: none. @default none */
    readonly disruptionBudget?: DisruptionBudgetArgs;
}

/** The guide's replica count per variant. */
export const DEFAULT_VARIANT_REPLICAS = 5;
/** The header nginx and istio routing read when none is given. */
export const DEFAULT_VARIANT_HEADER = "X-Variant";

/** Validates {@link ABTestDeploymentArgs}; returns every problem found. */
export function validateABTestDeploymentArgs(args: ABTestDeploymentArgs): Problems {
    const problems = new Problems();
    checkRequired(problems, "port", args.port, "give the container port the app listens on, for example 8080");
    validateWorkloadArgs(problems, args, args.port);
    validateRollout(problems, args);
    const variants = args.variants ?? [];
    if (variants.length < 2) {
        problems.add(
            "variants",
            `variants must list at least two variants (got ${variants.length}); an A/B test compares a control with at least one alternative`,
        );
    }
    const seen = new Set<string>();
    variants.forEach((variant, i) => {
        checkRequired(problems, `variants[${i}].name`, variant.name, `name the variant, for example "a"`);
        checkDnsLabel(problems, `variants[${i}].name`, variant.name);
        if (seen.has(variant.name)) {
            problems.add(
                `variants[${i}].name`,
                `variants[${i}].name must be unique (got ${show(variant.name)} twice); give every variant its own name`,
            );
        }
        seen.add(variant.name);
        validateTrack(problems, `variants[${i}]`, variant);
        validateReplicas(problems, `variants[${i}].replicas`, variant.replicas);
        checkInteger(problems, `variants[${i}].weight`, variant.weight, 0, 100);
    });
    const routing = args.routing ?? "none";
    validateTraffic(problems, "routing", routing, AB_ROUTING_MODES, args.host);
    validateProxyRouting(problems, args);
    checkHeaderName(problems, "header", args.header);
    if (routing === "nginx" && variants.length !== 2) {
        problems.add(
            "variants",
            `routing "nginx" supports exactly two variants (got ${variants.length}); ingress-nginx allows one canary Ingress per host, so use routing "istio" for more`,
        );
    }
    const weights = variants.map((v) => v.weight).filter((w): w is number => w !== undefined);
    if (weights.length > 0 && routing !== "istio") {
        problems.add(
            "variants",
            `variant weights apply only to routing "istio" (got routing ${show(routing)}); remove the weights or use istio`,
        );
    } else if (weights.length > 0 && weights.reduce((a, b) => a + b, 0) !== 100) {
        problems.add(
            "variants",
            `variant weights must add up to 100 (got ${weights.join(" + ")} = ${weights.reduce((a, b) => a + b, 0)}); give every variant a weight`,
        );
    }
    validateDisruptionBudget(problems, "disruptionBudget", args.disruptionBudget, undefined);
    return problems;
}

/** Every child an ABTestDeployment's name becomes: the shared Service and Ingress, and per variant its objects. */
export function abChildren(args: ABTestDeploymentArgs): ChildNameRule[] {
    const variants = Array.isArray(args.variants) ? args.variants : [];
    const names = variants.map((v: VariantArgs | null) => (typeof v?.name === "string" ? v.name : ""));
    return [
        serviceChild(""),
        subdomainChild("-ingress", "Ingress"),
        subdomainChild("-netpol", "NetworkPolicy"),
        ...names.flatMap((variant) => [
            labelChild(`-${variant}`, `Deployment of variant "${variant}"`),
            serviceChild(`-${variant}`, `Service of variant "${variant}"`),
            subdomainChild(`-${variant}-ingress`, `Ingress of variant "${variant}"`),
            subdomainChild(`-${variant}-env`, `env Secret of variant "${variant}"`),
        ]),
    ];
}

/**
 * The guide's A/B test: one Deployment and one Service per variant (each with its own feature-flag env), one
 * Service across all variants, and optional header- or cookie-based routing through nginx or Istio.
 *
 * @example
 * new ABTestDeployment("webapp-ab", { port: 8080, variants: [
 *   { name: "a", image: "myapp:v1.0.0", replicas: 5, env: { FEATURE_FLAG_NEW_UI: "false" } },
 *   { name: "b", image: "myapp:v1.0.0", replicas: 5, env: { FEATURE_FLAG_NEW_UI: "true" } } ] });
 */
export class ABTestDeployment extends pulumi.ComponentResource {
    /** The Service across all variants. */
    public readonly serviceName!: pulumi.Output<string>;
    /** The Service's cluster DNS name. */
    public readonly serviceDnsName!: pulumi.Output<string>;
    /** Each variant's own Service, by variant name. */
    public readonly variantServiceNames!: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: ABTestDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super(
            validComponentType("ABTestDeployment", name, validateABTestDeploymentArgs(args), abChildren(args)),
            name,
            {},
            opts,
        );

        const base: LabelInput = { instance: name, app: args.appName, pattern: "ab-test" };
        const variantLabels = (variant: string): LabelInput => ({ ...base, track: { [LABELS.variant]: variant } });
        const deployments: k8s.apps.v1.Deployment[] = [];
        const variantServices: Record<string, pulumi.Output<string>> = {};
        for (const variant of args.variants) {
            const resourceName = childName(name, variant.name);
            const track = {
                name: resourceName,
                labels: variantLabels(variant.name),
                image: variant.image,
                env: { ...(variant.env ?? {}), VARIANT: variant.name.toUpperCase() },
                replicas: variant.replicas ?? DEFAULT_VARIANT_REPLICAS,
            };
            deployments.push(createTrackDeployment(this, args, args.port, track));
            const service = new k8s.core.v1.Service(
                childName(resourceName, "svc"),
                renderService(args, { name: resourceName, labels: variantLabels(variant.name), role: "variant" }),
                { parent: this },
            );
            variantServices[variant.name] = service.metadata.name;
            if (args.disruptionBudget) {
                new k8s.policy.v1.PodDisruptionBudget(
                    childName(resourceName, "pdb"),
                    renderPdb(childName(resourceName, "pdb"), args, variantLabels(variant.name), args.disruptionBudget),
                    { parent: this },
                );
            }
        }
        const all = new k8s.core.v1.Service(
            childName(name, "svc"),
            renderService(args, { name, labels: base, role: "ab-test" }),
            { parent: this },
        );
        createWorkloadNetworkPolicy(this, name, args, args.port, base);
        const mode = args.routing ?? "none";
        if (mode !== "none") {
            const split = abProxySplit(mode, name, args.header ?? DEFAULT_VARIANT_HEADER, args, variantLabels);
            createProxySplit(this, args, name, base, split, deployments);
        }

        this.registerOutputs(
            setOutputs<ABTestDeployment>(this, {
                serviceName: all.metadata.name,
                serviceDnsName: serviceDns(all),
                variantServiceNames: pulumi.output(variantServices),
            }),
        );
    }
}
