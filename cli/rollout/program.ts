/**
 * Turns a validated plan into the driver's list of actions: applies (one `up` each), gates and pauses. Pure.
 */
import {
    BlueGreenRolloutPlan,
    CanaryRolloutPlan,
    HTTP_TARGETS,
    ROLLOUT_DEFAULTS,
    RolloutAnalysis,
    blueGreenPlanWithDefaults,
    canaryPlanWithDefaults,
    durationSeconds,
} from "../../contract/rolloutPlan";
import { ANALYSIS_TARGETS, AnalysisTarget, ResolvedAnalysis, RolloutStateValue } from "./engine";

/** One action of a rollout: an `apply` is one `up`; a failed `analysis` aborts to the safe state. */
export type Action =
    | { readonly kind: "apply"; readonly step: string; readonly state: RolloutStateValue }
    | { readonly kind: "analysis"; readonly step: string; readonly analysis: ResolvedAnalysis }
    | { readonly kind: "pause"; readonly step: string; readonly seconds?: number };

/** The state an abort returns to: no canary traffic, stable untouched; or the old color live and warm. */
export function safeState(kind: "canary" | "blueGreen", fromColor?: string): RolloutStateValue {
    return kind === "canary" ? { canaryWeight: 0, promote: false } : { activeColor: fromColor, scaleDownIdle: false };
}

/** Fills in a gate's defaults for a target. */
export function resolveAnalysis(analysis: RolloutAnalysis, defaultTarget: AnalysisTarget): ResolvedAnalysis {
    const common = {
        intervalSeconds: durationSeconds(analysis.interval ?? ROLLOUT_DEFAULTS.interval) ?? 0,
        count: analysis.count ?? ROLLOUT_DEFAULTS.count,
        failureLimit: analysis.failureLimit ?? ROLLOUT_DEFAULTS.failureLimit,
    };
    if (analysis.http) {
        const http = analysis.http;
        // For a canary, "service" means the component's Service; blue-green gates keep their preview/live target.
        const target =
            defaultTarget === ANALYSIS_TARGETS.canary && http.target === HTTP_TARGETS.service
                ? ANALYSIS_TARGETS.service
                : defaultTarget;
        return {
            ...common,
            kind: "http",
            target,
            http: {
                path: http.path ?? ROLLOUT_DEFAULTS.httpPath,
                port: http.port ?? "",
                requests: http.requests ?? ROLLOUT_DEFAULTS.httpRequests,
                minSuccessPercent: http.minSuccessPercent ?? ROLLOUT_DEFAULTS.httpMinSuccessPercent,
                maxLatencyMs: http.maxLatencyMs ?? ROLLOUT_DEFAULTS.httpMaxLatencyMs,
                target: http.target ?? HTTP_TARGETS.canary,
            },
        };
    }
    if (analysis.prometheus) {
        return { ...common, kind: "prometheus", target: defaultTarget, prometheus: analysis.prometheus };
    }
    if (analysis.job) {
        return { ...common, kind: "job", target: defaultTarget, job: analysis.job };
    }
    return { ...common, kind: "command", target: defaultTarget, command: analysis.command ?? { run: [] } };
}

/** The actions of a canary plan: each step in order, then the promotion. */
export function canaryActions(plan: CanaryRolloutPlan | undefined): Action[] {
    const steps = canaryPlanWithDefaults(plan).steps;
    const total = steps.length + 1;
    const label = (index: number, what: string) => `step ${index + 1}/${total} ${what}`;
    const actions = steps.map((step, index): Action => {
        if (step.setWeight !== undefined) {
            return {
                kind: "apply",
                step: label(index, `setWeight ${step.setWeight}`),
                state: { canaryWeight: step.setWeight, promote: false },
            };
        }
        if (step.pause) {
            const seconds = step.pause.duration !== undefined ? durationSeconds(step.pause.duration) : undefined;
            return {
                kind: "pause",
                step: label(index, seconds === undefined ? "pause until resumed" : `pause ${step.pause.duration}`),
                seconds,
            };
        }
        const analysis = resolveAnalysis(step.analysis ?? {}, ANALYSIS_TARGETS.canary);
        return { kind: "analysis", step: label(index, `analysis ${analysis.kind}`), analysis };
    });
    actions.push({ kind: "apply", step: label(steps.length, "promote"), state: { canaryWeight: 0, promote: true } });
    return actions;
}

/**
 * The actions of a blue-green rollout from one color to the other: bring the preview color up, gate it through the
 * preview Service, switch, gate the live Service, wait `scaleDownDelaySeconds`, scale the old color down.
 */
export function blueGreenActions(plan: BlueGreenRolloutPlan | undefined, from: string, to: string): Action[] {
    const full = blueGreenPlanWithDefaults(plan);
    const total = 6;
    const label = (index: number, what: string) => `step ${index + 1}/${total} ${what}`;
    const pre = resolveAnalysis(full.prePromotionAnalysis, ANALYSIS_TARGETS.preview);
    const post = resolveAnalysis(full.postPromotionAnalysis, ANALYSIS_TARGETS.service);
    return [
        { kind: "apply", step: label(0, `preview ${to}`), state: { activeColor: from, scaleDownIdle: false } },
        { kind: "analysis", step: label(1, `pre-promotion analysis ${pre.kind}`), analysis: pre },
        { kind: "apply", step: label(2, `switch to ${to}`), state: { activeColor: to, scaleDownIdle: false } },
        { kind: "analysis", step: label(3, `post-promotion analysis ${post.kind}`), analysis: post },
        {
            kind: "pause",
            step: label(4, `scale-down delay ${full.scaleDownDelaySeconds}s`),
            seconds: full.scaleDownDelaySeconds,
        },
        { kind: "apply", step: label(5, `scale down ${from}`), state: { activeColor: to, scaleDownIdle: true } },
    ];
}

/** A short, stable digest of a plan (FNV-1a over its JSON), so `--resume` refuses a changed plan. */
export function planDigest(plan: unknown): string {
    let hash = 0x811c9dc5;
    for (const char of JSON.stringify(plan ?? null)) {
        hash ^= char.charCodeAt(0);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, "0");
}
