/**
 * Validation of rollout plans: every problem with its field path, the bad value and the fix. Imports only the plan
 * module, so the CLI driver and the components run the same checks.
 */
import {
    BlueGreenRolloutPlan,
    CONDITION_OPERATORS,
    CanaryRolloutPlan,
    HTTP_TARGETS,
    HttpAnalysis,
    PlanProblem,
    PrometheusAnalysis,
    ROLLOUT_DEFAULTS,
    RolloutAnalysis,
    RolloutPause,
    durationSeconds,
    parseSuccessCondition,
} from "./rolloutPlan";

const show = (value: unknown): string => (value === undefined ? "undefined" : JSON.stringify(value));

const isWholeNumber = (value: unknown, min: number): boolean =>
    typeof value === "number" && Number.isInteger(value) && value >= min;

/** Collects problems with field paths under a prefix. */
class PlanChecker {
    readonly problems: PlanProblem[] = [];

    add(field: string, message: string): void {
        this.problems.push({ field, message });
    }

    wholeNumber(field: string, value: unknown, min: number, example: string): void {
        if (value !== undefined && !isWholeNumber(value, min)) {
            this.add(field, `${field} must be a whole number of at least ${min} (got ${show(value)}); ${example}`);
        }
    }

    duration(field: string, value: unknown): void {
        if (value !== undefined && (typeof value !== "string" || durationSeconds(value) === undefined)) {
            this.add(field, `${field} must be a duration such as "30s", "5m" or "1h" (got ${show(value)})`);
        }
    }

    exactlyOne(field: string, value: object, keys: readonly string[]): string | undefined {
        const set = keys.filter((key) => (value as Record<string, unknown>)[key] !== undefined);
        if (set.length !== 1) {
            const got = set.length === 0 ? "none" : set.join(", ");
            this.add(field, `${field} must set exactly one of ${keys.join(", ")} (got ${got}); split it into steps`);
            return undefined;
        }
        return set[0];
    }
}

const ANALYSIS_KINDS = ["http", "prometheus", "job", "command"] as const;

function checkHttp(checker: PlanChecker, field: string, http: HttpAnalysis): void {
    checker.wholeNumber(`${field}.requests`, http.requests, 1, "for example 20");
    const percent = http.minSuccessPercent;
    if (percent !== undefined && !(typeof percent === "number" && percent >= 0 && percent <= 100)) {
        checker.add(
            `${field}.minSuccessPercent`,
            `${field}.minSuccessPercent must be between 0 and 100 (got ${show(percent)}); for example 99`,
        );
    }
    const latency = http.maxLatencyMs;
    if (latency !== undefined && !(typeof latency === "number" && latency > 0)) {
        checker.add(
            `${field}.maxLatencyMs`,
            `${field}.maxLatencyMs must be a number of milliseconds above 0 (got ${show(latency)}); for example 500`,
        );
    }
    if (http.path !== undefined && !http.path.startsWith("/")) {
        checker.add(`${field}.path`, `${field}.path must start with "/" (got ${show(http.path)})`);
    }
    const targets: readonly string[] = Object.values(HTTP_TARGETS);
    if (http.target !== undefined && !targets.includes(http.target)) {
        checker.add(
            `${field}.target`,
            `${field}.target must be one of ${targets.map((t) => `"${t}"`).join(", ")} (got ${show(http.target)})`,
        );
    }
}

function checkPrometheus(checker: PlanChecker, field: string, prometheus: PrometheusAnalysis): void {
    if (typeof prometheus.address !== "string" || !/^https?:\/\/[^/\s]+/.test(prometheus.address)) {
        checker.add(
            `${field}.address`,
            `${field}.address must be an http(s) URL such as "http://prometheus.monitoring:9090" (got ${show(prometheus.address)})`,
        );
    }
    if (typeof prometheus.query !== "string" || prometheus.query.trim() === "") {
        checker.add(`${field}.query`, `${field}.query must be a PromQL query (got ${show(prometheus.query)})`);
    }
    if (typeof prometheus.successCondition !== "string" || !parseSuccessCondition(prometheus.successCondition)) {
        checker.add(
            `${field}.successCondition`,
            `${field}.successCondition must read "result <op> <number>" with op one of ${CONDITION_OPERATORS.join(" ")} (got ${show(prometheus.successCondition)}); for example "result >= 0.99"`,
        );
    }
}

