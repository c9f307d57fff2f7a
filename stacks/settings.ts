import * as pulumi from "@pulumi/pulumi";
import type { core } from "../components";

/** The environments the stack program knows. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
/** One of {@link ENVIRONMENTS}. */
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** What every family's stack wiring receives. */
export interface StackSettings {
    /** The environment, from the `k8s-workloads:environment` config key (defaults to the stack name). */
    readonly env: EnvironmentName;
    /** The namespace the application workloads go in. */
    readonly namespace: pulumi.Input<string>;
    /** The project config, for family-specific keys. Only stacks/ reads config. */
    readonly config: pulumi.Config;
    /** Protect stateful resources from deletion (on in prod). */
    readonly protect: boolean;
    /**
     * The components' NetworkPolicies and the namespace's default-deny-ingress policy: config `networkPolicies`,
     * on in staging and prod, off in dev.
     */
    readonly networkPolicies: boolean;
}

/** Reads `networkPolicies` from config: default on in staging and prod, off in dev. */
export function networkPoliciesOf(config: pulumi.Config, env: EnvironmentName): boolean {
    return config.getBoolean("networkPolicies") ?? perEnv(env, { dev: false, staging: true, prod: true });
}

/** The namespace of the ingress controller (or mesh gateway) that routes outside traffic to the web workloads. */
export function ingressNamespaceOf(config: pulumi.Config, env: EnvironmentName): string {
    return (
        config.get("ingressNamespace") ??
        perEnv(env, { dev: "ingress-nginx", staging: "istio-system", prod: "ingress-nginx" })
    );
}

/**
 * The NetworkPolicy args of the stack's components: on when {@link StackSettings.networkPolicies}, allowing every
 * pod of the namespace plus, for the web workloads (`fromIngress`), the ingress controller's namespace.
 */
export function networkPolicyArgs(settings: StackSettings, fromIngress = false): core.NetworkPolicyArgs {
    const peers: core.NetworkPeerArgs[] = [{ podSelector: {} }];
    if (fromIngress) {
        const ingress = ingressNamespaceOf(settings.config, settings.env);
        peers.push({ namespaceSelector: { "kubernetes.io/metadata.name": ingress } });
    }
    return { enabled: settings.networkPolicies, allowFrom: peers };
}

/** Picks the value for the current environment. */
export function perEnv<T>(env: EnvironmentName, values: Record<EnvironmentName, T>): T {
    return values[env];
}

/** Reads the environment from config (`environment`), defaulting to the stack name. */
export function environmentOf(config: pulumi.Config, stack: string): EnvironmentName {
    const env = config.get("environment") ?? stack;
    if (!(ENVIRONMENTS as readonly string[]).includes(env)) {
        throw new Error(
            `environment must be one of ${ENVIRONMENTS.join(", ")} (got "${env}"); set it with "pulumi config set environment dev" or name the stack after it`,
        );
    }
    return env as EnvironmentName;
}
