/**
 * A scripted {@link Engine} for the rollout state machine: it records every config write, `up` and measurement,
 * and fails, hangs or interrupts where a test tells it to.
 */
import type {
    ComponentInfo,
    Engine,
    Measurement,
    ProgressEvent,
    Readiness,
    ResolvedAnalysis,
    RolloutPosition,
    RolloutStateValue,
} from "../../../cli/rollout/engine";

/** What a shared "disk" holds between runs: the stack config and the position file. */
export interface FakeWorld {
    config?: RolloutStateValue;
    position?: RolloutPosition;
}

/** A measurement that passes. */
export const PASS: Measurement = {
    ok: true,
    message: "20/20 succeeded (100.0%), p95 12 ms",
    values: { successPercent: 100 },
};

/** A measurement that fails like a 30%-flaky canary. */
export const FLAKY: Measurement = {
    ok: false,
    message: "14/20 succeeded (70.0%), p95 15 ms; failures: status 500: success rate below 99%",
    values: { successPercent: 70 },
};

/** The fake engine; every hook is a field a test may replace. */
export class FakeEngine implements Engine {
    /** The state of each `up`, in order. */
    readonly ups: RolloutStateValue[] = [];
    /** Messages of each `up`. */
    readonly upMessages: string[] = [];
    readonly events: ProgressEvent[] = [];
    readonly measured: ResolvedAnalysis[] = [];
    readonly sleeps: number[] = [];
    readonly savedPositions: RolloutPosition[] = [];
    /** Set to false for a stack that does not call rolloutState. */
    readsState = true;
    /** A problem probe() reports for every Prometheus gate. */
    prometheusProblem?: string;
    /** Throws from describe() when set. */
    describeError?: string;
    /** Decides each measurement (index counts every measurement of the run). */
    measure_: (analysis: ResolvedAnalysis, index: number) => Measurement = () => PASS;
    /** Called before each `up` (index from 0); may throw to fail the up, or return "hang" to never finish. */
    beforeUp: (index: number, state: RolloutStateValue, signal: AbortSignal) => "hang" | void = () => undefined;
    readiness: Readiness = { ok: true, message: "2/2 ready" };
    private clock = 0;

    constructor(
        readonly info: ComponentInfo,
        readonly world: FakeWorld = {},
    ) {}

    async describe(component: string): Promise<ComponentInfo> {
        if (this.describeError !== undefined || component !== this.info.name) {
            throw new Error(this.describeError ?? `no CanaryDeployment or BlueGreenDeployment named "${component}"`);
        }
        return this.info;
    }

    async setState(value: RolloutStateValue): Promise<void> {
        this.world.config = value;
    }

    async programReadsState(): Promise<boolean> {
        return this.readsState;
    }

    async probe(analysis: ResolvedAnalysis): Promise<string | undefined> {
        return analysis.kind === "prometheus" ? this.prometheusProblem : undefined;
    }

    up(message: string, signal: AbortSignal): Promise<void> {
        const state = this.world.config ?? {};
        const index = this.ups.length;
        this.ups.push(state);
        this.upMessages.push(message);
        this.clock += 4000;
        if (this.beforeUp(index, state, signal) === "hang") {
            return new Promise(() => undefined);
        }
        if (signal.aborted) {
            return Promise.reject(new Error("update canceled"));
        }
        return Promise.resolve();
    }

    async waitReady(): Promise<Readiness> {
        return this.readiness;
    }

    async measure(analysis: ResolvedAnalysis): Promise<Measurement> {
        this.measured.push(analysis);
        this.clock += 1000;
        return this.measure_(analysis, this.measured.length - 1);
    }

    async sleep(ms: number, signal: AbortSignal): Promise<void> {
        this.sleeps.push(ms);
        this.clock += ms;
        if (signal.aborted) {
            throw new Error("interrupted");
        }
    }

    now(): number {
        return this.clock;
    }

    emit(event: ProgressEvent): void {
        this.events.push(event);
    }

    async loadPosition(): Promise<RolloutPosition | undefined> {
        return this.world.position;
    }

    async savePosition(position: RolloutPosition): Promise<void> {
        this.savedPositions.push(position);
        this.world.position = position;
    }

    /** The messages of the emitted events of one kind. */
    messages(event: ProgressEvent["event"]): string[] {
        return this.events.filter((e) => e.event === event).map((e) => e.message);
    }
}

/** The shop canary as the stack state shows it. */
export const SHOP: ComponentInfo = { name: "shop", kind: "canary", namespace: "workloads-dev" };

/** The webapp blue-green, blue live. */
export const WEBAPP: ComponentInfo = {
    name: "webapp",
    kind: "blueGreen",
    namespace: "workloads-dev",
    activeColor: "blue",
};
