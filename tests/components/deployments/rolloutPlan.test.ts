/**
 * Rollout plans: defaults, durations, success conditions, and every validation message verbatim.
 */
import * as assert from "assert";
import {
    DEFAULT_CANARY_STEPS,
    blueGreenPlanWithDefaults,
    canaryPlanWithDefaults,
    durationSeconds,
    meetsCondition,
    parseSuccessCondition,
    validateBlueGreenRolloutPlan,
    validateCanaryRolloutPlan,
} from "k8s-workloads";
import type { CanaryRolloutPlan, RolloutAnalysis } from "k8s-workloads";

const messages = (plan: CanaryRolloutPlan) => validateCanaryRolloutPlan(plan).map((p) => p.message);
const gate = (analysis: RolloutAnalysis) => messages({ steps: [{ setWeight: 10 }, { analysis }] });

describe("rollout plan defaults", () => {
    it("is 10, 25, 50, 100 with the HTTP gate after each weight", () => {
        assert.deepStrictEqual(
            DEFAULT_CANARY_STEPS.map((s) => s.setWeight ?? (s.analysis?.http ? "http" : "?")),
            [10, "http", 25, "http", 50, "http", 100, "http"],
        );
        assert.deepStrictEqual(canaryPlanWithDefaults(undefined).steps, [...DEFAULT_CANARY_STEPS]);
        assert.deepStrictEqual(validateCanaryRolloutPlan({ steps: [...DEFAULT_CANARY_STEPS] }), []);
    });

    it("keeps given steps, and gives blue-green HTTP gates and a 30s scale-down delay", () => {
        assert.deepStrictEqual(canaryPlanWithDefaults({ steps: [{ setWeight: 5 }] }).steps, [{ setWeight: 5 }]);
        assert.deepStrictEqual(blueGreenPlanWithDefaults(undefined), {
            prePromotionAnalysis: { http: {} },
            postPromotionAnalysis: { http: {} },
            scaleDownDelaySeconds: 30,
        });
        assert.strictEqual(blueGreenPlanWithDefaults({ scaleDownDelaySeconds: 0 }).scaleDownDelaySeconds, 0);
    });

    it("parses durations and success conditions", () => {
        assert.deepStrictEqual(["30s", "5m", "1h", "5", "1.5m", ""].map(durationSeconds), [
            30,
            300,
            3600,
            undefined,
            undefined,
            undefined,
        ]);
        assert.deepStrictEqual(parseSuccessCondition("result >= 0.99"), { operator: ">=", threshold: 0.99 });
        assert.deepStrictEqual(parseSuccessCondition(" result<5 "), { operator: "<", threshold: 5 });
        assert.strictEqual(parseSuccessCondition("value > 1"), undefined);
        const at = (text: string, value: number) => {
            const condition = parseSuccessCondition(text);
            assert.ok(condition, text);
            return meetsCondition(value, condition);
        };
        assert.deepStrictEqual(
            [
                at("result >= 1", 1),
                at("result > 1", 1),
                at("result < 1", 0),
                at("result <= 0", 1),
                at("result == 2", 2),
                at("result != 2", 2),
            ],
            [true, false, true, false, true, false],
        );
    });
});

