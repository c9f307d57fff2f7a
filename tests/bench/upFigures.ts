/**
 * The figures of benchmark 3 (cluster.ts) from its samples: `up-vs-kubectl-apply`, `up-noop-vs-kubectl-apply-noop`
 * (with the breakdown of a no-op up), `preview-dev`, `up-noop` and the diagnostics `up-dev-skip-service-await` and
 * `up-dev-no-policy-pack`.
 */
import { BenchResult, machine, median, round, seconds } from "./common";
import type { Phases } from "./stackWorker";

const UP_GOAL = 1.5;

/** The timed samples of the up benchmark, one entry per run. */
export interface UpSamples {
    readonly preview: number[];
    readonly up: number[];
    readonly noop: number[];
    /** No-op ups without the policy pack (the policy pack's share of a no-op up). */
    readonly noopNoPolicy: number[];
    /** No-op ups with `--refresh` (what the refresh adds). */
    readonly noopRefresh: number[];
    /** The phases of each no-op up (policy pack on). */
    readonly noopPhases: Phases[];
    readonly wall: number[];
    readonly skipAwait: number[];
    /** Ups from empty without the policy pack (the pack's share of an up). */
    readonly noPolicy: number[];
    /** The first resource step of the last up without the policy pack, ms from the start. */
    noPolicyFirstStepMs: number;
    readonly kubectl: number[];
    readonly kubectlNoop: number[];
    /** What the last no-op `kubectl apply` reported `configured` instead of `unchanged`. */
    kubectlNoopConfigured: string[];
    /** The slowest resource steps of the last `up`. */
    slowest: string[];
    firstStepMs: number;
}

/** The figures of a pulumi-and-kubectl run, the no-op comparison excepted. */
export function upResults(s: UpSamples, runs: number, warmups: number, workloads: number): BenchResult[] {
    const how = `median of ${runs} after ${warmups} warm-up; stack bench-dev (environment=dev, policy pack on), each operation a fresh process (Automation API + the pulumi CLI)`;
    const up = median(s.up);
    const kc = median(s.kubectl);
    return [
        {
            name: "up-vs-kubectl-apply",
            value: round(up, 0),
            unit: "ms",
            baseline: round(kc, 0),
            ratio: round(up / kc),
            notes: `value = \`pulumi up\` of the dev stack from empty until the provider reports every resource ready (samples ${seconds(s.up)} s; worker process wall ${round(median(s.wall) / 1000, 1)} s; first resource step after ${round(s.firstStepMs / 1000, 1)} s; slowest steps of the last up, start+duration: ${s.slowest.join("; ")}); baseline = \`kubectl apply -f\` of the same rendered manifests + \`kubectl rollout status\`/\`kubectl wait --for=condition=complete\` of its ${workloads} workloads in parallel (samples ${seconds(s.kubectl)} s); ${how}; goal ratio <= ${UP_GOAL}. ${machine()}`,
        },
        {
            name: "preview-dev",
            value: round(median(s.preview), 0),
            unit: "ms",
            baseline: null,
            ratio: null,
            notes: `\`pulumi preview\` of the dev stack against an empty stack (samples ${seconds(s.preview)} s); ${how}. ${machine()}`,
        },
        {
            name: "up-noop",
            value: round(median(s.noop), 0),
            unit: "ms",
            baseline: null,
            ratio: null,
            notes: `a second \`pulumi up\` of the dev stack with nothing to change (samples ${seconds(s.noop)} s); ${how}. ${machine()}`,
        },
        {
            name: "up-dev-skip-service-await",
            value: round(median(s.skipAwait), 0),
            unit: "ms",
            baseline: round(kc, 0),
            ratio: round(median(s.skipAwait) / kc),
            notes: `diagnostic: the same up with \`pulumi.com/skipAwait: "true"\` added to every Service by a stack transformation (samples ${seconds(s.skipAwait)} s), against the same kubectl baseline. The provider's Service await sleeps a fixed 10 s after each Endpoints change (pulumi-kubernetes provider/pkg/await/service.go); the components skip it by default (\`awaitService: false\`), so this figure should match up-vs-kubectl-apply; ${how}. ${machine()}`,
        },
        {
            name: "up-dev-no-policy-pack",
            value: round(median(s.noPolicy), 0),
            unit: "ms",
            baseline: round(kc, 0),
            ratio: round(median(s.noPolicy) / kc),
            notes: `diagnostic: the same up from empty without the policy pack (samples ${seconds(s.noPolicy)} s; first resource step after ${round(s.noPolicyFirstStepMs / 1000, 1)} s, against ${round(s.firstStepMs / 1000, 1)} s with it), against the same kubectl baseline: the pack's share of up-vs-kubectl-apply is ${round((up - median(s.noPolicy)) / 1000, 1)} s; ${how.replace("policy pack on", "no policy pack")}. ${machine()}`,
        },
    ];
}

