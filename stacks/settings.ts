import * as pulumi from "@pulumi/pulumi";

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
