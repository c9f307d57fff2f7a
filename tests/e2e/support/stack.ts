import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, LocalWorkspace, PulumiFn, Stack, UpResult } from "@pulumi/pulumi/automation";
import { POLICY_PACK, REPO } from "./env";

/** The project of the inline e2e programs. */
const E2E_PROJECT = "k8s-workloads-e2e";

/** Prints engine output indented, so a long `up` shows progress in the mocha log. */
function progress(text: string): void {
    if (process.env.E2E_QUIET !== "1") {
        process.stdout.write(text.replace(/^(?=.)/gm, "      | "));
    }
}

function workspaceEnv(): Record<string, string> {
    const keys = [
        "PATH",
        "PULUMI_HOME",
        "PULUMI_BACKEND_URL",
        "PULUMI_CONFIG_PASSPHRASE",
        "PULUMI_SKIP_UPDATE_CHECK",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION",
        "KUBECONFIG",
    ];
    return Object.fromEntries(keys.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k] ?? ""]));
}

/** An inline program stack (the program runs in this process; the engine is the real `pulumi` CLI). */
export async function inlineStack(
    name: string,
    program: PulumiFn,
    config: Record<string, string> = {},
): Promise<Stack> {
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: name, projectName: E2E_PROJECT, program },
        {
            projectSettings: { name: E2E_PROJECT, runtime: "nodejs", backend: { url: process.env.PULUMI_BACKEND_URL } },
            envVars: workspaceEnv(),
            secretsProvider: "passphrase",
        },
    );
    await setConfig(stack, config);
    await clearLeftovers(stack);
    return stack;
}

/**
 * Clears what an earlier run left in a stack when it stopped before its `destroy` (the state lives outside the
 * clone, and the cluster may have been recreated since): a refresh drops the objects that no longer exist, then a
 * destroy removes the rest, so that each scenario starts from nothing, with no data of a previous run. A new or
 * destroyed stack is left alone.
 */
async function clearLeftovers(stack: Stack): Promise<void> {
    await releaseStaleLock(stack);
    const state = await stack.exportStack();
    const resources = (state.deployment as { resources?: unknown[] } | undefined)?.resources ?? [];
    if (resources.length > 0) {
        progress(`stack ${stack.name} records ${resources.length} resources from an earlier run: removing them\n`);
        await stack.refresh({ onOutput: progress, color: "never" });
        await stack.destroy({ onOutput: progress, color: "never" });
    }
}

/**
 * Removes the lock of an earlier run that was killed mid-update (`pulumi cancel`). Safe here: the e2e tier is the
 * only user of its stacks and runs one scenario at a time.
 */
async function releaseStaleLock(stack: Stack): Promise<void> {
    await stack.cancel(); // succeeds on an unlocked stack too
}

/** A stack of the repository's own stack program (Pulumi.yaml at the root; Pulumi runs bin/stacks/index.js). */
export async function projectStack(name: string, config: Record<string, string> = {}): Promise<Stack> {
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: name, workDir: REPO },
        { envVars: workspaceEnv(), secretsProvider: "passphrase" },
    );
    await setConfig(stack, config);
    await clearLeftovers(stack);
    return stack;
}

/**
 * A stack of a project directory other than the repository root (for example a copy of examples/yaml). Leftovers of an
 * earlier run are cleared as for the other stacks.
 */
export async function workDirStack(workDir: string, name: string, config: Record<string, string> = {}): Promise<Stack> {
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: name, workDir },
        { envVars: workspaceEnv(), secretsProvider: "passphrase" },
    );
    await setConfig(stack, config);
    await clearLeftovers(stack);
    return stack;
}

/** Sets plain config values (and secrets for keys ending in "!"). */
export async function setConfig(stack: Stack, config: Record<string, string>): Promise<void> {
    const values: ConfigMap = {};
    for (const [key, value] of Object.entries(config)) {
        const secret = key.endsWith("!");
        values[secret ? key.slice(0, -1) : key] = { value, secret };
    }
    if (Object.keys(values).length > 0) {
        await stack.setAllConfig(values);
    }
}

/** `pulumi up` with the policy pack enforced. */
export function up(stack: Stack): Promise<UpResult> {
    return stack.up({ policyPacks: [POLICY_PACK], onOutput: progress, color: "never" });
}

/** `pulumi destroy` and stack removal, for the end of a scenario. */
export async function destroy(stack: Stack): Promise<void> {
    await stack.destroy({ onOutput: progress, color: "never" });
    await stack.workspace.removeStack(stack.name);
}

/** Reads a stack output as a plain value. */
export async function output<T>(stack: Stack, name: string): Promise<T> {
    const outputs = await stack.outputs();
    return outputs[name]?.value as T;
}

/** Re-exported for scenario programs. */
export { pulumi };