/** The median of one phase offset over the no-op ups (undefined when no run reported it). */
function medianPhase(phases: readonly Phases[], key: keyof Phases): number | undefined {
    const values = phases.map((p) => p[key]).filter((v): v is number => v !== undefined);
    return values.length === 0 ? undefined : median(values);
}

/** The breakdown of a no-op up, as text: where its seconds go. */
export function noopBreakdown(s: UpSamples, cliStartMs: number): string {
    const total = median(s.noop);
    const firstEvent = medianPhase(s.noopPhases, "firstEventMs");
    const firstResource = medianPhase(s.noopPhases, "firstResourceMs");
    const lastResource = medianPhase(s.noopPhases, "lastResourceMs");
    const sec = (ms: number | undefined) => (ms === undefined ? "?" : `${round(ms / 1000, 2)} s`);
    const span = (from: number | undefined, to: number | undefined) =>
        from === undefined || to === undefined ? undefined : to - from;
    return [
        `CLI binary start (\`pulumi version\`) ${sec(cliStartMs)}`,
        `operation start to the first engine event (CLI, backend, stack, policy pack) ${sec(firstEvent)}`,
        `to the first resource event (language host, program load, plugins) ${sec(span(firstEvent, firstResource))}`,
        `resource steps (program run, provider diffs) ${sec(span(firstResource, lastResource))}`,
        `after the last step (snapshot, summary, exit) ${sec(span(lastResource, total))}`,
        `the policy pack's share (no-op up with it minus without it: ${seconds(s.noop)} s vs ${seconds(s.noopNoPolicy)} s) ${sec(total - median(s.noopNoPolicy))}`,
        `what --refresh adds (no-op up --refresh ${seconds(s.noopRefresh)} s) ${sec(median(s.noopRefresh) - total)}`,
    ].join("; ");
}

/** What the no-op `kubectl apply` reported, as text. */
function noopApplyOutcome(configured: readonly string[]): string {
    return configured.length === 0
        ? "every object `unchanged`"
        : `every object \`unchanged\` but ${configured.length} reported \`configured\`: ${configured.join(", ")}`;
}

/** `up-noop-vs-kubectl-apply-noop`: a no-op up against a no-op `kubectl apply`, with the breakdown of the up. */
export function noopResult(s: UpSamples, cliStartMs: number, runs: number, warmups: number): BenchResult {
    const up = median(s.noop);
    const kc = median(s.kubectlNoop);
    return {
        name: "up-noop-vs-kubectl-apply-noop",
        value: round(up, 0),
        unit: "ms",
        baseline: round(kc, 0),
        ratio: round(up / kc),
        notes: `value = a second \`pulumi up\` of the dev stack (policy pack on, no refresh) with nothing to change (samples ${seconds(s.noop)} s); baseline = a second \`kubectl apply -f\` of the same rendered, unchanged manifests (${noopApplyOutcome(s.kubectlNoopConfigured)}; samples ${seconds(s.kubectlNoop)} s); median of ${runs} after ${warmups} warm-up; goal ratio <= 2.0. Breakdown of the no-op up (medians): ${noopBreakdown(s, cliStartMs)}. ${machine()}`,
    };
}
