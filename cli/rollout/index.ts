/**
 * `k8s-workloads rollout <component> --stack <name>`: progressive delivery without a controller. Parses the
 * options, loads a `--plan` file, wires SIGINT/SIGTERM to an abort, and runs the state machine over the
 * Automation API engine.
 */
import { promises as fs } from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import type { CliIo } from "../io";
import { ROLLOUT_USAGE, RolloutOptions, parseRolloutArgs } from "./args";
import { EXIT_CODES, driveRollout } from "./driver";
import type { Engine } from "./engine";
import { formatEvent } from "./format";

/** Reads a plan file (JSON or YAML); throws naming the file and the problem. */
export async function loadPlanFile(file: string): Promise<unknown> {
    let text: string;
    try {
        text = await fs.readFile(file, "utf8");
    } catch (err) {
        throw new Error(`cannot read the plan file ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
        return /\.json$/i.test(file) ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
    } catch (err) {
        throw new Error(
            `the plan file ${file} is not valid JSON/YAML: ${err instanceof Error ? err.message : String(err)}`,
        );
    }
}

/** Builds the engine; tests replace it with a fake. */
export type EngineFactory = (options: RolloutOptions, io: CliIo) => Promise<Engine>;

const automationEngine: EngineFactory = async (options, io) =>
    (await import("./automation")).createAutomationEngine(options, (event) =>
        io.stdout(formatEvent(event, options.format)),
    );

/** Runs `rollout` and returns its exit code. */
export async function runRollout(
    argv: string[],
    io: CliIo,
    makeEngine: EngineFactory = automationEngine,
    signals: NodeJS.EventEmitter = process,
): Promise<number> {
    if (argv.includes("--help") || argv.includes("-h")) {
        io.stdout(ROLLOUT_USAGE);
        return 0;
    }
    let options: RolloutOptions;
    let plan: unknown;
    let engine: Engine;
    try {
        options = parseRolloutArgs(argv, process.cwd());
        plan = options.plan !== undefined ? await loadPlanFile(path.resolve(options.cwd, options.plan)) : undefined;
    } catch (err) {
        io.stderr(`k8s-workloads rollout: ${err instanceof Error ? err.message : String(err)}\n\n${ROLLOUT_USAGE}`);
        return EXIT_CODES.badInput;
    }
    try {
        engine = await makeEngine(options, io);
    } catch (err) {
        const text = err instanceof Error ? err.message.split("\n").slice(0, 3).join(" ") : String(err);
        io.stderr(`k8s-workloads rollout: cannot open stack ${options.stack} in ${options.cwd}: ${text}\n`);
        return EXIT_CODES.badInput;
    }
    const controller = new AbortController();
    const interrupt = () => controller.abort();
    signals.on("SIGINT", interrupt);
    signals.on("SIGTERM", interrupt);
    try {
        const result = await driveRollout(engine, {
            component: options.component,
            stack: options.stack,
            plan,
            resume: options.resume,
            abort: options.abort,
            signal: controller.signal,
        });
        if (result.exitCode !== EXIT_CODES.done) {
            io.stderr(`k8s-workloads rollout: ${result.message}\n`);
        }
        return result.exitCode;
    } finally {
        signals.off("SIGINT", interrupt);
        signals.off("SIGTERM", interrupt);
    }
}
