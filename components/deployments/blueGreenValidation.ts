import { COLORS, idleColorOf } from "../../contract";
import { Problems, checkInteger, checkOneOf, show, validateTrack } from "../core";
import { validateDeploymentBase } from "./rollout";
import { validateBlueGreenRolloutPlan } from "./rolloutState";
import type { BlueGreenDeploymentArgs } from "./blueGreenDeployment";

/**
 * Validation of {@link BlueGreenDeploymentArgs}: the shared workload args, the colors (each validated like the
 * shared args by `validateTrack`), the rollout and the scale-down delay.
 */

/** Validates {@link BlueGreenDeploymentArgs}; returns every problem found. */
export function validateBlueGreenDeploymentArgs(args: BlueGreenDeploymentArgs): Problems {
    const problems = new Problems();
    validateDeploymentBase(problems, args);
    checkInteger(problems, "idleReplicas", args.idleReplicas, 0);
    validateScaleDownDelay(problems, args);
    const active = args.activeColor ?? "blue";
    checkOneOf(problems, "activeColor", active, COLORS);
    if (!COLORS.includes(active)) {
        return problems;
    }
    const idle = idleColorOf(active);
    if (!args[active]) {
        problems.add(
            active,
            `${active} is required because activeColor is ${show(active)} (got undefined); give ${active}: { image: "..." }`,
        );
    }
    if (!args[idle] && !args.removeIdle) {
        problems.add(
            idle,
            `${idle} is required to keep the idle color (got undefined); give ${idle}: { image: "..." }, or set removeIdle: true`,
        );
    }
    for (const color of COLORS) {
        const spec = args[color];
        if (spec) {
            validateTrack(problems, color, spec);
        }
    }
    return problems;
}

/** Checks `scaleDownDelaySeconds`, the plan, and that the two delays agree when both are set. */
function validateScaleDownDelay(problems: Problems, args: BlueGreenDeploymentArgs): void {
    checkInteger(problems, "scaleDownDelaySeconds", args.scaleDownDelaySeconds, 0, undefined, "for example 30");
    problems.addAll(validateBlueGreenRolloutPlan(args.rollout));
    const planDelay = args.rollout?.scaleDownDelaySeconds;
    if (
        args.scaleDownDelaySeconds !== undefined &&
        planDelay !== undefined &&
        planDelay !== args.scaleDownDelaySeconds
    ) {
        problems.add(
            "scaleDownDelaySeconds",
            `scaleDownDelaySeconds ${show(args.scaleDownDelaySeconds)} and rollout.scaleDownDelaySeconds ${show(planDelay)} disagree; set one of them, or both to the same value`,
        );
    }
}