function checkAnalysis(checker: PlanChecker, field: string, analysis: RolloutAnalysis): void {
    const kind = checker.exactlyOne(field, analysis, ANALYSIS_KINDS);
    if (kind === "http" && analysis.http) {
        checkHttp(checker, `${field}.http`, analysis.http);
    } else if (kind === "prometheus" && analysis.prometheus) {
        checkPrometheus(checker, `${field}.prometheus`, analysis.prometheus);
    } else if (kind === "job" && analysis.job) {
        if (typeof analysis.job.image !== "string" || analysis.job.image === "") {
            checker.add(`${field}.job.image`, `${field}.job.image is required (got ${show(analysis.job.image)})`);
        }
        checker.wholeNumber(`${field}.job.timeoutSeconds`, analysis.job.timeoutSeconds, 1, "for example 300");
    } else if (kind === "command" && analysis.command) {
        const run = analysis.command.run;
        if (!Array.isArray(run) || run.length === 0 || run.some((part) => typeof part !== "string")) {
            checker.add(
                `${field}.command.run`,
                `${field}.command.run must be a program and its arguments (got ${show(run)}); for example ["./smoke-test.sh"]`,
            );
        }
        checker.wholeNumber(`${field}.command.timeoutSeconds`, analysis.command.timeoutSeconds, 1, "for example 300");
    }
    checker.duration(`${field}.interval`, analysis.interval);
    checker.wholeNumber(`${field}.count`, analysis.count, 1, "for example 3");
    checker.wholeNumber(`${field}.failureLimit`, analysis.failureLimit, 0, "for example 0");
    const count = analysis.count ?? ROLLOUT_DEFAULTS.count;
    const limit = analysis.failureLimit ?? ROLLOUT_DEFAULTS.failureLimit;
    if (isWholeNumber(count, 1) && isWholeNumber(limit, 0) && limit >= count) {
        checker.add(
            `${field}.failureLimit`,
            `${field}.failureLimit must be below count ${count} (got ${limit}); with ${limit} tolerated failures the gate could never fail`,
        );
    }
}

function checkPause(checker: PlanChecker, field: string, pause: RolloutPause): void {
    checker.duration(`${field}.duration`, pause.duration);
    if (pause.duration !== undefined && pause.untilResumed === true) {
        checker.add(
            field,
            `${field} sets both duration ${show(pause.duration)} and untilResumed: true; keep one of them`,
        );
    }
}

function checkWeight(checker: PlanChecker, field: string, weight: number, previous: number): void {
    if (!(typeof weight === "number" && Number.isInteger(weight) && weight >= 1 && weight <= 100)) {
        checker.add(field, `${field} must be a whole percentage from 1 to 100 (got ${show(weight)})`);
    } else if (weight <= previous) {
        checker.add(
            field,
            `${field} must be above the previous weight ${previous} (got ${weight}); list weights in increasing order, for example 10, 25, 50, 100`,
        );
    }
}

/** Validates a canary plan; returns every problem, with fields under `prefix` (for example `rollout`). */
export function validateCanaryRolloutPlan(plan: CanaryRolloutPlan | undefined, prefix = "rollout"): PlanProblem[] {
    const checker = new PlanChecker();
    const steps = plan?.steps;
    if (steps === undefined) {
        return checker.problems;
    }
    if (!Array.isArray(steps) || !steps.some((step) => step?.setWeight !== undefined)) {
        checker.add(
            `${prefix}.steps`,
            `${prefix}.steps must list at least one setWeight step (got ${show(steps)}); for example [{ setWeight: 20 }, { pause: { duration: "1m" } }]`,
        );
        return checker.problems;
    }
    let previous = 0;
    steps.forEach((step, index) => {
        const field = `${prefix}.steps[${index}]`;
        const kind = checker.exactlyOne(field, step ?? {}, ["setWeight", "pause", "analysis"]);
        if (kind === "setWeight" && step.setWeight !== undefined) {
            checkWeight(checker, `${field}.setWeight`, step.setWeight, previous);
            previous = Math.max(previous, typeof step.setWeight === "number" ? step.setWeight : previous);
        } else if (kind === "pause" && step.pause) {
            checkPause(checker, `${field}.pause`, step.pause);
        } else if (kind === "analysis" && step.analysis) {
            checkAnalysis(checker, `${field}.analysis`, step.analysis);
        }
    });
    return checker.problems;
}

/** Validates a blue-green plan; returns every problem, with fields under `prefix`. */
export function validateBlueGreenRolloutPlan(
    plan: BlueGreenRolloutPlan | undefined,
    prefix = "rollout",
): PlanProblem[] {
    const checker = new PlanChecker();
    if (plan?.prePromotionAnalysis) {
        checkAnalysis(checker, `${prefix}.prePromotionAnalysis`, plan.prePromotionAnalysis);
    }
    if (plan?.postPromotionAnalysis) {
        checkAnalysis(checker, `${prefix}.postPromotionAnalysis`, plan.postPromotionAnalysis);
    }
    checker.wholeNumber(`${prefix}.scaleDownDelaySeconds`, plan?.scaleDownDelaySeconds, 0, "for example 30");
    return checker.problems;
}
