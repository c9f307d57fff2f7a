/** Command-line options of `k8s-workloads rollout`. */
import { FORMATS, Format } from "./format";

/** Parsed options. */
export interface RolloutOptions {
    readonly component: string;
    readonly stack: string;
    readonly plan?: string;
    readonly resume: boolean;
    readonly abort: boolean;
    readonly format: Format;
    readonly cwd: string;
    /** Policy pack directories; empty means `policies` in the project when it has a PulumiPolicy.yaml. */
    readonly policyPacks: string[];
    readonly kubeconfig?: string;
    readonly context?: string;
    readonly timeoutSeconds: number;
}

/** The usage text. */
export const ROLLOUT_USAGE = `Usage: k8s-workloads rollout <component> --stack <name> [--plan file] [--resume] [--abort]
                             [--format text|json] [--cwd dir] [--policy-pack dir]...
                             [--kubeconfig path] [--context name] [--timeout 600s]

Drives a CanaryDeployment or BlueGreenDeployment of the stack through its rollout plan (the component's
rolloutPlan, or --plan file.json|.yaml): one "pulumi up" per step, readiness and gates between steps.
On a failed gate, a failed up or an interrupt it returns to the safe state (canary weight 0, or the old color).
Exit code: 0 completed or paused, 1 aborted, 2 bad input (nothing was changed), 130 interrupted.
`;

const DURATION = /^([0-9]+)(s|m)?$/;

/** Parses the arguments; throws an Error naming the bad option and the fix. */
export function parseRolloutArgs(argv: readonly string[], defaultCwd: string): RolloutOptions {
    const positional: string[] = [];
    let stack: string | undefined;
    let plan: string | undefined;
    let format: Format = "text";
    let cwd = defaultCwd;
    let kubeconfig: string | undefined;
    let context: string | undefined;
    let timeoutSeconds = 600;
    const policyPacks: string[] = [];
    const flags = { resume: false, abort: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = (): string => {
            const next = argv[++i];
            if (next === undefined || next.startsWith("--")) {
                throw new Error(`${arg} needs a value`);
            }
            return next;
        };
        switch (arg) {
            case "--stack":
            case "-s":
                stack = value();
                break;
            case "--plan":
                plan = value();
                break;
            case "--resume":
                flags.resume = true;
                break;
            case "--abort":
                flags.abort = true;
                break;
            case "--cwd":
                cwd = value();
                break;
            case "--policy-pack":
                policyPacks.push(value());
                break;
            case "--kubeconfig":
                kubeconfig = value();
                break;
            case "--context":
                context = value();
                break;
            case "--timeout": {
                const text = value();
                const match = DURATION.exec(text);
                if (!match) {
                    throw new Error(`--timeout must be a duration such as 600s or 10m (got "${text}")`);
                }
                timeoutSeconds = Number(match[1]) * (match[2] === "m" ? 60 : 1);
                break;
            }
            case "--format": {
                const text = value();
                if (!(FORMATS as readonly string[]).includes(text)) {
                    throw new Error(`--format must be text or json (got "${text}")`);
                }
                format = text as Format;
                break;
            }
            default:
                if (arg.startsWith("-")) {
                    throw new Error(`unknown option "${arg}"`);
                }
                positional.push(arg);
        }
    }
    if (positional.length !== 1) {
        throw new Error(`give exactly one component name, for example "shop" (got ${positional.length})`);
    }
    if (stack === undefined) {
        throw new Error("--stack is required, for example --stack dev");
    }
    return {
        component: positional[0],
        stack,
        plan,
        format,
        cwd,
        policyPacks,
        kubeconfig,
        context,
        timeoutSeconds,
        ...flags,
    };
}
