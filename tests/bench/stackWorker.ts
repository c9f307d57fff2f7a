/**
 * Child process of the cluster benchmarks: one Pulumi operation per process, through the Automation API with an
 * inline program and the real `pulumi` CLI (so each `up` loads the program afresh):
 *
 *   node stackWorker.js preview|up|up-refresh|destroy|remove <stack> dev|dev-skip-service-await|dev-real|scale [--policy]
 *
 * `dev` is the repository's stack program (bin/stacks/index.js) with environment=dev (`dev-real`: with
 * realNode=true, the web workloads on real-0); `scale` is the program of scaleProgram.ts. The workspace is a fixed
 * directory under the OS temp dir (never the repository), so no Pulumi.<stack>.yaml is written to the clone.
 * Prints one JSON line: {@link StackReport}.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { EngineEvent, LocalWorkspace, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { REPO, msSince } from "./common";
import { scaleProgram } from "./scaleProgram";
import { BENCH_SECRETS } from "./settings";

/** What a stack operation reports. */
export interface StackReport {
    /** Milliseconds of the operation itself (Automation API call). */
    readonly opMs: number;
    /** Resource changes of an `up` or `preview`. */
    readonly changes: Record<string, number>;
    /** Peak RSS of this process (Automation API + the program), KiB. */
    readonly maxRssKiB: number;
    /** Milliseconds from the start of the operation to the first resource step (CLI, plugins, policy pack). */
    readonly firstStepMs?: number;
    /** The slowest resource steps: `type name: start+duration` in seconds from the start of the operation. */
    readonly slowest?: string[];
    /** Where the operation's time went, from the engine events: see {@link Phases}. */
    readonly phases?: Phases;
}

/** Offsets (ms from the start of the operation) of the engine events that split an operation into phases. */
export interface Phases {
    /** The first engine event of any kind: the CLI has started and opened the stack. */
    readonly firstEventMs?: number;
    /** The first resource event (any step, unchanged ones included): plugins and the program are running. */
    readonly firstResourceMs?: number;
    /** The last resource outputs event: every step is done; what follows is the snapshot and the summary. */
    readonly lastResourceMs?: number;
}

/** Times each resource step from the engine's events (pre-event to outputs-event). */
class StepTimer {
    private readonly start = Date.now();
    private readonly began = new Map<string, number>();
    private readonly spans: { urn: string; from: number; ms: number }[] = [];
    private first: number | undefined;
    private firstEvent: number | undefined;
    private firstResource: number | undefined;
    private lastResource: number | undefined;

    /** The engine-event callback. */
    readonly onEvent = (event: EngineEvent): void => {
        const now = Date.now() - this.start;
        this.firstEvent ??= now;
        const pre = event.resourcePreEvent?.metadata;
        if (pre) {
            this.firstResource ??= now;
        }
        if (pre && pre.op !== "same") {
            this.first ??= now;
            this.began.set(pre.urn, now);
        }
        const done = event.resOutputsEvent?.metadata;
        if (done) {
            this.lastResource = now;
        }
        const from = done ? this.began.get(done.urn) : undefined;
        // Components and the stack span their children: only the Kubernetes objects' own steps are of interest.
        if (done && from !== undefined && done.type.startsWith("kubernetes:")) {
            this.spans.push({ urn: done.urn, from, ms: now - from });
        }
    };

    /** The first step's offset, the `top` slowest steps and the phases. */
    summary(top = 12): { firstStepMs?: number; slowest: string[]; phases: Phases } {
        const slowest = [...this.spans]
            .sort((a, b) => b.ms - a.ms)
            .slice(0, top)
            .map(
                (s) =>
                    `${s.urn.split("::").slice(-2).join(" ").replace(/^.*\$/, "")}: ${(s.from / 1000).toFixed(1)}+${(s.ms / 1000).toFixed(1)}s`,
            );
        const phases = {
            firstEventMs: this.firstEvent,
            firstResourceMs: this.firstResource,
            lastResourceMs: this.lastResource,
        };
        return { firstStepMs: this.first, slowest, phases };
    }
}