describe("rollout plan validation", () => {
    it("accepts pauses, every gate kind and their settings", () => {
        const plan: CanaryRolloutPlan = {
            steps: [
                { setWeight: 5 },
                { pause: {} },
                { pause: { duration: "30s" } },
                { pause: { untilResumed: true } },
                { setWeight: 20 },
                {
                    analysis: {
                        http: {
                            path: "/health",
                            requests: 50,
                            minSuccessPercent: 95,
                            maxLatencyMs: 300,
                            target: "service",
                        },
                    },
                },
                {
                    analysis: {
                        prometheus: { address: "http://prom:9090", query: "sum(up)", successCondition: "result > 0" },
                    },
                },
                { analysis: { job: { image: "curl:8", command: ["curl", "-f", "http://shop"] }, count: 1 } },
                { analysis: { command: { run: ["./smoke.sh"] }, interval: "1m", count: 5, failureLimit: 2 } },
                { setWeight: 100 },
            ],
        };
        assert.deepStrictEqual(validateCanaryRolloutPlan(plan), []);
    });

    it("names weights out of order, above 100, and not whole", () => {
        assert.deepStrictEqual(
            messages({ steps: [{ setWeight: 50 }, { setWeight: 50 }, { setWeight: 101 }, { setWeight: 60.5 }] }),
            [
                "rollout.steps[1].setWeight must be above the previous weight 50 (got 50); list weights in increasing order, for example 10, 25, 50, 100",
                "rollout.steps[2].setWeight must be a whole percentage from 1 to 100 (got 101)",
                "rollout.steps[3].setWeight must be a whole percentage from 1 to 100 (got 60.5)",
            ],
        );
        assert.deepStrictEqual(messages({ steps: [{ setWeight: 0 }] }), [
            "rollout.steps[0].setWeight must be a whole percentage from 1 to 100 (got 0)",
        ]);
    });

    it("needs exactly one of setWeight, pause, analysis per step, and at least one weight", () => {
        assert.deepStrictEqual(messages({ steps: [{ setWeight: 10, pause: {} }, {}] }), [
            "rollout.steps[0] must set exactly one of setWeight, pause, analysis (got setWeight, pause); split it into steps",
            "rollout.steps[1] must set exactly one of setWeight, pause, analysis (got none); split it into steps",
        ]);
        assert.deepStrictEqual(messages({ steps: [{ pause: {} }] }), [
            'rollout.steps must list at least one setWeight step (got [{"pause":{}}]); for example [{ setWeight: 20 }, { pause: { duration: "1m" } }]',
        ]);
    });

    it("checks pauses", () => {
        assert.deepStrictEqual(
            messages({
                steps: [
                    { setWeight: 10 },
                    { pause: { duration: "5 minutes" } },
                    { pause: { duration: "5m", untilResumed: true } },
                ],
            }),
            [
                'rollout.steps[1].pause.duration must be a duration such as "30s", "5m" or "1h" (got "5 minutes")',
                'rollout.steps[2].pause sets both duration "5m" and untilResumed: true; keep one of them',
            ],
        );
    });

    it("needs exactly one gate kind and sane counts", () => {
        assert.deepStrictEqual(gate({ http: {}, command: { run: ["x"] } }), [
            "rollout.steps[1].analysis must set exactly one of http, prometheus, job, command (got http, command); split it into steps",
        ]);
        assert.deepStrictEqual(gate({ http: {}, count: 0, interval: "soon" }), [
            'rollout.steps[1].analysis.interval must be a duration such as "30s", "5m" or "1h" (got "soon")',
            "rollout.steps[1].analysis.count must be a whole number of at least 1 (got 0); for example 3",
        ]);
        assert.deepStrictEqual(gate({ http: {}, count: 2, failureLimit: 2 }), [
            "rollout.steps[1].analysis.failureLimit must be below count 2 (got 2); with 2 tolerated failures the gate could never fail",
        ]);
    });

    it("checks HTTP settings", () => {
        assert.deepStrictEqual(
            // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
            gate({ http: { path: "health", requests: 0, minSuccessPercent: 150, maxLatencyMs: 0, target: "pods" } }),
            [
                "rollout.steps[1].analysis.http.requests must be a whole number of at least 1 (got 0); for example 20",
                "rollout.steps[1].analysis.http.minSuccessPercent must be between 0 and 100 (got 150); for example 99",
                "rollout.steps[1].analysis.http.maxLatencyMs must be a number of milliseconds above 0 (got 0); for example 500",
                'rollout.steps[1].analysis.http.path must start with "/" (got "health")',
                'rollout.steps[1].analysis.http.target must be one of "canary", "service" (got "pods")',
            ],
        );
    });

    it("checks Prometheus, Job and command gates", () => {
        assert.deepStrictEqual(gate({ prometheus: { address: "prom:9090", query: " ", successCondition: "> 1" } }), [
            'rollout.steps[1].analysis.prometheus.address must be an http(s) URL such as "http://prometheus.monitoring:9090" (got "prom:9090")',
            'rollout.steps[1].analysis.prometheus.query must be a PromQL query (got " ")',
            'rollout.steps[1].analysis.prometheus.successCondition must read "result <op> <number>" with op one of <= >= == != < > (got "> 1"); for example "result >= 0.99"',
        ]);
        assert.deepStrictEqual(gate({ job: { image: "", timeoutSeconds: 0 } }), [
            'rollout.steps[1].analysis.job.image is required (got "")',
            "rollout.steps[1].analysis.job.timeoutSeconds must be a whole number of at least 1 (got 0); for example 300",
        ]);
        assert.deepStrictEqual(gate({ command: { run: [] } }), [
            'rollout.steps[1].analysis.command.run must be a program and its arguments (got []); for example ["./smoke-test.sh"]',
        ]);
    });

    it("checks blue-green plans under their own field names", () => {
        assert.deepStrictEqual(
            validateBlueGreenRolloutPlan(
                { postPromotionAnalysis: { http: { requests: -1 } }, scaleDownDelaySeconds: -5 },
                "webapp.rollout",
            ).map((p) => p.field),
            ["webapp.rollout.postPromotionAnalysis.http.requests", "webapp.rollout.scaleDownDelaySeconds"],
        );
        assert.deepStrictEqual(validateBlueGreenRolloutPlan(undefined), []);
    });
});
