/**
 * End-to-end scenarios of `k8s-workloads rollout`, on real pods of the real node real-0.
 *
 * They need the real node of the local cluster and the images `k8s-workloads.local/web:1.0.0` and
 * `k8s-workloads.local/web-flaky:1.0.0`. The wiring is in place: stacks/deployments.ts passes
 * `rolloutState(config, "shop")` and `rolloutState(config, "webapp")` into the shop CanaryDeployment (`canaryWeight`,
 * `promote`) and the webapp BlueGreenDeployment (`activeColor`, `idleReplicas: scaleDownIdle ? 0 : undefined`), and
 * both components record their plan as the `rolloutPlan` output.
 *
 * Every scenario sets the whole config it relies on (BASE below, then its own keys), so each one runs alone:
 * the stack is not named after an environment, so `environment` is set to dev (namespace workloads-dev, the
 * namespace of the dev stack too: do not run it while the dev stack is up); the required secrets; every web image
 * on a local one; and `healthPath: /health`, so that the probes of web-flaky (500 on `/` for ~30%) pass while the
 * gates on `/` fail. Step numbers follow cli/rollout/program.ts: a canary plan of N steps has N + 1 (the promotion),
 * a blue-green rollout always 6.
 */
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { REPO } from "./support/env";
import { Kube } from "./support/kube";
import { destroy, projectStack, up } from "./support/stack";

const WEB = "k8s-workloads.local/web:1.0.0";
const FLAKY = "k8s-workloads.local/web-flaky:1.0.0";
const STACK = "e2e-rollout";
const NAMESPACE = "workloads-dev";

interface Driven {
    readonly code: number | null;
    readonly lines: Array<{ event: string; status: string; step?: string; message: string }>;
    readonly stderr: string;
}

/** Runs the real command as a process; `onLine` may kill it (a crash) or signal it (an interrupt). */
function rollout(
    args: string[],
    onLine: (line: string, child: ChildProcess) => void = () => undefined,
): Promise<Driven> {
    return new Promise((resolve) => {
        const child = spawn(
            process.execPath,
            [path.join(REPO, "cli", "k8s-workloads.js"), "rollout", ...args, "--stack", STACK, "--format", "json"],
            {
                cwd: REPO,
                env: process.env,
            },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => {
            const text = chunk.toString();
            stdout += text;
            text.split("\n")
                .filter((l) => l !== "")
                .forEach((l) => onLine(l, child));
        });
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("close", (code) => {
            const lines = stdout
                .split("\n")
                .filter((l) => l.startsWith("{"))
                .map((l) => JSON.parse(l) as Driven["lines"][number]);
            resolve({ code, lines, stderr });
        });
    });
}

function planFile(plan: unknown): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "rollout-e2e-")), "plan.json");
    writeFileSync(file, JSON.stringify(plan));
    return file;
}

/** The config every scenario starts from (keys of Pulumi.yaml and stacks/deployments.ts; "!" marks a secret). */
const BASE: Record<string, string> = {
    "k8s-workloads:environment": "dev",
    "k8s-workloads:realNode": "true",
    "k8s-workloads:dbPassword!": "e2e-Rollout-Pa55word",
    "k8s-workloads:databaseUrl!": "mysql://root:e2e-Rollout-Pa55word@mysql-primary:3306/app",
    "k8s-workloads:healthPath": "/health",
    "k8s-workloads:apiImage": WEB,
    "k8s-workloads:webappBlueImage": WEB,
    "k8s-workloads:webappGreenImage": WEB,
    "k8s-workloads:shopStableImage": WEB,
    "k8s-workloads:shopCanaryImage": WEB,
    "k8s-workloads:shopTraffic": "replicas",
    // No ingress controller publishes an address here: the nginx mode's Ingresses are not awaited.
    "k8s-workloads:shopWaitForIngress": "false",
};

/** The stack with BASE and the scenario's own keys. */
const scenarioStack = (config: Record<string, string> = {}) => projectStack(STACK, { ...BASE, ...config });

const gate = (pathName = "/") => ({ analysis: { http: { path: pathName, requests: 30 }, count: 2, interval: "2s" } });

