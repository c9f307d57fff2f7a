import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { PackageSchema, checkYamlProgram } from "../harness/yamlProgram";

/**
 * The `pulumi new` templates under templates/, instantiated with the real CLI (`--generate-only`: no stack, no
 * dependency install, offline). The TypeScript instance is type-checked against this package as users get it (the
 * `npm pack` tarball) and run under mocks; the YAML instance is checked against the schema. Needs the pulumi CLI:
 * the local toolchain (`npm run toolchain`) or, with K8S_WORKLOADS_USE_PATH=1, the one on PATH.
 */

const REPO = path.resolve(__dirname, "..", "..", "..");
const TOKEN = "k8s-workloads:index:";
const COMPONENTS = ["RollingDeployment", "CanaryDeployment", "MySqlCluster"].map((c) => `${TOKEN}${c}`);
const PROJECT = "demo-app";

interface PackageJson {
    readonly name?: string;
    readonly version: string;
    readonly dependencies?: Record<string, string>;
    readonly devDependencies?: Record<string, string>;
    readonly peerDependencies?: Record<string, string>;
}
interface ProjectFile {
    readonly name: string;
    readonly description?: string;
    readonly runtime: string | { readonly name: string };
    readonly template?: { readonly config?: Record<string, { readonly secret?: boolean; readonly default?: unknown }> };
}

function readJson<T>(file: string): T {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** `pulumi new <template> --dir <dir> --generate-only --yes --force`, from a scratch directory. */
function pulumiNew(template: string, dir: string, scratch: string): void {
    const script = [
        'source "$1/scripts/env.sh"',
        "if ! command -v pulumi >/dev/null; then",
        '  echo "pulumi is not on PATH: build the toolchain (npm run toolchain) or set K8S_WORKLOADS_USE_PATH=1 with pulumi on PATH" >&2',
        "  exit 127",
        "fi",
        'cd "$4"',
        'exec pulumi new "$2" --dir "$3" --generate-only --yes --force --name demo-app --description "A demo of k8s-workloads"',
    ].join("\n");
    const result = spawnSync("bash", ["-c", script, "pulumi-new", REPO, template, dir, scratch], { encoding: "utf8" });
    assert.strictEqual(
        result.status,
        0,
        `pulumi new ${template} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`,
    );
}

/** The template's own Pulumi.yaml: its config prompts. */
function templateConfig(name: string): Record<string, { readonly secret?: boolean; readonly default?: unknown }> {
    const project = YAML.parse(
        fs.readFileSync(path.join(REPO, "templates", name, "Pulumi.yaml"), "utf8"),
    ) as ProjectFile;
    return project.template?.config ?? {};
}

describe("pulumi new templates (templates/)", function () {
    this.timeout(10 * 60 * 1000);
    let work: string;
    let scratch: string;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "k8sw-templates-"));
        scratch = path.join(work, "scratch");
        fs.mkdirSync(scratch);
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("both templates prompt for the namespace, the web image, the canary weight and a secret dbPassword", () => {
        for (const name of ["k8s-workloads-typescript", "k8s-workloads-yaml"]) {
            const config = templateConfig(name);
            assert.deepStrictEqual(
                Object.keys(config).sort(),
                ["canaryWeight", "dbPassword", "namespace", "webImage"],
                name,
            );
            assert.strictEqual(config.dbPassword?.secret, true, `${name}: dbPassword is a secret`);
            assert.strictEqual(config.dbPassword?.default, undefined, `${name}: no default password`);
        }
    });

    it("k8s-workloads-typescript: instantiates, depends on this package and its peers, type-checks against the npm tarball, and registers the components", () => {
        const dir = path.join(work, "ts");
        pulumiNew(path.join(REPO, "templates", "k8s-workloads-typescript"), dir, scratch);
        const project = YAML.parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as ProjectFile;
        assert.strictEqual(project.name, PROJECT);
        assert.strictEqual(project.description, "A demo of k8s-workloads");
        assert.strictEqual(project.template, undefined, "pulumi new drops the template section");
        assert.ok(fs.existsSync(path.join(dir, "index.ts")));

        const ours = readJson<PackageJson>(path.join(REPO, "package.json"));
        const theirs = readJson<PackageJson>(path.join(dir, "package.json"));
        assert.strictEqual(theirs.name, PROJECT);
        assert.deepStrictEqual(theirs.dependencies, {
            "@pulumi/kubernetes": ours.peerDependencies?.["@pulumi/kubernetes"],
            "@pulumi/pulumi": ours.peerDependencies?.["@pulumi/pulumi"],
            "k8s-workloads": `^${ours.version}`,
        });

        // node_modules as `npm install` would leave it, offline: the tarball unpacked as k8s-workloads, and the
        // repository's own packages (one @pulumi/pulumi and @pulumi/kubernetes) linked beside it.
        const packed = JSON.parse(
            execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
                cwd: REPO,
                encoding: "utf8",
            }),
        ) as { filename: string }[];
        const modules = path.join(dir, "node_modules");
        fs.mkdirSync(path.join(modules, "k8s-workloads"), { recursive: true });
        execFileSync("tar", [
            "-xzf",
            path.join(work, packed[0]?.filename ?? ""),
            "-C",
            path.join(modules, "k8s-workloads"),
            "--strip-components=1",
        ]);
        for (const entry of fs.readdirSync(path.join(REPO, "node_modules"))) {
            if (entry !== "k8s-workloads" && !entry.startsWith(".")) {
                fs.symlinkSync(path.join(REPO, "node_modules", entry), path.join(modules, entry));
            }
        }
        const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
        const check = spawnSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
        assert.strictEqual(check.status, 0, `the instance type-checks:\n${check.stdout}${check.stderr}`);

        const ran = execFileSync(
            process.execPath,
            [
                path.join(__dirname, "runTemplateProgram.js"),
                path.join(dir, "bin", "index.js"),
                PROJECT,
                "dbPassword=pw-from-config",
            ],
            { encoding: "utf8" },
        ).split("\n");
        assert.ok(ran.includes("done"), ran.join("\n"));
        for (const [type, name] of COMPONENTS.map((c, i) => [c, ["web", "shop", "mysql"][i]])) {
            assert.ok(ran.includes(`${type} ${name}`), `${type} ${name} is registered:\n${ran.join("\n")}`);
        }
        assert.ok(ran.includes("kubernetes:core/v1:Secret mysql-credentials"), "the children are created");
    });

    it("k8s-workloads-yaml: instantiates, and the program names the components with valid inputs", () => {
        const dir = path.join(work, "yaml");
        pulumiNew(path.join(REPO, "templates", "k8s-workloads-yaml"), dir, scratch);
        const text = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
        const project = YAML.parse(text) as ProjectFile & { packages?: Record<string, string> };
        assert.strictEqual(project.name, PROJECT);
        assert.strictEqual(project.description, "A demo of k8s-workloads");
        assert.strictEqual(project.runtime, "yaml");
        assert.strictEqual(project.template, undefined, "pulumi new drops the template section");
        assert.match(project.packages?.["k8s-workloads"] ?? "", /k8s-workloads/);
        const schema = readJson<PackageSchema>(path.join(REPO, "tests", "schema", "golden", "schema.json"));
        const result = checkYamlProgram(text, schema);
        assert.deepStrictEqual(result.problems, []);
        assert.deepStrictEqual(result.components, COMPONENTS);
    });
});
