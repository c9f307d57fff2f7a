/**
 * Runs `pulumi preview|up|destroy` of this repository's stack program with the policy pack, through the Pulumi
 * Automation API and the real `pulumi` CLI:
 *
 *   node bin/scripts/stack.js up --stack dev --policy-pack policies [--policy-pack-config file]
 *
 * The program (bin/stacks/index.js) runs in this process as an inline program, so the CLI needs no Node.js language
 * host, and a Node.js policy pack starts through the analyzer-plugin route (scripts/pulumi-analyzer-policy-nodejs).
 * The locally built toolchain needs this: the Go module proxy serves the Node.js language host only up to 3.68.0,
 * whose host cannot start policy packs. With your own CLI, plain `pulumi up --policy-pack policies` works as well.
 */
import * as path from "path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";

const REPO = path.resolve(__dirname, "..", "..");
const PROGRAM = path.join(REPO, "bin", "stacks", "index.js");
const COMMANDS = ["preview", "up", "destroy", "refresh"] as const;
type Command = (typeof COMMANDS)[number];

/** Parsed arguments. */
export interface StackCommand {
    readonly command: Command;
    readonly stack: string;
    readonly policyPacks: string[];
    readonly policyPackConfigs: string[];
    /** Fail when the preview or update would change anything (the second `up` of the demo is a no-op). */
    readonly expectNoChanges: boolean;
}

/** Parses `<command> --stack S [--policy-pack P]... [--policy-pack-config F]...`. */
export function parseStackCommand(argv: string[]): StackCommand {
    const [command, ...rest] = argv;
    if (!(COMMANDS as readonly string[]).includes(command)) {
        throw new Error(`the command must be one of ${COMMANDS.join(", ")} (got "${command ?? ""}")`);
    }
    let stack = "dev";
    const policyPacks: string[] = [];
    const policyPackConfigs: string[] = [];
    let expectNoChanges = false;
    for (let i = 0; i < rest.length; i++) {
        if (rest[i] === "--expect-no-changes") {
            expectNoChanges = true;
            continue;
        }
        const value = rest[i + 1];
        if (value === undefined) {
            throw new Error(`${rest[i]} needs a value`);
        }
        switch (rest[i]) {
            case "--stack":
            case "-s":
                stack = value;
                break;
            case "--policy-pack":
                policyPacks.push(path.resolve(value));
                break;
            case "--policy-pack-config":
                policyPackConfigs.push(path.resolve(value));
                break;
            default:
                throw new Error(`unknown option "${rest[i]}"`);
        }
        i++;
    }
    return { command: command as Command, stack, policyPacks, policyPackConfigs, expectNoChanges };
}

/** The stack, with the stack program as an inline program and the repository as the workspace. */
export async function openStack(name: string): Promise<Stack> {
    return LocalWorkspace.createOrSelectStack(
        {
            stackName: name,
            projectName: "k8s-workloads",
            // The stack program registers its resources and exports its outputs when it is loaded.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            program: async () => require(PROGRAM) as Record<string, unknown>,
        },
        { workDir: REPO, secretsProvider: "passphrase" },
    );
}

async function run(args: StackCommand): Promise<void> {
    const stack = await openStack(args.stack);
    const onOutput = (text: string) => process.stdout.write(text);
    const policy = {
        policyPacks: args.policyPacks,
        policyPackConfigs: args.policyPackConfigs,
        expectNoChanges: args.expectNoChanges,
    };
    switch (args.command) {
        case "preview":
            await stack.preview({ ...policy, onOutput, diff: false });
            return;
        case "up": {
            const result = await stack.up({ ...policy, onOutput });
            process.stdout.write(
                `\nupdate ${result.summary.result}: ${JSON.stringify(result.summary.resourceChanges ?? {})}\n`,
            );
            return;
        }
        case "destroy":
            await stack.destroy({ onOutput });
            return;
        case "refresh":
            await stack.refresh({ onOutput });
            return;
        default: {
            const unreachable: never = args.command;
            throw new Error(`unknown command ${String(unreachable)}`);
        }
    }
}

if (require.main === module) {
    let args: StackCommand;
    try {
        args = parseStackCommand(process.argv.slice(2));
    } catch (err) {
        process.stderr.write(
            `stack: ${(err as Error).message}\nusage: node bin/scripts/stack.js preview|up|destroy|refresh --stack dev [--policy-pack policies] [--policy-pack-config file] [--expect-no-changes]\n`,
        );
        process.exit(2);
    }
    run(args).catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        process.stderr.write(`\nstack ${args.command} failed: ${message.split("\n").slice(-15).join("\n")}\n`);
        process.exit(1);
    });
}
