/**
 * Everything the driver checks before its first `up`: the component exists, the plan is valid, the saved position
 * fits the request (start, `--resume` or `--abort`), every gate can run, and the stack reads the rollout state.
 */
import {
    BlueGreenRolloutPlan,
    CanaryRolloutPlan,
    PlanProblem,
    rolloutConfigKey,
    ROLLOUT_CONFIG_NAMESPACE,
} from "../../contract/rolloutPlan";
import { validateBlueGreenRolloutPlan, validateCanaryRolloutPlan } from "../../contract/rolloutPlanChecks";
import { idleColorOf, isColor } from "../../contract/patterns";
import { ComponentInfo, Engine, RolloutPosition, RolloutStateValue } from "./engine";
import { Action, blueGreenActions, canaryActions, planDigest, safeState } from "./program";

/** A problem found before any `up`: the CLI exits with 2. */
export class PreflightError extends Error {}

/** What the driver was asked to do. */
export interface DriverOptions {
    readonly component: string;
    readonly stack: string;
    /** The plan from `--plan`, parsed but not yet validated. */
    readonly plan?: unknown;
    readonly resume: boolean;
    readonly abort: boolean;
    readonly signal: AbortSignal;
}

/** The checked inputs of a run. */
export interface Setup {
    readonly info: ComponentInfo;
    readonly actions: readonly Action[];
    readonly digest: string;
    /** Index of the first action to run. */
    readonly start: number;
    readonly fromColor?: string;
    readonly toColor?: string;
    /** The last applied state (from the saved position), or undefined on a fresh start. */
    readonly applied?: RolloutStateValue;
    readonly startedAt?: string;
    /** The state an abort returns to. */
    readonly safe: RolloutStateValue;
}

const PLAN_FIELDS = {
    canary: ["steps"],
    blueGreen: ["prePromotionAnalysis", "postPromotionAnalysis", "scaleDownDelaySeconds"],
} as const;

/** Validates a plan of unknown shape for a component kind; returns every problem. */
export function checkPlan(kind: ComponentInfo["kind"], plan: unknown): PlanProblem[] {
    if (plan === undefined) {
        return [];
    }
    if (typeof plan !== "object" || plan === null || Array.isArray(plan)) {
        return [{ field: "plan", message: `the plan must be an object (got ${JSON.stringify(plan)})` }];
    }
    const allowed: readonly string[] = PLAN_FIELDS[kind];
    const unknownFields = Object.keys(plan).filter((key) => !allowed.includes(key));
    const unknownProblems = unknownFields.map((key) => ({
        field: `rollout.${key}`,
        message: `rollout.${key} is not a field of a ${kind === "canary" ? "canary" : "blue-green"} plan; its fields are ${allowed.join(", ")}`,
    }));
    const problems = kind === "canary" ? validateCanaryRolloutPlan(plan) : validateBlueGreenRolloutPlan(plan);
    return [...unknownProblems, ...problems];
}

const inProgress = (position: RolloutPosition | undefined): position is RolloutPosition =>
    position !== undefined && (position.status === "running" || position.status === "paused");

function checkPosition(options: DriverOptions, position: RolloutPosition | undefined, digest: string): void {
    const where = `${options.component} on stack ${options.stack}`;
    const lastStatus = position?.status;
    if (options.resume) {
        if (!inProgress(position)) {
            throw new PreflightError(
                `nothing to resume: no rollout of ${where} is in progress (${lastStatus ? `the last one is ${lastStatus}` : "none was started"}); start one without --resume`,
            );
        }
        if (position.planDigest !== digest) {
            throw new PreflightError(
                `the plan of ${where} changed since the rollout started (digest ${position.planDigest}, now ${digest}); restore the plan, or run --abort and start again`,
            );
        }
    } else if (options.abort && lastStatus === "completed") {
        throw new PreflightError(
            `the last rollout of ${where} completed, so there is nothing to abort; roll back with a new rollout or a normal up`,
        );
    } else if (!options.abort && inProgress(position)) {
        throw new PreflightError(
            `a rollout of ${where} is already ${position.status} at step ${position.next + 1}; continue it with --resume or roll it back with --abort`,
        );
    }
}

/** Runs every check; throws a {@link PreflightError} naming the problem and the fix. */
export async function prepare(engine: Engine, options: DriverOptions): Promise<Setup> {
    if (options.resume && options.abort) {
        throw new PreflightError("--resume and --abort exclude each other; give one of them");
    }
    const info = await engine.describe(options.component).catch((err: unknown) => {
        throw new PreflightError(err instanceof Error ? err.message : String(err));
    });
    const plan = options.plan ?? info.recordedPlan;
    const problems = checkPlan(info.kind, plan);
    if (problems.length > 0) {
        const source = options.plan !== undefined ? "the --plan file" : `the rolloutPlan of ${info.name}`;
        throw new PreflightError(
            `${source} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p.message}`).join("\n")}`,
        );
    }
    const digest = planDigest(plan);
    const position = await engine.loadPosition();
    checkPosition(options, position, digest);
    const resumed = options.resume || options.abort ? position : undefined;
    const fromColor = resumed?.fromColor ?? info.activeColor ?? "blue";
    const toColor = resumed?.toColor ?? idleColorOf(isColor(fromColor) ? fromColor : "blue");
    if (options.abort && info.kind === "blueGreen" && !inProgress(position)) {
        throw new PreflightError(
            `no blue-green rollout of ${options.component} on stack ${options.stack} is in progress, so there is no old color to return to; switch colors with a normal up`,
        );
    }
    const actions =
        info.kind === "canary"
            ? canaryActions(plan as CanaryRolloutPlan | undefined)
            : blueGreenActions(plan as BlueGreenRolloutPlan | undefined, fromColor, toColor);
    for (const action of options.abort ? [] : actions) {
        const problem = action.kind === "analysis" ? await engine.probe(action.analysis) : undefined;
        if (problem !== undefined) {
            throw new PreflightError(`${action.step} cannot run: ${problem}`);
        }
    }
    const safe = safeState(info.kind, fromColor);
    await engine.setState(options.abort ? safe : (resumed?.state ?? safe));
    if (!(await engine.programReadsState())) {
        const key = `${ROLLOUT_CONFIG_NAMESPACE}:${rolloutConfigKey(options.component)}`;
        const fields = info.kind === "canary" ? "canaryWeight and promote" : "activeColor and scaleDownIdle";
        throw new PreflightError(
            `the stack program does not read ${key}: call rolloutState(new pulumi.Config("${ROLLOUT_CONFIG_NAMESPACE}"), "${options.component}") and pass its ${fields} to the component (see docs/rollout.md)`,
        );
    }
    return {
        info,
        actions,
        digest,
        start: options.resume && resumed ? resumed.next : 0,
        fromColor: info.kind === "blueGreen" ? fromColor : undefined,
        toColor: info.kind === "blueGreen" ? toColor : undefined,
        applied: resumed?.state,
        startedAt: resumed?.startedAt,
        safe,
    };
}
