/**
 * The pure parts of the rollout driver: gate judgements, the component lookup in stack state, the position file,
 * options, and the text format.
 */
import * as assert from "assert";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { judgeExitCode, judgeHttp, judgePrometheus, percentile } from "../../../cli/rollout/analysis";
import { parseRolloutArgs } from "../../../cli/rollout/args";
import { policyPacksFor, upErrorSummary } from "../../../cli/rollout/automation";
import type { RolloutPosition } from "../../../cli/rollout/engine";
import { formatText } from "../../../cli/rollout/format";
import { positionPath, readPosition, writePosition } from "../../../cli/rollout/position";
import { blueGreenActions, canaryActions, planDigest, resolveAnalysis } from "../../../cli/rollout/program";
import { StateResource, findComponent } from "../../../cli/rollout/stackState";

const HTTP = { path: "/", port: "", requests: 4, minSuccessPercent: 75, maxLatencyMs: 100, target: "canary" as const };

describe("rollout gate judgements", () => {
    it("takes the nearest-rank percentile", () => {
        assert.strictEqual(percentile([5, 1, 3, 2, 4], 95), 5);
        assert.strictEqual(percentile([10, 20, 30, 40], 50), 20);
        assert.strictEqual(percentile([], 95), 0);
    });

    it("judges HTTP samples by success rate and p95 latency", () => {
        const sample = (ok: boolean, milliseconds: number, status = ok ? 200 : 500) => ({ ok, milliseconds, status });
        const passing = judgeHttp([sample(true, 10), sample(true, 20), sample(true, 30), sample(false, 40, 0)], HTTP);
        assert.deepStrictEqual(passing, {
            ok: true,
            message: "3/4 succeeded (75.0%), p95 40 ms; failures: status 0",
            values: { requests: 4, succeeded: 3, successPercent: 75, p95Ms: 40 },
        });
        const failing = judgeHttp(
            [sample(true, 10), sample(false, 20), sample(false, 300, 503), sample(true, 5)],
            HTTP,
        );
        assert.strictEqual(failing.ok, false);
        assert.strictEqual(
            failing.message,
            "2/4 succeeded (50.0%), p95 300 ms; failures: status 500, 503: success rate below 75% and p95 above 100 ms",
        );
    });

    it("judges Prometheus values and exit codes", () => {
        assert.deepStrictEqual(judgePrometheus(0.995, "result >= 0.99"), {
            ok: true,
            message: 'result 0.995 meets "result >= 0.99"',
            values: { result: 0.995 },
        });
        assert.strictEqual(judgePrometheus(0.5, "result >= 0.99").ok, false);
        assert.deepStrictEqual(judgePrometheus(undefined, "result >= 0.99"), {
            ok: false,
            message: "the query returned no value",
            values: {},
        });
        assert.deepStrictEqual(judgeExitCode("./smoke.sh", 3, "checking\n5xx seen\n"), {
            ok: false,
            message: "./smoke.sh exited with 3: 5xx seen",
            values: { exitCode: 3 },
        });
    });
});

describe("rollout program", () => {
    it("labels each step and ends a canary with the promotion", () => {
        const actions = canaryActions({ steps: [{ setWeight: 20 }, { pause: { duration: "1m" } }, { pause: {} }] });
        assert.deepStrictEqual(
            actions.map((a) => a.step),
            ["step 1/4 setWeight 20", "step 2/4 pause 1m", "step 3/4 pause until resumed", "step 4/4 promote"],
        );
        assert.deepStrictEqual(actions[1], { kind: "pause", step: "step 2/4 pause 1m", seconds: 60 });
    });

    it("gates a blue-green through the preview Service before the switch and the live one after", () => {
        const actions = blueGreenActions({ scaleDownDelaySeconds: 5 }, "green", "blue");
        assert.deepStrictEqual(
            actions.map((a) => `${a.step}${a.kind === "analysis" ? ` -> ${a.analysis.target}` : ""}`),
            [
                "step 1/6 preview blue",
                "step 2/6 pre-promotion analysis http -> preview",
                "step 3/6 switch to blue",
                "step 4/6 post-promotion analysis http -> service",
                "step 5/6 scale-down delay 5s",
                "step 6/6 scale down green",
            ],
        );
    });

    it("fills gate defaults and honours target service for a canary", () => {
        assert.deepStrictEqual(resolveAnalysis({ http: { target: "service" } }, "canary"), {
            kind: "http",
            target: "service",
            intervalSeconds: 10,
            count: 3,
            failureLimit: 0,
            http: { path: "/", port: "", requests: 20, minSuccessPercent: 99, maxLatencyMs: 1000, target: "service" },
        });
        assert.notStrictEqual(planDigest({ steps: [{ setWeight: 10 }] }), planDigest({ steps: [{ setWeight: 20 }] }));
        assert.strictEqual(planDigest(undefined), planDigest(undefined));
    });
});

