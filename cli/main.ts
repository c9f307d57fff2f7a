import { CliIo, processIo } from "./io";

export type { CliIo };

const USAGE = `Usage: k8s-workloads <command> [options]

Commands:
  check <paths...|->   Check Kubernetes manifests (YAML/JSON) against the policy rules
  verify               Check a deployed stack's workloads on a cluster (rollouts, pods, Services, Jobs)
  rollout <component>  Drive a canary or blue-green through its rollout plan, one "pulumi up" per step
  help                 Show this help

Run "k8s-workloads <command> --help" for a command's options.
`;

/** Runs the CLI with the given arguments and returns the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
    const [command, ...rest] = argv;
    switch (command) {
        // Each command loads its own modules, so `check` does not pay for the Kubernetes client `verify` needs.
        case "check":
            return (await import("./check")).runCheck(rest, io);
        case "verify":
            return (await import("./verify")).runVerify(rest, io);
        case "rollout":
            return (await import("./rollout")).runRollout(rest, io);
        case undefined:
        case "help":
        case "--help":
        case "-h":
            io.stdout(USAGE);
            return command === undefined ? 2 : 0;
        default:
            io.stderr(`k8s-workloads: unknown command "${command}"\n\n${USAGE}`);
            return 2;
    }
}
