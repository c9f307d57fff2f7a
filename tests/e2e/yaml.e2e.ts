import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Stack } from "@pulumi/pulumi/automation";
import * as YAML from "yaml";
import { REPO } from "./support/env";
import { Kube, isReady } from "./support/kube";
import { destroy, output, up, workDirStack } from "./support/stack";

/**
 * examples/yaml deployed as a Pulumi YAML program: the YAML language host (pulumi-language-yaml, built by the
 * toolchain), the component plugin of this checkout (PulumiPlugin.yaml, run by the Node.js host), the real provider
 * and API server, the policy pack on `up`; then `k8s-workloads verify` on its namespace, then destroy.
 */

const NS = "e2e-yaml";
const PASSWORD = "e2e-yaml-only-pw-7c1d";

/** A copy of examples/yaml whose package entry points at this checkout (absolute path, any working directory). */
function programCopy(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8sw-e2e-yaml-"));
    const project = YAML.parseDocument(fs.readFileSync(path.join(REPO, "examples", "yaml", "Pulumi.yaml"), "utf8"));
    assert.strictEqual(project.getIn(["packages", "k8s-workloads"]), "../..", "examples/yaml uses this checkout");
    project.setIn(["packages", "k8s-workloads"], REPO);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project.toString());
    return dir;
}

/** Runs the CLI as a user would, and returns its exit code and output. */
function verify(ns: string): Promise<{ code: number; out: string }> {
    const cli = path.join(REPO, "cli", "k8s-workloads.js");
    const argv = [cli, "verify", "--namespace", ns, "--timeout", "180s", "--no-trigger"];
    return new Promise((resolve) => {
        execFile(process.execPath, argv, { timeout: 300000 }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
            resolve({ code, out: stdout + stderr });
        });
    });
}

describe("e2e: the Pulumi YAML program (examples/yaml)", function () {
    this.timeout(15 * 60 * 1000);
    const cluster = new Kube();
    let stack: Stack | undefined;
    let dir: string | undefined;

    before(async () => {
        await cluster.core.createNamespace({ body: { metadata: { name: NS } } }).catch(() => undefined);
        dir = programCopy();
        stack = await workDirStack(dir, "e2e-yaml", { namespace: NS, "dbPassword!": PASSWORD });
    });
    after(async () => {
        if (stack) {
            await destroy(stack);
        }
        await cluster.core.deleteNamespace({ name: NS }).catch(() => undefined);
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("yaml: up with the policy pack creates the three components' workloads, and the password stays a secret", async () => {
        assert.ok(stack);
        const result = await up(stack);
        assert.strictEqual(result.summary.result, "succeeded");
        assert.strictEqual(await output(stack, "webService"), `web.${NS}.svc.cluster.local`);
        assert.strictEqual(await output(stack, "shopCanaryPods"), 1);
        assert.strictEqual(await output(stack, "mysqlPrimary"), `mysql-0.mysql-headless.${NS}.svc.cluster.local`);

        const deployments = await cluster.apps.listNamespacedDeployment({ namespace: NS });
        assert.deepStrictEqual(deployments.items.map((d) => d.metadata?.name).sort(), [
            "shop-canary",
            "shop-stable",
            "web",
        ]);
        const web = deployments.items.find((d) => d.metadata?.name === "web");
        assert.strictEqual(web?.spec?.replicas, 3);
        assert.strictEqual(web?.spec?.strategy?.rollingUpdate?.maxUnavailable, 0);
        const replicas: Record<string, number | undefined> = {};
        for (const d of deployments.items) {
            replicas[d.metadata?.name ?? ""] = d.spec?.replicas;
        }
        assert.deepStrictEqual(replicas, { "shop-canary": 1, "shop-stable": 4, web: 3 }, "20% of 5 pods are canaries");

        const mysqlPods = await cluster.pods(NS, "app=mysql");
        assert.deepStrictEqual(mysqlPods.map((p) => p.metadata?.name).sort(), ["mysql-0", "mysql-1"]);
        assert.ok(mysqlPods.every(isReady), "the MySQL pods are ready");

        const secret = await cluster.core.readNamespacedSecret({ name: "mysql-credentials", namespace: NS });
        assert.strictEqual(Buffer.from(secret.data?.["root-password"] ?? "", "base64").toString(), PASSWORD);
        const exported: unknown = await stack.exportStack();
        const state = JSON.stringify(exported);
        assert.ok(!state.includes(PASSWORD), "the stack state holds the password only encrypted");
        const configMaps = await cluster.core.listNamespacedConfigMap({ namespace: NS });
        assert.ok(!JSON.stringify(configMaps.items).includes(PASSWORD), "no password in a ConfigMap");
    });

    it("yaml: verify passes on the program's namespace", async () => {
        const result = await verify(NS);
        assert.strictEqual(result.code, 0, result.out);
        for (const workload of [
            "Deployment/e2e-yaml/web",
            "Deployment/e2e-yaml/shop-stable",
            "StatefulSet/e2e-yaml/mysql",
        ]) {
            assert.match(result.out, new RegExp(`PASS {2}rollout {2}${workload}\\b`), `verify checks ${workload}`);
        }
    });

    it("yaml: destroy removes every workload of the program", async () => {
        assert.ok(stack);
        await destroy(stack);
        stack = undefined;
        const left = await cluster.apps.listNamespacedDeployment({ namespace: NS });
        const sets = await cluster.apps.listNamespacedStatefulSet({ namespace: NS });
        assert.deepStrictEqual(
            [...left.items, ...sets.items].map((d) => d.metadata?.name),
            [],
        );
    });
});
