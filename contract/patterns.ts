/**
 * The vocabulary of the patterns that the components write and the policy pack and the CLI read: the colors of a
 * blue-green deployment, the tracks of a canary and a CronJob's concurrency policies. Closed choices are `as const`
 * objects, the form Pulumi's schema inference turns into an enum.
 */

/**
 * The values of a closed choice written as an `as const` object, in declaration order:
 * `choiceValues(Color)` is `["blue", "green"]`.
 */
export function choiceValues<T extends string>(choices: Readonly<Record<string, T>>): readonly T[] {
    return Object.values(choices);
}

/** The two colors of a blue-green deployment. */
export const Color = {
    /** The blue Deployment (`<name>-blue`). */
    Blue: "blue",
    /** The green Deployment (`<name>-green`). */
    Green: "green",
} as const;
/** One of {@link Color}: `"blue"` or `"green"`. */
export type Color = (typeof Color)[keyof typeof Color];
/** The values of {@link Color}, in order. */
export const COLORS: readonly Color[] = choiceValues(Color);

/** The other color: the idle one when `active` is live. */
export function idleColorOf(active: Color): Color {
    return active === "blue" ? "green" : "blue";
}

/** Whether a label value or a string read from a cluster is one of the {@link COLORS}. */
export function isColor(value: string | undefined): value is Color {
    return COLORS.some((color) => color === value);
}

/** The two tracks of a canary, the values of its `version` label. */
export const CANARY_TRACKS = ["stable", "canary"] as const;
/** One of {@link CANARY_TRACKS}. */
export type CanaryTrack = (typeof CANARY_TRACKS)[number];

/** Whether a label value or a string read from a cluster is one of the {@link CANARY_TRACKS}. */
export function isCanaryTrack(value: string | undefined): value is CanaryTrack {
    return CANARY_TRACKS.some((track) => track === value);
}

/**
 * What a CronJob does when a run is due while the previous one is still running.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy
 */
export const ConcurrencyPolicy = {
    /** Skip the new run. */
    Forbid: "Forbid",
    /** Run both. */
    Allow: "Allow",
    /** Stop the running Job and start the new one. */
    Replace: "Replace",
} as const;
/** One of {@link ConcurrencyPolicy}: `"Forbid"`, `"Allow"` or `"Replace"`. */
export type ConcurrencyPolicy = (typeof ConcurrencyPolicy)[keyof typeof ConcurrencyPolicy];
/** CronJob concurrency policies: the values of {@link ConcurrencyPolicy}, in order. */
export const CONCURRENCY_POLICIES: readonly ConcurrencyPolicy[] = choiceValues(ConcurrencyPolicy);
