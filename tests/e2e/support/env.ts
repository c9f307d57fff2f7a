import { execFileSync } from "child_process";
import * as path from "path";

/** The repository root (tests run from bin/tests/e2e/support). */
export const REPO = path.resolve(__dirname, "..", "..", "..", "..");
/** The policy pack directory passed to `pulumi up --policy-pack`. */
export const POLICY_PACK = path.join(REPO, "policies");

/**
 * Loads the toolchain environment (PATH with the locally built binaries, PULUMI_HOME, the file backend, the
 * passphrase and the local cluster's KUBECONFIG) from scripts/env.sh into this process.
 */
export function loadToolchainEnv(): void {
    const output = execFileSync("bash", ["-c", `source "${path.join(REPO, "scripts", "env.sh")}" && env -0`], {
        encoding: "utf8",
    });
    for (const entry of output.split("\0")) {
        const eq = entry.indexOf("=");
        if (eq > 0) {
            process.env[entry.slice(0, eq)] = entry.slice(eq + 1);
        }
    }
}
