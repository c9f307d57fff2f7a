import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { typescriptBlocks } from "../harness/markdown";
import { COMPONENT_NAMES as COMPONENTS } from "../../components/core/naming";

const REPO = path.resolve(__dirname, "..", "..", "..");

/** Which files a user may find in the tarball: compiled JavaScript, declarations, the CLI entry and docs. */
const ALLOWED = [
    /^package\/package\.json$/,
    /^package\/(README|CHANGELOG)\.md$/,
    /^package\/LICENSE$/,
    /^package\/PulumiPlugin\.yaml$/,
    /^package\/cli\/k8s-workloads\.js$/,
    /^package\/bin\/(components|contract)\/.+\.(js|d\.ts)$/,
    /^package\/bin\/(cli|policies)\/.+\.js$/,
    /^package\/bin\/policies\/presets\/[a-z]+\.json$/,
];

function run(command: string, args: string[], cwd: string): string {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function versionOf(pkg: string, where: "devDependencies" | "dependencies"): string {
    const json = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as Record<
        string,
        Record<string, string>
    >;
    const version = json[where]?.[pkg];
    assert.ok(version, `${pkg} is in ${where}`);
    return version;
}

describe("the npm package", function () {
    this.timeout(10 * 60 * 1000);
    let work: string;
    let tarball: string;
    let files: string[];

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "k8sw-package-"));
        const packed = JSON.parse(
            run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], REPO),
        ) as {
            filename: string;
        }[];
        tarball = path.join(work, packed[0]?.filename ?? "");
        files = run("tar", ["-tzf", tarball], work)
            .split("\n")
            .filter((f) => f !== "");
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("contains only what users need: compiled code, declarations, the CLI entry, PulumiPlugin.yaml, README, CHANGELOG and LICENSE", () => {
        const unexpected = files.filter((f) => !ALLOWED.some((pattern) => pattern.test(f)));
        assert.deepStrictEqual(unexpected, []);
        for (const needed of [
            "package/bin/components/index.js",
            "package/bin/components/index.d.ts",
            "package/bin/contract/index.js",
            "package/cli/k8s-workloads.js",
            "package/bin/cli/main.js",
            "package/README.md",
            "package/CHANGELOG.md",
            "package/LICENSE",
            "package/PulumiPlugin.yaml",
        ]) {
            assert.ok(files.includes(needed), `${needed} is in the tarball`);
        }
        assert.ok(
            !files.some((f) => /\/tests?\//.test(f) || f.startsWith("package/bin/stacks/")),
            "no tests or stacks",
        );
    });

    it("installs next to a user's own @pulumi/kubernetes with one provider version, compiles the README's programs, and its CLI runs", () => {
        const consumer = path.join(work, "consumer");
        fs.mkdirSync(consumer);
        const k8sVersion = versionOf("@pulumi/kubernetes", "devDependencies");
        fs.writeFileSync(
            path.join(consumer, "package.json"),
            JSON.stringify(
                {
                    name: "consumer",
                    private: true,
                    dependencies: {
                        "@pulumi/pulumi": versionOf("@pulumi/pulumi", "devDependencies"),
                        "@pulumi/kubernetes": k8sVersion,
                        "k8s-workloads": `file:${tarball}`,
                    },
                    devDependencies: {
                        typescript: versionOf("typescript", "devDependencies"),
                        "@types/node": versionOf("@types/node", "devDependencies"),
                    },
                },
                null,
                2,
            ),
        );
        run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], consumer);

        const listing = JSON.parse(run("npm", ["ls", "@pulumi/kubernetes", "--all", "--json"], consumer)) as unknown;
        const versions = new Set<string>();
        const walk = (node: unknown, name?: string): void => {
            const n = node as { version?: string; dependencies?: Record<string, unknown> };
            if (name === "@pulumi/kubernetes" && n.version) {
                versions.add(n.version);
            }
            Object.entries(n.dependencies ?? {}).forEach(([child, value]) => walk(value, child));
        };
        walk(listing);
        assert.deepStrictEqual([...versions], [k8sVersion], "one @pulumi/kubernetes in the consumer's tree");

        const blocks = typescriptBlocks(fs.readFileSync(path.join(REPO, "README.md"), "utf8")).filter((b) =>
            b.includes('from "k8s-workloads"'),
        );
        const used = COMPONENTS.filter((c) => blocks.some((b) => b.includes(`new wl.${c}(`)));
        assert.deepStrictEqual(used, COMPONENTS, "the README's examples use every component");
        blocks.forEach((code, i) => fs.writeFileSync(path.join(consumer, `example-${i}.ts`), code));
        fs.writeFileSync(
            path.join(consumer, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: { strict: true, noEmit: true, module: "commonjs", target: "ES2022", types: ["node"] },
                include: ["*.ts"],
            }),
        );
        run(process.execPath, [path.join(consumer, "node_modules", "typescript", "bin", "tsc"), "-p", "."], consumer);

        const manifest = path.join(consumer, "pod.yaml");
        fs.writeFileSync(
            manifest,
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx}]\n",
        );
        let exitCode = 0;
        let output = "";
        try {
            output = run(
                process.execPath,
                [path.join(consumer, "node_modules", ".bin", "k8s-workloads"), "check", manifest],
                consumer,
            );
        } catch (err) {
            const failure = err as { status: number; stdout: string };
            exitCode = failure.status;
            output = failure.stdout;
        }
        assert.strictEqual(exitCode, 1, `the checker finds the unpinned image and missing probes:\n${output}`);
        assert.match(output, /image-tag-pinned/);
    });
});
