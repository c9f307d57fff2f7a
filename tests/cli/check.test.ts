/**
 * `k8s-workloads check`: inputs (files, directories, stdin, multi-document YAML, JSON, List kinds), output formats,
 * presets, config files and exit codes; once as a real process.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { stringify } from "yaml";
import { runCheck } from "../../cli/check";
import { main } from "../../cli/main";
import type { CliIo } from "../../cli/io";
import { K8sObject } from "../../policies/lib/objects";
import { badDeployment, componentDefaultDeployment, goodPdb, goodService, goodSet } from "../policies/helpers";

/** Captured output of one run. */
interface Run {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

const ROOT = path.resolve(__dirname, "..", "..", "..");

async function run(argv: string[], stdin = ""): Promise<Run> {
    let stdout = "";
    let stderr = "";
    const io: CliIo = {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        readStdin: () => Promise.resolve(stdin),
    };
    const code = await runCheck(argv, io);
    return { code, stdout, stderr };
}

function yamlDocs(objects: readonly K8sObject[]): string {
    return objects.map((o) => stringify(o)).join("---\n");
}

const dir = mkdtempSync(path.join(tmpdir(), "k8s-workloads-check-"));

function file(name: string, text: string): string {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
}

describe("k8s-workloads check", () => {
    const good = file("good/all.yaml", yamlDocs(goodSet()));
    const bad = file("bad.yaml", yamlDocs([badDeployment()]));
    const component = file("component.yaml", yamlDocs([componentDefaultDeployment(), goodService(), goodPdb()]));

    it("passes good manifests: exit 0, a summary line and no table", async () => {
        const r = await run([good]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.strictEqual(r.stdout, "PASS: 10 resources checked, 0 mandatory and 0 advisory violations\n");
    });

    it("fails bad manifests with exit 1 and a table of rule, level, resource, container, message, fix", async () => {
        const r = await run([bad]);
        assert.strictEqual(r.code, 1);
        const lines = r.stdout.trimEnd().split("\n");
        assert.match(lines[0] ?? "", /^RULE\s+LEVEL\s+RESOURCE\s+CONTAINER\s+MESSAGE\s+FIX$/);
        assert.ok(
            lines.some((l) =>
                /^image-tag-pinned\s+mandatory\s+Deployment\/-\/bad\s+bad\s+image "nginx:latest" uses the mutable tag :latest\s+Pin the image/.test(
                    l,
                ),
            ),
        );
        assert.match(
            lines[lines.length - 1] ?? "",
            /^FAIL: 1 resources checked, \d+ mandatory and \d+ advisory violations$/,
        );
    });

    it("--format json prints exactly one JSON object of the contract's shape", async () => {
        const r = await run([bad, "--format", "json"]);
        assert.strictEqual(r.code, 1);
        const out = JSON.parse(r.stdout) as { resources: number; violations: Record<string, unknown>[] };
        assert.deepStrictEqual(Object.keys(out), ["resources", "violations"]);
        assert.strictEqual(out.resources, 1);
        const v = out.violations.find((x) => x.policy === "no-privileged");
        assert.deepStrictEqual(v, {
            policy: "no-privileged",
            enforcementLevel: "mandatory",
            kind: "Deployment",
            namespace: null,
            name: "bad",
            container: "bad",
            message: "runs privileged (securityContext.privileged: true)",
            file: bad,
        });
        for (const x of out.violations) {
            assert.deepStrictEqual(Object.keys(x), [
                "policy",
                "enforcementLevel",
                "kind",
                "namespace",
                "name",
                "container",
                "message",
                "file",
            ]);
        }
    });

    it("--preset restricted turns advisories into failures", async () => {
        assert.strictEqual((await run([component])).code, 0);
        const r = await run([component, "--preset=restricted", "--format", "json"]);
        assert.strictEqual(r.code, 1);
        const out = JSON.parse(r.stdout) as { violations: { policy: string; enforcementLevel: string }[] };
        assert.deepStrictEqual(
            [...new Set(out.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy))],
            ["run-as-non-root", "network-policy-required"],
        );
    });

    it("--config layers a policy pack config file over the preset", async () => {
        const cfg = file("cfg.json", JSON.stringify({ all: "advisory" }));
        assert.strictEqual((await run([bad, "--config", cfg])).code, 0);
        const strict = file("strict.json", JSON.stringify({ "run-as-non-root": { enforcementLevel: "mandatory" } }));
        assert.strictEqual((await run([component, "--config", strict])).code, 1);
    });

    it("an invalid config file is exit 2 with the problem", async () => {
        const cfg = file("badcfg.json", JSON.stringify({ "no-such-rule": "advisory" }));
        const r = await run([good, "--config", cfg]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /unknown policy "no-such-rule"/);
        assert.strictEqual((await run([good, "--config", path.join(dir, "missing.json")])).code, 2);
    });

    it("reads stdin with -, multi-document YAML and List kinds", async () => {
        const list = { apiVersion: "v1", kind: "List", items: [badDeployment(), goodService()] };
        const r = await run(["-", "--format", "json"], `${stringify(list)}---\n${stringify(goodPdb())}`);
        const out = JSON.parse(r.stdout) as { resources: number; violations: { file: string }[] };
        assert.strictEqual(out.resources, 3);
        assert.strictEqual(r.code, 1);
        assert.ok(out.violations.every((v) => v.file === "-"));
    });

    it("reads JSON files and JSON arrays", async () => {
        const j = file("objs.json", JSON.stringify([badDeployment()]));
        const r = await run([j, "--format", "json"]);
        assert.strictEqual((JSON.parse(r.stdout) as { resources: number }).resources, 1);
        assert.strictEqual(r.code, 1);
    });

    it("walks directories recursively, ignoring non-manifest files", async () => {
        file("tree/a/one.yml", yamlDocs([componentDefaultDeployment()]));
        file("tree/b/two.yaml", yamlDocs([goodPdb()]));
        file("tree/readme.txt", "not yaml: [");
        const r = await run([path.join(dir, "tree"), "--format", "json"]);
        const out = JSON.parse(r.stdout) as { resources: number; violations: { policy: string }[] };
        assert.strictEqual(out.resources, 2);
        assert.ok(
            !out.violations.some((v) => v.policy === "pdb-required"),
            "the PDB in another file covers the Deployment",
        );
    });

    it("runs the whole-set rules across all documents", async () => {
        const r = await run([component, "--format", "json"]);
        const out = JSON.parse(r.stdout) as { violations: { policy: string }[] };
        assert.ok(!out.violations.some((v) => v.policy === "pdb-required"));
        const alone = await run([file("alone.yaml", yamlDocs([componentDefaultDeployment()])), "--format", "json"]);
        assert.ok(
            (JSON.parse(alone.stdout) as { violations: { policy: string }[] }).violations.some(
                (v) => v.policy === "pdb-required",
            ),
        );
    });

    it("counts and skips unknown kinds and kindless documents without crashing", async () => {
        const f = file(
            "mixed.yaml",
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\nmetadata: {name: nokind}\n---\n42\n---\n",
        );
        const r = await run([f]);
        assert.strictEqual(r.code, 0);
        assert.strictEqual(
            r.stdout,
            "PASS: 3 resources checked (3 skipped: unknown or missing kind), 0 mandatory and 0 advisory violations\n",
        );
        assert.match(r.stderr, /skipped unknown kind "Widget"/);
    });

    it("invalid YAML is exit 2 with the file and the line", async () => {
        const f = file(
            "broken.yaml",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels: {a: b\nspec: {}\n",
        );
        const r = await run([f, "--format", "json"]);
        assert.strictEqual(r.code, 2);
        assert.strictEqual(r.stdout, "");
        assert.match(r.stderr, new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: invalid YAML: `));
    });

    it("a missing path is exit 2", async () => {
        const r = await run([path.join(dir, "nope.yaml")]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /nope\.yaml: cannot read/);
    });

    it("usage errors are exit 2; --help is exit 0", async () => {
        assert.strictEqual((await run([])).code, 2);
        assert.strictEqual((await run([good, "--preset", "strict"])).code, 2);
        assert.strictEqual((await run([good, "--format", "yaml"])).code, 2);
        assert.strictEqual((await run([good, "--bogus"])).code, 2);
        assert.strictEqual((await run([good, "--config"])).code, 2);
        const help = await run(["--help"]);
        assert.strictEqual(help.code, 0);
        assert.match(help.stdout, /Usage: k8s-workloads check/);
    });

    it("is dispatched by main", async () => {
        let stdout = "";
        const io: CliIo = {
            stdout: (t) => (stdout += t),
            stderr: () => undefined,
            readStdin: () => Promise.resolve(""),
        };
        assert.strictEqual(await main(["check", bad, "--format", "json"], io), 1);
        assert.strictEqual((JSON.parse(stdout) as { resources: number }).resources, 1);
    });

    describe("as a real process (node cli/k8s-workloads.js)", () => {
        const exec = (args: string[]): Promise<{ code: number; stdout: string }> =>
            new Promise((resolve) => {
                execFile(
                    process.execPath,
                    [path.join(ROOT, "cli", "k8s-workloads.js"), "check", ...args],
                    { cwd: ROOT },
                    (error, stdout) => {
                        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
                        resolve({ code, stdout });
                    },
                );
            });

        it("exits 1 on mandatory violations, 0 on a clean set, 2 on unreadable input", async () => {
            const failing = await exec([bad, "--format", "json"]);
            assert.strictEqual(failing.code, 1);
            assert.strictEqual((JSON.parse(failing.stdout) as { resources: number }).resources, 1);
            assert.strictEqual((await exec([good])).code, 0);
            assert.strictEqual((await exec([path.join(dir, "nope.yaml")])).code, 2);
        });
    });
});