const WORKSPACE = path.join(os.tmpdir(), "k8sw-bench-workspace");

/**
 * The dev program with `pulumi.com/skipAwait: "true"` on every Service: a diagnostic variant that shows how much of
 * `up` is the Kubernetes provider's Service await (a fixed 10 s settle after each Endpoints change).
 */
function devProgramSkipServiceAwait(): Promise<Record<string, unknown>> {
    pulumi.runtime.registerStackTransformation((args) => {
        if (args.type !== "kubernetes:core/v1:Service") {
            return undefined;
        }
        const metadata = pulumi.output(args.props.metadata as pulumi.Input<Record<string, unknown>>).apply((m) => ({
            ...m,
            annotations: { ...(m.annotations as Record<string, string> | undefined), "pulumi.com/skipAwait": "true" },
        }));
        return { props: { ...args.props, metadata }, opts: args.opts };
    });
    return devProgram();
}

function devProgram(): Promise<Record<string, unknown>> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return Promise.resolve(require(path.join(REPO, "bin", "stacks", "index.js")) as Record<string, unknown>);
}

/** The programs by name. */
const PROGRAMS: Record<string, PulumiFn> = {
    dev: devProgram,
    "dev-skip-service-await": devProgramSkipServiceAwait,
    "dev-real": devProgram,
    scale: scaleProgram,
};

async function openStack(name: string, program: string): Promise<Stack> {
    fs.mkdirSync(WORKSPACE, { recursive: true });
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: name, projectName: "k8s-workloads", program: PROGRAMS[program] ?? devProgram },
        {
            workDir: WORKSPACE,
            secretsProvider: "passphrase",
            projectSettings: { name: "k8s-workloads", runtime: "nodejs" },
        },
    );
    if (program.startsWith("dev")) {
        await stack.setAllConfig({
            "k8s-workloads:environment": { value: "dev" },
            "k8s-workloads:dbPassword": { value: BENCH_SECRETS.dbPassword, secret: true },
            "k8s-workloads:databaseUrl": { value: BENCH_SECRETS.databaseUrl, secret: true },
            // dev-real: the web workloads on the real node real-0, from the local images.
            "k8s-workloads:realNode": { value: String(program === "dev-real") },
        });
    }
    return stack;
}

async function operate(op: string, stack: Stack, policy: boolean, timer: StepTimer): Promise<Record<string, number>> {
    const policyPacks = policy ? [path.join(REPO, "policies")] : [];
    const onEvent = timer.onEvent;
    switch (op) {
        case "preview":
            return (await stack.preview({ policyPacks })).changeSummary;
        case "up":
            return (await stack.up({ policyPacks, onEvent })).summary.resourceChanges ?? {};
        case "up-refresh":
            return (await stack.up({ policyPacks, onEvent, refresh: true })).summary.resourceChanges ?? {};
        case "destroy":
            await stack.destroy({ onEvent });
            return {};
        case "remove":
            await stack.workspace.removeStack(stack.name);
            return {};
        default:
            throw new Error(`unknown operation "${op}" (preview, up, up-refresh, destroy, remove)`);
    }
}

async function main(argv: string[]): Promise<StackReport> {
    const [op = "", name = "", program = "dev", flag] = argv;
    const stack = await openStack(name, program);
    const start = process.hrtime.bigint();
    const timer = new StepTimer();
    const changes = await operate(op, stack, flag === "--policy", timer);
    return { opMs: msSince(start), changes, maxRssKiB: process.resourceUsage().maxRSS, ...timer.summary() };
}

main(process.argv.slice(2)).then(
    (report) => {
        process.stdout.write(`${JSON.stringify(report)}\n`);
        process.exit(0);
    },
    (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        process.stderr.write(`stackWorker: ${message.split("\n").slice(-30).join("\n")}\n`);
        process.exit(1);
    },
);
