/**
 * Rollout plans as plain data: the steps `k8s-workloads rollout` drives a CanaryDeployment or a
 * BlueGreenDeployment through. No callbacks and no union types in the declared shapes, so the plan is the same data
 * from TypeScript, Python, Go or YAML; closed choices are `as const` objects, checked at run time.
 *
 * This module imports nothing: the CLI driver validates plans with the same functions the components use.
 * @see ../../docs/rollout.md
 */

/** How an HTTP gate reaches the pods it judges. */
export const HttpTarget = {
    /** The canary track's pods only, one after another (through the API server's pod proxy). */
    Canary: "canary",
    /** The component's Service (stable and canary pods alike; the preview or live Service of a blue-green). */
    Service: "service",
} as const;
/** One of {@link HttpTarget}: `"canary"` or `"service"`. */
export type HttpTarget = (typeof HttpTarget)[keyof typeof HttpTarget];
/** {@link HttpTarget} by its value (the keys the CLI driver uses). */
export const HTTP_TARGETS = { canary: HttpTarget.Canary, service: HttpTarget.Service } as const;

/** A pause: a `duration` ("30s", "5m"), or until the driver is run again with `--resume` (`{}`). */
export interface RolloutPause {
    /**
     * How long to wait, for example "30s" or "5m". Default: none: wait until resumed.
     * @default none: wait until resumed
     */
    readonly duration?: string;
    /**
     * Wait until `k8s-workloads rollout --resume`. The default when `duration` is not set. Default: true.
     * @default true
     */
    readonly untilResumed?: boolean;
}

/** N requests to a path: the share that must succeed (2xx/3xx) and the 95th-percentile latency allowed. */
export interface HttpAnalysis {
    /** The request path. Default: "/". @default "/" */
    readonly path?: string;
    /**
     * The Service port (name or number) or, for the canary target, the container port. Default: the first port.
     * @default the first port
     */
    readonly port?: string;
    /** Requests per measurement. Default: 20. @default 20 */
    readonly requests?: number;
    /** Percentage of requests that must succeed, 0 to 100. Default: 99. @default 99 */
    readonly minSuccessPercent?: number;
    /** Highest 95th-percentile latency in milliseconds. Default: 1000. @default 1000 */
    readonly maxLatencyMs?: number;
    /**
     * What receives the requests: "canary" (its pods) or "service". Default: "canary" for canaries.
     * @default "canary" for canaries
     */
    readonly target?: HttpTarget;
}

/** A Prometheus instant query and the condition its first value must meet, for example `result >= 0.99`. */
export interface PrometheusAnalysis {
    /** The Prometheus base URL, for example "http://prometheus.monitoring:9090". */
    readonly address: string;
    /** The PromQL query; its first sample (or scalar) is `result`. */
    readonly query: string;
    /** `result <op> <number>` with op one of <, <=, >, >=, ==, !=. */
    readonly successCondition: string;
}

/** A Job in the component's namespace: exit code 0 passes. */
export interface JobAnalysis {
    /** The Job's image. */
    readonly image: string;
    /** The container command. Default: the image's entrypoint. @default the image's entrypoint */
    readonly command?: string[];
    /** Seconds the Job may run. Default: 300. @default 300 */
    readonly timeoutSeconds?: number;
}

/** A command run on the machine that runs the driver (CI): exit code 0 passes. */
export interface CommandAnalysis {
    /** The program and its arguments, for example ["./smoke-test.sh"]. */
    readonly run: string[];
    /** Seconds the command may run. Default: 300. @default 300 */
    readonly timeoutSeconds?: number;
}

/** A gate: exactly one of `http`, `prometheus`, `job`, `command`, measured `count` times, `interval` apart. */
export interface RolloutAnalysis {
    /** HTTP success rate and latency through the Service or at the canary pods. */
    readonly http?: HttpAnalysis;
    /** A Prometheus query with a success condition. */
    readonly prometheus?: PrometheusAnalysis;
    /** A Job whose exit code decides. */
    readonly job?: JobAnalysis;
    /** A local command whose exit code decides. */
    readonly command?: CommandAnalysis;
    /** Time between measurements, for example "10s". Default: "10s". @default "10s" */
    readonly interval?: string;
    /** Measurements taken. Default: 3. @default 3 */
    readonly count?: number;
    /** Failed measurements tolerated; one more fails the gate. Default: 0. @default 0 */
    readonly failureLimit?: number;
}

/** One step of a canary plan: exactly one of `setWeight`, `pause`, `analysis`. */
export interface RolloutStep {
    /** The canary's share of traffic, 1 to 100, above the previous step's. */
    readonly setWeight?: number;
    /** Wait for a duration or until resumed. */
    readonly pause?: RolloutPause;
    /** A gate that must pass before the next step. */
    readonly analysis?: RolloutAnalysis;
}

