import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { execFileSync } from "child_process";
import { typescriptBlocks } from "./harness/markdown";

const REPO = path.resolve(__dirname, "..", "..");

/** Type-checks snippets as files of this repo (so "k8s-workloads" resolves to components/index.ts). */
function typeCheck(snippets: Map<string, string>): string[] {
    const options: ts.CompilerOptions = {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        esModuleInterop: true,
        types: ["node"],
        baseUrl: REPO,
        paths: { "k8s-workloads": ["components/index.ts"] },
        ignoreDeprecations: "6.0",
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.readFile = (file) => snippets.get(path.resolve(file)) ?? readFile(file);
    host.fileExists = (file) => snippets.has(path.resolve(file)) || fileExists(file);
    const program = ts.createProgram([...snippets.keys()], options, host);
    return ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file && snippets.has(path.resolve(d.file.fileName)))
        .map(
            (d) => `${path.basename(d.file?.fileName ?? "")}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
        );
}

describe("documentation", () => {
    const docs = ["README.md", ...fs.readdirSync(path.join(REPO, "docs")).map((f) => path.join("docs", f))].filter(
        (f) => f.endsWith(".md"),
    );
    it("type-checks every TypeScript example in the README and docs/", function () {
        this.timeout(120000);
        const snippets = new Map<string, string>();
        for (const doc of docs) {
            typescriptBlocks(fs.readFileSync(path.join(REPO, doc), "utf8")).forEach((code, i) => {
                snippets.set(path.join(REPO, `.doc-example-${doc.replace(/[/.]/g, "_")}-${i}.ts`), code);
            });
        }
        assert.ok(snippets.size >= 4, `expected examples in ${docs.join(", ")}, found ${snippets.size}`);
        assert.deepStrictEqual(typeCheck(snippets), []);
    });

    it("the type check catches a wrong example", function () {
        this.timeout(120000);
        const bad = new Map([
            [
                path.join(REPO, ".doc-example-bad.ts"),
                'import * as wl from "k8s-workloads";\nnew wl.RollingDeployment("x", { port: 80 });\n',
            ],
        ]);
        assert.strictEqual(typeCheck(bad).length, 1);
    });
});

/** A pinned version from scripts/versions.env (the toolchain's one file of versions). */
function toolchainVersion(key: string): string {
    const line = fs
        .readFileSync(path.join(REPO, "scripts", "versions.env"), "utf8")
        .split("\n")
        .find((l) => l.startsWith(`${key}=`));
    assert.ok(line, `${key} is missing from scripts/versions.env`);
    return line.slice(key.length + 1).trim();
}

describe("dependencies", () => {
    it("installs exactly one @pulumi/kubernetes, the version the toolchain builds the provider plugin at", () => {
        const output = execFileSync("npm", ["ls", "@pulumi/kubernetes", "--all", "--json"], {
            cwd: REPO,
            encoding: "utf8",
        });
        const versions = new Set<string>();
        const walk = (node: { version?: string; dependencies?: Record<string, unknown> }, name?: string) => {
            if (name === "@pulumi/kubernetes" && node.version) {
                versions.add(node.version);
            }
            for (const [child, value] of Object.entries(node.dependencies ?? {})) {
                walk(value as { version?: string; dependencies?: Record<string, unknown> }, child);
            }
        };
        walk(JSON.parse(output) as { dependencies?: Record<string, unknown> });
        assert.deepStrictEqual([...versions], [toolchainVersion("PULUMI_KUBERNETES_VERSION")]);
    });

    it("builds against the locally built pulumi CLI's versions, and asks users for compatible peers", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
            devDependencies: Record<string, string>;
            peerDependencies: Record<string, string>;
        };
        // This repository builds against the exact versions; users bring their own within the caret ranges.
        assert.strictEqual(pkg.devDependencies["@pulumi/pulumi"], toolchainVersion("PULUMI_VERSION"));
        assert.strictEqual(pkg.devDependencies["@pulumi/kubernetes"], toolchainVersion("PULUMI_KUBERNETES_VERSION"));
        assert.strictEqual(pkg.peerDependencies["@pulumi/pulumi"], `^${toolchainVersion("PULUMI_VERSION")}`);
        assert.strictEqual(
            pkg.peerDependencies["@pulumi/kubernetes"],
            `^${toolchainVersion("PULUMI_KUBERNETES_VERSION")}`,
        );
    });

    it("decides every dependency install script in package.json: the provider plugin download stays off", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
            allowScripts?: Record<string, boolean>;
        };
        assert.deepStrictEqual(pkg.allowScripts, { "@pulumi/kubernetes": false, protobufjs: false });
        const undecided = execFileSync("npm", ["install-scripts", "ls"], { cwd: REPO, encoding: "utf8" });
        assert.doesNotMatch(undecided, /@pulumi\/kubernetes|protobufjs/);
    });
});