describe("e2e: rollout", function () {
    const kube = new Kube();

    // The stack (and its Pulumi.e2e-rollout.yaml in the repository) goes, whatever a scenario left.
    after(async () => destroy(await projectStack(STACK)));

    const deployment = async (name: string) => kube.apps.readNamespacedDeployment({ name, namespace: NAMESPACE });

    it("a healthy canary is promoted, with one stack history entry per step", async () => {
        const stack = await scenarioStack();
        await up(stack);
        const before = (await stack.history()).length;
        const plan = planFile({ steps: [{ setWeight: 25 }, gate(), { setWeight: 100 }, gate()] });
        const result = await rollout(["shop", "--plan", plan]);
        assert.strictEqual(result.code, 0, result.stderr);
        const history = await stack.history();
        const rolloutEntries = history
            .slice(0, history.length - before)
            .filter((h) => /^rollout shop: /.test(h.message));
        assert.deepStrictEqual(rolloutEntries.map((h) => h.message).reverse(), [
            "rollout shop: step 1/5 setWeight 25",
            "rollout shop: step 3/5 setWeight 100",
            "rollout shop: step 5/5 promote",
        ]);
        assert.strictEqual((await deployment("shop-canary")).spec?.replicas, 0);
    });

    it("a broken canary is aborted at its first analysis: weight 0, the stable image unchanged", async () => {
        const stack = await scenarioStack({ "k8s-workloads:shopCanaryImage": FLAKY });
        await up(stack);
        const result = await rollout([
            "shop",
            "--plan",
            planFile({ steps: [{ setWeight: 25 }, gate(), { setWeight: 100 }] }),
        ]);
        assert.strictEqual(result.code, 1);
        assert.match(result.stderr, /step 2\/4 analysis http failed: gate failed: .*succeeded/);
        assert.strictEqual((await deployment("shop-canary")).spec?.replicas, 0);
        assert.strictEqual((await deployment("shop-stable")).spec?.template.spec?.containers[0].image, WEB);
        // A client loop through the Service: every answer comes from stable (web-flaky names itself in its page).
        const answers: string[] = [];
        for (let i = 0; i < 60; i++) {
            answers.push(
                await kube.core
                    .connectGetNamespacedServiceProxyWithPath({ name: "shop:http", namespace: NAMESPACE, path: "/" })
                    .then(String, (e: unknown) => `failed: ${String(e)}`),
            );
        }
        const notStable = answers.filter((a) => a.startsWith("failed") || a.includes("flaky"));
        assert.deepStrictEqual(notStable, [], `${notStable.length} of ${answers.length} answers not from stable`);
    });

    it("a blue-green post-promotion failure switches back with zero failed requests to the live Service", async () => {
        const stack = await scenarioStack({
            "k8s-workloads:webappActiveColor": "blue",
            "k8s-workloads:webappGreenImage": FLAKY,
        });
        await up(stack);
        let failed = 0;
        let sent = 0;
        let running = true;
        const traffic = (async () => {
            while (running) {
                sent++;
                await kube.core
                    .connectGetNamespacedServiceProxyWithPath({
                        name: "webapp:http",
                        namespace: NAMESPACE,
                        path: "health",
                    })
                    .catch(() => failed++);
            }
        })();
        const plan = planFile({
            prePromotionAnalysis: gate("/health").analysis,
            postPromotionAnalysis: gate("/").analysis,
            scaleDownDelaySeconds: 0,
        });
        const result = await rollout(["webapp", "--plan", plan]);
        running = false;
        await traffic;
        assert.strictEqual(result.code, 1);
        assert.match(result.stderr, /step 4\/6 post-promotion analysis http failed/);
        const live = await kube.core.readNamespacedService({ name: "webapp", namespace: NAMESPACE });
        assert.strictEqual(live.spec?.selector?.version, "blue");
        assert.ok(sent > 10, `sent ${sent} requests`);
        assert.strictEqual(failed, 0);
    });

    it("a crashed rollout is resumed from its saved position", async () => {
        const stack = await scenarioStack();
        await up(stack);
        const plan = planFile({ steps: [{ setWeight: 25 }, gate(), { setWeight: 50 }, gate(), { setWeight: 100 }] });
        const crashed = await rollout(["shop", "--plan", plan], (line, child) => {
            if (line.includes('"event":"gate"')) {
                child.kill("SIGKILL");
            }
        });
        assert.strictEqual(crashed.code, null);
        const resumed = await rollout(["shop", "--plan", plan, "--resume"]);
        assert.strictEqual(resumed.code, 0, resumed.stderr);
        assert.match(
            resumed.lines[0].message,
            /^resuming the canary rollout of shop on stack e2e-rollout at step 3\/6$/,
        );
    });

    it("nginx and Istio: the weights on the cluster objects follow the steps", async () => {
        for (const traffic of ["nginx", "istio"]) {
            const stack = await scenarioStack({ "k8s-workloads:shopTraffic": traffic });
            await up(stack);
            const paused = await rollout([
                "shop",
                "--plan",
                planFile({ steps: [{ setWeight: 30 }, { pause: {} }, { setWeight: 100 }] }),
            ]);
            assert.strictEqual(paused.code, 0, paused.stderr);
            if (traffic === "nginx") {
                const ingress = await kube.networking.readNamespacedIngress({
                    name: "shop-canary",
                    namespace: NAMESPACE,
                });
                assert.strictEqual(ingress.metadata?.annotations?.["nginx.ingress.kubernetes.io/canary-weight"], "30");
            } else {
                const vs = (await kube.custom.getNamespacedCustomObject({
                    group: "networking.istio.io",
                    version: "v1",
                    namespace: NAMESPACE,
                    plural: "virtualservices",
                    name: "shop",
                })) as { spec: { http: Array<{ route: Array<{ weight?: number }> }> } };
                assert.deepStrictEqual(
                    vs.spec.http[vs.spec.http.length - 1].route.map((r) => r.weight),
                    [70, 30],
                );
            }
            await rollout(["shop", "--abort"]);
        }
    });
});