/** The rollout plan of a CanaryDeployment. */
export interface CanaryRolloutPlan {
    /**
     * The steps, in order; after the last one the canary is promoted. Default: 10, 25, 50, 100 with an HTTP gate after
     * each.
     * @default 10, 25, 50, 100 with an HTTP gate after each
     */
    readonly steps?: RolloutStep[];
}

/** The rollout plan of a BlueGreenDeployment. */
export interface BlueGreenRolloutPlan {
    /** A gate against the preview Service before the switch. Default: an HTTP gate. @default an HTTP gate */
    readonly prePromotionAnalysis?: RolloutAnalysis;
    /**
     * A gate against the live Service after the switch; failing it switches back. Default: an HTTP gate.
     * @default an HTTP gate
     */
    readonly postPromotionAnalysis?: RolloutAnalysis;
    /** Seconds the old color stays up after a successful switch before it is scaled down. Default: 30. @default 30 */
    readonly scaleDownDelaySeconds?: number;
}

/** One problem in a plan: the field path and a message naming the value and the fix. */
export interface PlanProblem {
    readonly field: string;
    readonly message: string;
}

/** Defaults of the HTTP gate and of every analysis. */
export const ROLLOUT_DEFAULTS = {
    httpPath: "/",
    httpRequests: 20,
    httpMinSuccessPercent: 99,
    httpMaxLatencyMs: 1000,
    interval: "10s",
    count: 3,
    failureLimit: 0,
    timeoutSeconds: 300,
    scaleDownDelaySeconds: 30,
} as const;

/** The default gate: the HTTP analysis with every default. */
export const DEFAULT_HTTP_GATE: RolloutAnalysis = { http: {} };

/** The default canary steps: 10 → 25 → 50 → 100 with the HTTP gate after each weight. */
export const DEFAULT_CANARY_STEPS: readonly RolloutStep[] = [10, 25, 50, 100].flatMap((weight) => [
    { setWeight: weight },
    { analysis: DEFAULT_HTTP_GATE },
]);

/** The plan with its defaults filled in (what a component records and the driver runs). */
export function canaryPlanWithDefaults(plan: CanaryRolloutPlan | undefined): Required<CanaryRolloutPlan> {
    return { steps: plan?.steps ?? [...DEFAULT_CANARY_STEPS] };
}

/** The plan with its defaults filled in (what a component records and the driver runs). */
export function blueGreenPlanWithDefaults(plan: BlueGreenRolloutPlan | undefined): Required<BlueGreenRolloutPlan> {
    return {
        prePromotionAnalysis: plan?.prePromotionAnalysis ?? DEFAULT_HTTP_GATE,
        postPromotionAnalysis: plan?.postPromotionAnalysis ?? DEFAULT_HTTP_GATE,
        scaleDownDelaySeconds: plan?.scaleDownDelaySeconds ?? ROLLOUT_DEFAULTS.scaleDownDelaySeconds,
    };
}

const DURATION = /^([0-9]+)(s|m|h)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/** Seconds in a duration such as "30s", "5m" or "1h"; undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
    const match = DURATION.exec(text);
    return match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : undefined;
}

/** Comparison operators of a Prometheus success condition. */
export const CONDITION_OPERATORS = ["<=", ">=", "==", "!=", "<", ">"] as const;

/** A parsed `result <op> <number>` condition. */
export interface SuccessCondition {
    readonly operator: (typeof CONDITION_OPERATORS)[number];
    readonly threshold: number;
}

/** Parses `result >= 0.99`; undefined when the text is not of that form. */
export function parseSuccessCondition(text: string): SuccessCondition | undefined {
    const match = /^\s*result\s*(<=|>=|==|!=|<|>)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$/.exec(text);
    if (!match) {
        return undefined;
    }
    return { operator: match[1] as SuccessCondition["operator"], threshold: Number(match[2]) };
}

/** True when a value meets a condition. */
export function meetsCondition(value: number, condition: SuccessCondition): boolean {
    switch (condition.operator) {
        case "<":
            return value < condition.threshold;
        case "<=":
            return value <= condition.threshold;
        case ">":
            return value > condition.threshold;
        case ">=":
            return value >= condition.threshold;
        case "==":
            return value === condition.threshold;
        case "!=":
            return value !== condition.threshold;
        default: {
            const unreachable: never = condition.operator;
            throw new Error(`unknown operator ${String(unreachable)}`);
        }
    }
}

/** The config namespace the rollout driver writes to (`k8s-workloads:rollout.<component>`). */
export const ROLLOUT_CONFIG_NAMESPACE = "k8s-workloads";

/** The config key (without namespace) of a component's rollout state: `rollout.<component>`. */
export function rolloutConfigKey(component: string): string {
    return `rollout.${component}`;
}

/** The text `rolloutState` logs when it reads a state; the driver's preflight preview looks for it. */
export function rolloutReadMarker(component: string): string {
    return `k8s-workloads rollout: ${component} reads ${ROLLOUT_CONFIG_NAMESPACE}:${rolloutConfigKey(component)}`;
}
