import * as assert from "assert";
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The Python side of `npm run test:python`: a cached virtual environment with the pinned `pulumi` package, and the
 * Python SDK generated from the live schema with the real `pulumi package gen-sdk`.
 */

export const REPO = path.resolve(__dirname, "..", "..", "..");
const REQUIREMENTS = path.join(REPO, "tests", "python", "requirements.txt");

/** `${XDG_CACHE_HOME:-~/.cache}/k8s-workloads/python`, outside the clone like the rest of the toolchain. */
export function pythonCache(): string {
    const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache");
    return path.join(base, "k8s-workloads", "python");
}

/** Runs a command; fails the test with its output when it exits non-zero. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
    const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
    if (result.error) {
        throw result.error;
    }
    assert.strictEqual(
        result.status,
        0,
        `${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
    return result.stdout;
}

/** Runs a command and returns its result whatever the exit status. */
export function attempt(command: string, args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
    return spawnSync(command, args, { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
}

/** The interpreter: K8SW_PYTHON, else python3.11. A missing one fails with the fix. */
function interpreter(): string {
    const python = process.env.K8SW_PYTHON ?? "python3.11";
    const probe = spawnSync(python, ["--version"], { encoding: "utf8" });
    assert.ok(
        !probe.error && probe.status === 0,
        `${python} is not installed: install Python 3.11 (apt-get install python3.11 python3.11-venv) or set K8SW_PYTHON`,
    );
    return python;
}

/**
 * The virtual environment with tests/python/requirements.txt installed, reused while the requirements and the
 * interpreter are unchanged: `<cache>/venv-<hash>` holds a stamp written after a successful install.
 */
export function virtualenv(log: (line: string) => void): string {
    const python = interpreter();
    const version = run(python, ["--version"]).trim();
    const hash = crypto
        .createHash("sha256")
        .update(`${version}\n${fs.readFileSync(REQUIREMENTS, "utf8")}`)
        .digest("hex")
        .slice(0, 12);
    const venv = path.join(pythonCache(), `venv-${hash}`);
    const stamp = path.join(venv, ".k8s-workloads-stamp");
    const bin = path.join(venv, "bin", "python");
    if (fs.existsSync(stamp) && fs.existsSync(bin)) {
        log(`python: reusing ${venv}`);
        return bin;
    }
    const started = Date.now();
    fs.rmSync(venv, { recursive: true, force: true });
    fs.mkdirSync(pythonCache(), { recursive: true });
    run(python, ["-m", "venv", venv]);
    run(bin, [
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--cache-dir",
        path.join(pythonCache(), "pip"),
        "-r",
        REQUIREMENTS,
    ]);
    fs.writeFileSync(stamp, `${version}\n${hash}\n`);
    log(`python: created ${venv} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return bin;
}

/**
 * Generates the Python SDK with `pulumi package gen-sdk <repo> --language python`, from a scratch directory (the
 * repo root holds both Pulumi.yaml and PulumiPlugin.yaml, which the CLI refuses). The local toolchain's codegen-only
 * Python host (`<cache>/libexec/python-codegen`, see scripts/toolchain.sh) answers GeneratePackage; with
 * K8S_WORKLOADS_USE_PATH=1 the `pulumi` and `pulumi-language-python` on PATH are used. Returns the SDK directory.
 */
export function generateSdk(out: string, log: (line: string) => void): string {
    const script = [
        'source "$1/scripts/env.sh"',
        'if ! k8sw_use_path; then export PATH="$K8SW_CACHE/libexec/python-codegen:$PATH"; fi',
        "for tool in pulumi pulumi-language-python; do",
        '  if ! command -v "$tool" >/dev/null; then',
        '    echo "$tool is not on PATH: build the toolchain (npm run toolchain) or set K8S_WORKLOADS_USE_PATH=1 with it on PATH" >&2',
        "    exit 127",
        "  fi",
        "done",
        'cd "$2"',
        'exec pulumi package gen-sdk "$1" --language python --out "$2/sdk"',
    ].join("\n");
    const started = Date.now();
    run("bash", ["-c", script, "gen-sdk", REPO, out]);
    log(`python: pulumi package gen-sdk took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const sdk = path.join(out, "sdk", "python");
    assert.ok(fs.existsSync(path.join(sdk, "setup.py")), `gen-sdk wrote a Python package (setup.py) to ${sdk}`);
    return sdk;
}

/** Installs the generated SDK (no dependencies: they are pinned in the venv) into `<target>`, for PYTHONPATH. */
export function installSdk(python: string, sdk: string, target: string): void {
    run(python, [
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "--no-build-isolation",
        "--target",
        target,
        sdk,
    ]);
}
