import * as assert from "assert";
import {
    at,
    captureOptions,
    dependsOnNames,
    find,
    ofType,
    render,
    validationError,
    valueOf,
} from "../../harness/mocks";
import { BlueGreenDeployment, BlueGreenDeploymentArgs } from "../../../components/internal";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SERVICE = "kubernetes:core/v1:Service";
const GUIDE: BlueGreenDeploymentArgs = {
    replicas: 3,
    port: 8080,
    blue: { image: "myapp:v1.0.0" },
    green: { image: "myapp:v2.0.0" },
    activeColor: "blue",
};

describe("BlueGreenDeployment", () => {
    it("renders one Deployment per color with the guide's labels and env", async () => {
        const resources = await render(() => new BlueGreenDeployment("webapp", GUIDE));
        for (const [color, image] of [
            ["blue", "myapp:v1.0.0"],
            ["green", "myapp:v2.0.0"],
        ]) {
            const deployment = find(resources, DEPLOYMENT, `webapp-${color}`).inputs;
            assert.strictEqual(at(deployment, "metadata.name"), `webapp-${color}`);
            assert.strictEqual(at(deployment, "spec.replicas"), 3);
            assert.deepStrictEqual(at(deployment, "spec.selector.matchLabels"), {
                app: "webapp",
                "app.kubernetes.io/instance": "webapp",
                version: color,
            });
            assert.strictEqual(at(deployment, "spec.template.metadata.labels.version"), color);
            const container = at(deployment, "spec.template.spec.containers.0");
            assert.strictEqual(at(container, "name"), "webapp");
            assert.strictEqual(at(container, "image"), image);
            assert.deepStrictEqual(at(container, "env"), [
                { name: "VERSION", value: color },
                { name: "COLOR", value: color },
            ]);
        }
        assert.strictEqual(ofType(resources, DEPLOYMENT).length, 2);
    });

    it("points the live Service at the active color and the preview Service at the idle one", async () => {
        let bg: BlueGreenDeployment | undefined;
        const resources = await render(() => {
            bg = new BlueGreenDeployment("webapp", GUIDE);
        });
        const live = find(resources, SERVICE, "webapp-svc").inputs;
        assert.strictEqual(at(live, "metadata.name"), "webapp");
        assert.strictEqual(at(live, "spec.selector.version"), "blue");
        assert.strictEqual(
            (at(live, "metadata.annotations") as Record<string, string>)["k8s-workloads.io/role"],
            "live",
        );
        assert.deepStrictEqual(at(live, "spec.ports"), [
            { name: "http", port: 80, targetPort: "http", protocol: "TCP" },
        ]);
        const preview = find(resources, SERVICE, "webapp-preview-svc").inputs;
        assert.strictEqual(at(preview, "metadata.name"), "webapp-preview");
        assert.strictEqual(at(preview, "spec.selector.version"), "green");
        assert.ok(bg);
        assert.strictEqual(await valueOf(bg.activeColor), "blue");
        assert.strictEqual(await valueOf(bg.serviceName), "webapp");
        assert.strictEqual(await valueOf(bg.previewServiceName), "webapp-preview");
    });

    it("switches by activeColor: only the selectors change", async () => {
        const before = await render(() => new BlueGreenDeployment("sw", GUIDE));
        const after = await render(() => new BlueGreenDeployment("sw", { ...GUIDE, activeColor: "green" }));
        assert.strictEqual(at(find(after, SERVICE, "sw-svc").inputs, "spec.selector.version"), "green");
        assert.strictEqual(at(find(after, SERVICE, "sw-preview-svc").inputs, "spec.selector.version"), "blue");
        for (const color of ["blue", "green"]) {
            assert.deepStrictEqual(
                find(after, DEPLOYMENT, `sw-${color}`).inputs,
                find(before, DEPLOYMENT, `sw-${color}`).inputs,
            );
        }
        const { spec: liveBefore, ...restBefore } = find(before, SERVICE, "sw-svc").inputs;
        const { spec: liveAfter, ...restAfter } = find(after, SERVICE, "sw-svc").inputs;
        assert.deepStrictEqual(restAfter, restBefore);
        assert.deepStrictEqual(
            { ...(liveAfter as object), selector: undefined },
            { ...(liveBefore as object), selector: undefined },
        );
    });

    it("switches the live Service only after the active rollout, and changes the idle color only after the switch", async () => {
        const captured = captureOptions();
        await render(
            () =>
                new BlueGreenDeployment(
                    "ord",
                    { ...GUIDE, activeColor: "green" },
                    { transformations: [captured.transformation] },
                ),
        );
        assert.deepStrictEqual(dependsOnNames(captured, "ord-svc"), ["ord-green"]);
        assert.deepStrictEqual(dependsOnNames(captured, "ord-blue"), ["ord-svc"]);
        assert.deepStrictEqual(dependsOnNames(captured, "ord-green"), []);
        assert.deepStrictEqual(captured.options.get("ord-green")?.customTimeouts, { create: "10m", update: "10m" });
    });

    it("scales the idle color down to idleReplicas, or removes it", async () => {
        const scaled = await render(
            () => new BlueGreenDeployment("idle", { ...GUIDE, activeColor: "green", idleReplicas: 0 }),
        );
        assert.strictEqual(at(find(scaled, DEPLOYMENT, "idle-blue").inputs, "spec.replicas"), 0);
        assert.strictEqual(at(find(scaled, DEPLOYMENT, "idle-green").inputs, "spec.replicas"), 3);
        const removed = await render(
            () =>
                new BlueGreenDeployment("gone", { ...GUIDE, activeColor: "green", removeIdle: true, blue: undefined }),
        );
        assert.deepStrictEqual(
            ofType(removed, DEPLOYMENT).map((r) => r.name),
            ["gone-green"],
        );
    });

    it("adds a PDB for the active color", async () => {
        const resources = await render(
            () =>
                new BlueGreenDeployment("pdb", {
                    ...GUIDE,
                    activeColor: "green",
                    disruptionBudget: { minAvailable: "2" },
                }),
        );
        const pdb = find(resources, "kubernetes:policy/v1:PodDisruptionBudget", "pdb-pdb").inputs;
        assert.deepStrictEqual(at(pdb, "spec"), {
            selector: { matchLabels: { app: "pdb", "app.kubernetes.io/instance": "pdb", version: "green" } },
            minAvailable: 2,
        });
    });

    it("rejects an unknown activeColor", () => {
        // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
        const message = validationError(() => new BlueGreenDeployment("bad", { ...GUIDE, activeColor: "purple" }));
        assert.strictEqual(
            message,
            'BlueGreenDeployment "bad" has invalid args:\n  - activeColor must be one of "blue", "green" (got "purple")',
        );
    });

    it("requires the active and the idle colors", () => {
        const message = validationError(
            () => new BlueGreenDeployment("bad", { port: 8080, activeColor: "green", blue: { image: "myapp:v1" } }),
        );
        assert.strictEqual(
            message,
            'BlueGreenDeployment "bad" has invalid args:\n  - green is required because activeColor is "green" (got undefined); give green: { image: "..." }',
        );
        const idle = validationError(() => new BlueGreenDeployment("bad", { port: 8080, blue: { image: "myapp:v1" } }));
        assert.match(
            idle,
            /green is required to keep the idle color \(got undefined\); give green: \{ image: "..." \}, or set removeIdle: true/,
        );
    });

    it("rejects negative replicas", () => {
        const message = validationError(() => new BlueGreenDeployment("bad", { ...GUIDE, replicas: -1 }));
        assert.match(message, /replicas must be a whole number of at least 0 \(got -1\)/);
    });
});
