import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");

/** Runs scripts/demo-plan.sh with a cache directory of our choosing. */
function demoPlan(what: "estimate" | "next-steps", cacheHome: string): string {
    return execFileSync("bash", [path.join(REPO, "scripts", "demo-plan.sh"), what], {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, XDG_CACHE_HOME: cacheHome },
    });
}

function packageScripts(): Record<string, string> {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
    };
    return pkg.scripts;
}

describe("demo guidance", () => {
    let emptyCache: string;
    before(() => {
        emptyCache = fs.mkdtempSync(path.join(os.tmpdir(), "k8sw-demo-test-"));
    });
    after(() => fs.rmSync(emptyCache, { recursive: true, force: true }));

    it("before a first run, names every toolchain step with its expected time and the total", () => {
        const text = demoPlan("estimate", emptyCache);
        const reference = fs
            .readFileSync(path.join(REPO, "scripts", "toolchain-timings.ref"), "utf8")
            .split("\n")
            .filter((line) => /^[a-z][-a-z]* \d+$/.test(line))
            .map((line) => line.split(" ")[0]);
        assert.ok(reference.length >= 11, "toolchain-timings.ref lists the steps");
        for (const step of reference) {
            assert.match(text, new RegExp(`^ +${step} ~\\d+ min( \\(.*\\))?$`, "m"), `estimate names ${step}`);
        }
        assert.match(text, /about \d+ min in all/);
    });

    it("says nothing about build times once every step is built", () => {
        const stamps = path.join(emptyCache, "k8s-workloads", "stamps");
        fs.mkdirSync(stamps, { recursive: true });
        for (const line of fs.readFileSync(path.join(REPO, "scripts", "toolchain-timings.ref"), "utf8").split("\n")) {
            const step = /^([a-z][-a-z]*) \d+$/.exec(line)?.[1];
            if (step) {
                fs.writeFileSync(path.join(stamps, step), "built\n");
            }
        }
        const images = path.join(emptyCache, "k8s-workloads", "images", "out");
        fs.mkdirSync(images, { recursive: true });
        fs.writeFileSync(path.join(images, "web-1.0.0.stamp"), "built\n");
        assert.strictEqual(demoPlan("estimate", emptyCache), "");
    });

    it("prints next steps whose commands refer to npm scripts, files and config keys that exist", () => {
        const text = demoPlan("next-steps", emptyCache);
        const scripts = packageScripts();
        const npmRuns = [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? "");
        assert.ok(npmRuns.includes("demo:destroy") && npmRuns.includes("demo"), text);
        for (const name of npmRuns) {
            assert.ok(scripts[name], `npm run ${name} is printed but package.json has no such script`);
            const file = /^bash (scripts\/\S+)$/.exec(scripts[name] ?? "")?.[1];
            if (file) {
                assert.ok(fs.existsSync(path.join(REPO, file)), `${file} exists`);
            }
        }
        for (const file of text.matchAll(/(scripts\/[\w.-]+)/g)) {
            assert.ok(fs.existsSync(path.join(REPO, file[1] ?? "")), `${file[1]} exists`);
        }
        const pulumiYaml = fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8");
        for (const key of text.matchAll(/pulumi config set (\w+)/g)) {
            assert.ok(pulumiYaml.includes(`k8s-workloads:${key[1]}:`), `config key ${key[1]} is in Pulumi.yaml`);
        }
        for (const command of ["kubectl get pods -A", "pulumi stack output --stack dev", "K8S_WORKLOADS_USE_PATH=1"]) {
            assert.ok(text.includes(command), `next steps include ${command}`);
        }
    });
});
