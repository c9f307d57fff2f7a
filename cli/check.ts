/**
 * `k8s-workloads check <paths...|-> [--preset baseline|restricted] [--config file] [--format text|json]`: runs the
 * policy pack's rules over YAML/JSON manifests. Exit code 0: no mandatory violation; 1: some; 2: unreadable input.
 */
import { promises as fs } from "fs";
import { parse as parseYaml } from "yaml";
import {
    PRESET_NAMES,
    PolicyPackConfig,
    PresetName,
    checkResources,
    resolveConfig,
    validatePolicyPackConfig,
} from "../policies/engine";
import { isPlainObject } from "../policies/lib/values";
import { FileViolation, countLevels, summaryLine, toJson, toTable } from "./check/format";
import { InputError, LoadResult, loadInputs } from "./check/load";
import type { CliIo } from "./io";

/** Output formats. */
export type CheckFormat = "text" | "json";

/** Parsed command line of `check`. */
export interface CheckArgs {
    readonly paths: readonly string[];
    readonly preset: PresetName;
    readonly configFile?: string;
    readonly format: CheckFormat;
    readonly help: boolean;
}

/** The usage text of `check`. */
export const CHECK_USAGE = `Usage: k8s-workloads check <paths...|-> [--preset baseline|restricted] [--config file] [--format text|json]

Checks Kubernetes manifests (YAML or JSON files, directories searched recursively for .yaml/.yml/.json,
or "-" for stdin; multi-document files and List kinds) with the rules of the k8s-workloads policy pack.

Options:
  --preset baseline|restricted   Rule levels and settings to start from (default: baseline)
  --config <file>                Policy pack config (JSON, the format of pulumi --policy-pack-config) over the preset
  --format text|json             Output format (default: text)
  -h, --help                     Show this help

Exit codes: 0 no mandatory violations, 1 mandatory violations, 2 input could not be read.
`;

class UsageError extends Error {}

function takeValue(argv: readonly string[], i: number, flag: string): string {
    const value = argv[i + 1];
    if (value === undefined || (value.startsWith("-") && value !== "-")) {
        throw new UsageError(`${flag} needs a value`);
    }
    return value;
}

/** Parses the arguments of `check`. Throws a usage error for unknown flags or bad values. */
export function parseCheckArgs(argv: readonly string[]): CheckArgs {
    const paths: string[] = [];
    let preset: string = "baseline";
    let format: string = "text";
    let configFile: string | undefined;
    let help = false;
    let onlyPaths = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? "";
        if (onlyPaths || arg === "-" || !arg.startsWith("-")) {
            paths.push(arg);
            continue;
        }
        const eq = arg.indexOf("=");
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
        const value = (): string => {
            if (inline !== undefined) {
                return inline;
            }
            const v = takeValue(argv, i, flag);
            i++;
            return v;
        };
        switch (flag) {
            case "--":
                onlyPaths = true;
                break;
            case "-h":
            case "--help":
                help = true;
                break;
            case "--preset":
                preset = value();
                break;
            case "--config":
                configFile = value();
                break;
            case "--format":
                format = value();
                break;
            default:
                throw new UsageError(`unknown option ${flag}`);
        }
    }
    if (!(PRESET_NAMES as readonly string[]).includes(preset)) {
        throw new UsageError(`--preset must be ${PRESET_NAMES.join(" or ")} (got "${preset}")`);
    }
    if (format !== "text" && format !== "json") {
        throw new UsageError(`--format must be text or json (got "${format}")`);
    }
    if (!help && paths.length === 0) {
        throw new UsageError("no manifests given: pass files, directories or - for stdin");
    }
    return { paths, preset: preset as PresetName, configFile, format, help };
}

async function readConfigFile(file: string): Promise<PolicyPackConfig> {
    let text: string;
    try {
        text = await fs.readFile(file, "utf8");
    } catch (e) {
        throw new InputError(`${file}: cannot read config (${e instanceof Error ? e.message : String(e)})`);
    }
    let value: unknown;
    try {
        value = parseYaml(text);
    } catch (e) {
        throw new InputError(
            `${file}: invalid config: ${e instanceof Error ? (e.message.split("\n")[0] ?? "") : String(e)}`,
        );
    }
    const problems = validatePolicyPackConfig(value);
    if (problems.length > 0 || !isPlainObject(value)) {
        throw new InputError(`${file}: invalid policy pack config:\n  ${problems.join("\n  ")}`);
    }
    return value;
}

/** Runs `check` and returns its exit code. */
export async function runCheck(argv: string[], io: CliIo): Promise<number> {
    let args: CheckArgs;
    try {
        args = parseCheckArgs(argv);
    } catch (e) {
        io.stderr(`k8s-workloads check: ${e instanceof Error ? e.message : String(e)}\n\n${CHECK_USAGE}`);
        return 2;
    }
    if (args.help) {
        io.stdout(CHECK_USAGE);
        return 0;
    }
    let loaded: LoadResult;
    let config: PolicyPackConfig | undefined;
    try {
        config = args.configFile === undefined ? undefined : await readConfigFile(args.configFile);
        loaded = await loadInputs(args.paths, io.readStdin);
    } catch (e) {
        if (e instanceof InputError) {
            io.stderr(`k8s-workloads check: ${e.message}\n`);
            return 2;
        }
        throw e;
    }
    const resolved = resolveConfig({ preset: args.preset, config });
    const objects = loaded.objects.map((l) => l.object);
    const violations: FileViolation[] = checkResources(objects, resolved)
        .map((v) => ({ ...v, file: loaded.objects[v.index]?.file ?? "-" }))
        .sort((a, b) => a.index - b.index);
    const resources = loaded.objects.length + loaded.skipped.length;
    if (args.format === "json") {
        io.stdout(`${JSON.stringify(toJson(resources, violations))}\n`);
    } else {
        for (const s of loaded.skipped) {
            io.stderr(`note: ${s.file}: skipped ${s.reason}\n`);
        }
        io.stdout(toTable(violations));
        io.stdout(`${summaryLine(resources, loaded.skipped.length, violations)}\n`);
    }
    return countLevels(violations).mandatory > 0 ? 1 : 0;
}
