import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import * as kube from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { RollingDeployment } from "../../../components";
import { REPO } from "../support/env";
import { Kube } from "../support/kube";
import { ON_REAL_NODE, diagnoseFailures, localImage, skipUnlessRealNode } from "../support/real";
import { destroy, inlineStack, setConfig, up } from "../support/stack";

const IMAGES = ["web:1.0.0", "web:2.0.0"];
const WEB = {
    ...ON_REAL_NODE,
    port: 8080,
    replicas: 1,
    security: { runAsNonRoot: true, runAsUser: 101 },
    resources: { cpuRequest: "10m", memoryRequest: "16Mi", cpuLimit: "100m", memoryLimit: "64Mi" },
};

/** Runs the CLI as a user would, and returns its exit code and output. */
function verify(ns: string): Promise<{ code: number; out: string }> {
    const cli = path.join(REPO, "cli", "k8s-workloads.js");
    const argv = [cli, "verify", "--http", "--namespace", ns, "--timeout", "60s", "--no-trigger"];
    return new Promise((resolve) => {
        execFile(process.execPath, argv, { timeout: 180000 }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
            resolve({ code, out: stdout + stderr });
        });
    });
}

describe("e2e real pods: verify --http", function () {
    this.timeout(8 * 60 * 1000);
    const cluster = new Kube();
    before(async function () {
        await skipUnlessRealNode(this, cluster, IMAGES);
    });
    const ns = "e2e-real-verify";
    let stack: Stack | undefined;
    afterEach(diagnoseFailures(cluster, ns));
    after(async () => stack && destroy(stack));

    it("verify --http: passes with real GETs against real workloads, and fails naming the one whose Service port serves nothing", async () => {
        stack = await inlineStack(
            ns,
            async () => {
                const config = new pulumi.Config();
                const nsName = new kube.core.v1.Namespace(ns, { metadata: { name: ns } }).metadata.name;
                new RollingDeployment("web", { ...WEB, namespace: nsName, image: localImage("web:1.0.0") });
                new RollingDeployment("api", { ...WEB, namespace: nsName, image: localImage("web:2.0.0") });
                if (config.getBoolean("broken")) {
                    // Ready by an exec probe, but the container port is 8081 while nginx listens on 8080.
                    new RollingDeployment("misrouted", {
                        ...WEB,
                        namespace: nsName,
                        image: localImage("web:1.0.0"),
                        port: 8081,
                        readinessProbe: { type: "exec", command: ["true"] },
                        livenessProbe: { type: "exec", command: ["true"] },
                    });
                }
            },
            { broken: "false" },
        );
        await up(stack);
        const good = await verify(ns);
        assert.strictEqual(good.code, 0, good.out);
        assert.match(good.out, /PASS {2}http\s+Service\/e2e-real-verify\/web\S*\s+GET \/health answered/);
        assert.match(good.out, /PASS {2}http\s+Service\/e2e-real-verify\/api\S*\s+GET \/health answered/);

        await setConfig(stack, { broken: "true" });
        await up(stack);
        const bad = await verify(ns);
        assert.strictEqual(bad.code, 1, bad.out);
        assert.match(bad.out, /FAIL {2}http\s+Service\/e2e-real-verify\/misrouted/);
        assert.match(bad.out, /PASS {2}http\s+Service\/e2e-real-verify\/web/);
        assert.doesNotMatch(bad.out, /FAIL {2}\S+\s+\S+\/e2e-real-verify\/(web|api)/);
    });
});
