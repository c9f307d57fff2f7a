/**
 * The seam between the rollout state machine and the world: everything the driver does to a stack, a cluster or
 * the clock goes through {@link Engine}. `automation.ts` implements it with the Pulumi Automation API and
 * @kubernetes/client-node; the unit tests implement it with a fake.
 */
import type { CommandAnalysis, HttpAnalysis, JobAnalysis, PrometheusAnalysis } from "../../contract/rolloutPlan";

/** The two component kinds a rollout drives. */
export const ROLLOUT_KINDS = { canary: "canary", blueGreen: "blueGreen" } as const;
/** One of {@link ROLLOUT_KINDS}. */
export type RolloutKind = (typeof ROLLOUT_KINDS)[keyof typeof ROLLOUT_KINDS];

/** The JSON the driver writes to `k8s-workloads:rollout.<component>` before each `up`. */
export interface RolloutStateValue {
    readonly canaryWeight?: number;
    readonly promote?: boolean;
    readonly activeColor?: string;
    readonly scaleDownIdle?: boolean;
}

/** What the driver learns about the component from the stack's state. */
export interface ComponentInfo {
    readonly name: string;
    readonly kind: RolloutKind;
    readonly namespace: string;
    /** The plan the component recorded in its `rolloutPlan` output, when it did. */
    readonly recordedPlan?: unknown;
    /** A blue-green's live color now (its `activeColor` output). */
    readonly activeColor?: string;
}

/** Where the requests or queries of a gate go. */
export const ANALYSIS_TARGETS = {
    /** The canary track's pods. */
    canary: "canary",
    /** The component's Service (for a blue-green: the live Service). */
    service: "service",
    /** A blue-green's preview Service. */
    preview: "preview",
} as const;
/** One of {@link ANALYSIS_TARGETS}. */
export type AnalysisTarget = (typeof ANALYSIS_TARGETS)[keyof typeof ANALYSIS_TARGETS];

/** A gate with every default filled in. Exactly one of the four kinds is set. */
export interface ResolvedAnalysis {
    readonly kind: "http" | "prometheus" | "job" | "command";
    readonly http?: Required<HttpAnalysis>;
    readonly prometheus?: PrometheusAnalysis;
    readonly job?: JobAnalysis;
    readonly command?: CommandAnalysis;
    readonly intervalSeconds: number;
    readonly count: number;
    readonly failureLimit: number;
    readonly target: AnalysisTarget;
}

/** The outcome of one measurement of a gate, with the measured values. */
export interface Measurement {
    readonly ok: boolean;
    readonly message: string;
    readonly values: Readonly<Record<string, number>>;
}

/** A readiness verdict for the component's workloads. */
export interface Readiness {
    readonly ok: boolean;
    readonly message: string;
}

/** The driver's position, saved atomically after every step so that `--resume` continues after a crash or pause. */
export interface RolloutPosition {
    readonly version: 1;
    readonly stack: string;
    readonly component: string;
    readonly kind: RolloutKind;
    /** A digest of the plan; a resumed rollout must run the same plan. */
    readonly planDigest: string;
    /** Index of the next step to run. */
    readonly next: number;
    readonly status: "running" | "paused" | "aborted" | "completed";
    /** The last state applied by a successful `up`. */
    readonly state: RolloutStateValue;
    /** Blue-green: the color that was live when the rollout started, and the one it moves to. */
    readonly fromColor?: string;
    readonly toColor?: string;
    readonly startedAt: string;
    readonly updatedAt: string;
    /** Why the rollout stopped, when it was aborted. */
    readonly reason?: string;
}

/** One line of progress: printed as text, or as one JSON object per line. */
export interface ProgressEvent {
    readonly event: "start" | "step" | "measurement" | "gate" | "pause" | "abort" | "done" | "error";
    readonly component: string;
    readonly status: "ok" | "failed" | "paused" | "running" | "aborted" | "completed";
    readonly elapsedSeconds: number;
    readonly message: string;
    /** `step 3/8 setWeight 25`. */
    readonly step?: string;
    readonly values?: Readonly<Record<string, number>>;
}

/** Everything the state machine needs from outside. */
export interface Engine {
    /** Reads the component from the stack's state; throws an Error naming the problem and the fix. */
    describe(component: string): Promise<ComponentInfo>;
    /** Sets the component's rollout state in the stack config. */
    setState(value: RolloutStateValue): Promise<void>;
    /** Previews with the current config and tells whether the program read the state (through `rolloutState`). */
    programReadsState(): Promise<boolean>;
    /** Checks that a gate can run (Prometheus reachable, ...); returns the problem, or undefined. */
    probe(analysis: ResolvedAnalysis): Promise<string | undefined>;
    /** Runs `pulumi up` (with the policy pack); rejects with the error text. */
    up(message: string, signal: AbortSignal): Promise<void>;
    /** Waits until the component's workloads have rolled out. */
    waitReady(signal: AbortSignal): Promise<Readiness>;
    /** Takes one measurement of a gate. */
    measure(analysis: ResolvedAnalysis, signal: AbortSignal): Promise<Measurement>;
    /** Waits; rejects when the signal aborts. */
    sleep(ms: number, signal: AbortSignal): Promise<void>;
    /** Milliseconds since some fixed point. */
    now(): number;
    /** Reports progress. */
    emit(event: ProgressEvent): void;
    /** Loads the saved position of this stack and component. */
    loadPosition(): Promise<RolloutPosition | undefined>;
    /** Saves the position atomically. */
    savePosition(position: RolloutPosition): Promise<void>;
}
