import * as pulumi from "@pulumi/pulumi";
import { ROLLOUT_CONFIG_NAMESPACE, rolloutConfigKey, rolloutReadMarker } from "../../contract/rolloutPlan";
import type { Color } from "../../contract";

// The public API of rollouts is this module: the helper, the plan types, defaults and checks.
export * from "../../contract/rolloutPlan";
export * from "../../contract/rolloutPlanChecks";

/**
 * What `k8s-workloads rollout` asks a component to be at its current step. Every field is undefined when no rollout
 * has run for the component, so a stack falls back to its own settings:
 * `canaryWeight: state.canaryWeight ?? config.getNumber("shopCanaryWeight") ?? 0`.
 */
export interface RolloutState {
    /** True when the driver has set a state for this component. */
    readonly active: boolean;
    /** A canary's weight (pass it as CanaryDeployment's `canaryWeight`). */
    readonly canaryWeight?: number;
    /** Promote a canary (pass it as CanaryDeployment's `promote`). */
    readonly promote?: boolean;
    /** A blue-green's live color (pass it as BlueGreenDeployment's `activeColor`). */
    readonly activeColor?: Color;
    /** Scale the idle color down (pass `scaleDownIdle ? 0 : undefined` as BlueGreenDeployment's `idleReplicas`). */
    readonly scaleDownIdle?: boolean;
}

/** What reads config: a `pulumi.Config` of the `k8s-workloads` namespace. */
export interface RolloutConfigReader {
    readonly name: string;
    get(key: string): string | undefined;
}

const ALLOWED_KEYS = ["canaryWeight", "promote", "activeColor", "scaleDownIdle"] as const;

function fail(component: string, detail: string): never {
    throw new pulumi.RunError(
        `${ROLLOUT_CONFIG_NAMESPACE}:${rolloutConfigKey(component)} ${detail}; it is written by "k8s-workloads rollout ${component}": run "k8s-workloads rollout ${component} --abort", or remove it with "pulumi config rm ${ROLLOUT_CONFIG_NAMESPACE}:${rolloutConfigKey(component)}"`,
    );
}

/** Parses the JSON the driver writes; throws naming the key and the bad value. */
export function parseRolloutState(component: string, raw: string | undefined): RolloutState {
    if (raw === undefined || raw === "") {
        return { active: false };
    }
    let value: unknown;
    try {
        value = JSON.parse(raw);
    } catch {
        return fail(component, `must be a JSON object (got ${JSON.stringify(raw)})`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return fail(component, `must be a JSON object (got ${JSON.stringify(raw)})`);
    }
    const record = value as Record<string, unknown>;
    const unknownKeys = Object.keys(record).filter((k) => !(ALLOWED_KEYS as readonly string[]).includes(k));
    if (unknownKeys.length > 0) {
        return fail(component, `has unknown fields ${unknownKeys.join(", ")} (allowed: ${ALLOWED_KEYS.join(", ")})`);
    }
    const { canaryWeight, promote, activeColor, scaleDownIdle } = record;
    if (canaryWeight !== undefined && !(typeof canaryWeight === "number" && canaryWeight >= 0 && canaryWeight <= 100)) {
        return fail(component, `canaryWeight must be between 0 and 100 (got ${JSON.stringify(canaryWeight)})`);
    }
    if (activeColor !== undefined && activeColor !== "blue" && activeColor !== "green") {
        return fail(component, `activeColor must be "blue" or "green" (got ${JSON.stringify(activeColor)})`);
    }
    for (const [field, flag] of [
        ["promote", promote],
        ["scaleDownIdle", scaleDownIdle],
    ] as const) {
        if (flag !== undefined && typeof flag !== "boolean") {
            return fail(component, `${field} must be true or false (got ${JSON.stringify(flag)})`);
        }
    }
    return {
        active: true,
        canaryWeight: canaryWeight,
        promote: promote as boolean | undefined,
        activeColor: activeColor,
        scaleDownIdle: scaleDownIdle as boolean | undefined,
    };
}

/**
 * Reads the rollout state `k8s-workloads rollout <component>` set for this `up` (the config key
 * `k8s-workloads:rollout.<component>`, JSON). This is the one call a stack needs to be driven by the rollout
 * command; when the key is set it logs a line the driver's preflight preview looks for, so a stack that forgets the
 * call fails before any `up`.
 *
 * @param config a `pulumi.Config` of the `k8s-workloads` namespace: `new pulumi.Config("k8s-workloads")`
 * (in a project named k8s-workloads, `new pulumi.Config()` is the same)
 * @param component the component's name, as given to its constructor
 * @example
 * const shopRollout = rolloutState(new pulumi.Config("k8s-workloads"), "shop");
 * new CanaryDeployment("shop", { ..., canaryWeight: shopRollout.canaryWeight ?? 0, promote: shopRollout.promote });
 * @see ../../docs/rollout.md
 */
export function rolloutState(config: RolloutConfigReader, component: string): RolloutState {
    if (config.name !== ROLLOUT_CONFIG_NAMESPACE) {
        throw new pulumi.RunError(
            `rolloutState needs the config of namespace "${ROLLOUT_CONFIG_NAMESPACE}" (got "${config.name}"); pass new pulumi.Config("${ROLLOUT_CONFIG_NAMESPACE}")`,
        );
    }
    const raw = config.get(rolloutConfigKey(component));
    const state = parseRolloutState(component, raw);
    if (state.active) {
        pulumi.log.info(`${rolloutReadMarker(component)} = ${raw ?? ""}`);
    }
    return state;
}