describe("rollout component lookup in stack state", () => {
    const urn = (type: string, name: string) => `urn:pulumi:dev::k8s-workloads::${type}::${name}`;
    const shopUrn = urn("k8s-workloads:index:CanaryDeployment", "shop");
    const resources: StateResource[] = [
        { urn: urn("pulumi:pulumi:Stack", "k8s-workloads-dev"), type: "pulumi:pulumi:Stack" },
        {
            urn: shopUrn,
            type: "k8s-workloads:index:CanaryDeployment",
            outputs: { serviceName: "shop", rolloutPlan: { steps: [{ setWeight: 5 }] } },
        },
        {
            urn: urn("k8s-workloads:index:CanaryDeployment$kubernetes:apps/v1:Deployment", "shop-canary"),
            type: "kubernetes:apps/v1:Deployment",
            parent: shopUrn,
            outputs: {
                metadata: { name: "shop-canary", namespace: "workloads-dev" },
                spec: {
                    selector: { matchLabels: { app: "shop", version: "canary" } },
                    template: { spec: { containers: [{ ports: [{ containerPort: 8080 }] }] } },
                },
            },
        },
        { urn: urn("k8s-workloads:index:RollingDeployment", "api"), type: "k8s-workloads:index:RollingDeployment" },
    ];

    it("finds the component, its Deployments, Services and recorded plan", () => {
        const found = findComponent(resources, "shop", "dev");
        assert.deepStrictEqual(found.info, {
            name: "shop",
            kind: "canary",
            namespace: "workloads-dev",
            recordedPlan: { steps: [{ setWeight: 5 }] },
            activeColor: undefined,
        });
        assert.deepStrictEqual(found.deployments, [
            {
                resourceName: "shop-canary",
                name: "shop-canary",
                namespace: "workloads-dev",
                selector: { app: "shop", version: "canary" },
                containerPort: 8080,
            },
        ]);
        assert.strictEqual(found.serviceName, "shop");
    });

    it("names what the stack has when the component is unknown or of another kind", () => {
        assert.throws(
            () => findComponent(resources, "shopp", "dev"),
            /^Error: no CanaryDeployment or BlueGreenDeployment named "shopp" in stack dev; the stack has shop \(CanaryDeployment\)$/,
        );
        assert.throws(
            () => findComponent(resources, "api", "dev"),
            /^Error: api in stack dev is a RollingDeployment; rollout drives CanaryDeployment and BlueGreenDeployment components$/,
        );
        assert.throws(() => findComponent([], "shop", "dev"), /the stack has none \(run pulumi up first\)/);
    });
});

describe("rollout position file", () => {
    it("is written atomically under .k8s-workloads/rollout and read back", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "rollout-"));
        const file = positionPath(dir, "org/dev", "shop");
        assert.strictEqual(file, path.join(dir, ".k8s-workloads", "rollout", "org_dev.shop.json"));
        assert.strictEqual(await readPosition(file), undefined);
        const position: RolloutPosition = {
            version: 1,
            stack: "dev",
            component: "shop",
            kind: "canary",
            planDigest: "0000abcd",
            next: 3,
            status: "running",
            state: { canaryWeight: 25, promote: false },
            startedAt: "2026-12-02T00:00:00.000Z",
            updatedAt: "2026-12-02T00:01:00.000Z",
        };
        await writePosition(file, position);
        await writePosition(file, { ...position, next: 4 });
        assert.deepStrictEqual(await readPosition(file), { ...position, next: 4 });
        assert.deepStrictEqual(readdirSync(path.dirname(file)), ["org_dev.shop.json"], "no temporary file is left");
        writeFileSync(file, '{"hello":1}');
        await assert.rejects(
            readPosition(file),
            /is not a rollout position file \(version 1\); delete it to start over/,
        );
        assert.ok(readFileSync(file, "utf8").includes("hello"));
    });
});

describe("rollout options and output", () => {
    it("parses options and names bad ones", () => {
        const options = parseRolloutArgs(
            ["shop", "--stack", "dev", "--format", "json", "--timeout", "5m", "--resume"],
            "/p",
        );
        assert.deepStrictEqual(
            [
                options.component,
                options.stack,
                options.format,
                options.timeoutSeconds,
                options.resume,
                options.abort,
                options.cwd,
            ],
            ["shop", "dev", "json", 300, true, false, "/p"],
        );
        assert.throws(() => parseRolloutArgs(["shop"], "/p"), /^Error: --stack is required, for example --stack dev$/);
        assert.throws(() => parseRolloutArgs(["--stack", "dev"], "/p"), /give exactly one component name/);
        assert.throws(
            () => parseRolloutArgs(["shop", "-s", "dev", "--format", "xml"], "/p"),
            /--format must be text or json \(got "xml"\)/,
        );
        assert.throws(() => parseRolloutArgs(["shop", "-s", "dev", "--fast"], "/p"), /unknown option "--fast"/);
    });

    it("uses the project's policies/ pack unless packs are given", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "rollout-pack-"));
        assert.deepStrictEqual(policyPacksFor({ cwd: dir, policyPacks: [] }), []);
        assert.deepStrictEqual(policyPacksFor({ cwd: dir, policyPacks: ["pack"] }), [path.join(dir, "pack")]);
        const repo = path.resolve(__dirname, "..", "..", "..", "..");
        assert.deepStrictEqual(policyPacksFor({ cwd: repo, policyPacks: [] }), [path.join(repo, "policies")]);
    });

    it("keeps the useful lines of a failed up", () => {
        const text =
            "Updating (dev)\n  pulumi:pulumi:Stack running\n  mandatory: [resources-required] no limits\nerror: preview failed\n";
        assert.strictEqual(upErrorSummary(text), "mandatory: [resources-required] no limits | error: preview failed");
        assert.strictEqual(upErrorSummary("a\nb\n"), "a | b");
    });

    it("prints one text line per event with the elapsed time", () => {
        const line = formatText({
            event: "step",
            component: "shop",
            status: "ok",
            elapsedSeconds: 12.34,
            step: "step 1/9 setWeight 10",
            message: "up 4.0s, ready: 2/2 ready",
        });
        assert.strictEqual(line, "[  12.3s] OK    step 1/9 setWeight 10: up 4.0s, ready: 2/2 ready\n");
    });
});
