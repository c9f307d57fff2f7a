/**
 * The pack as Pulumi runs it for `pulumi preview --policy-pack policies`: pulumi-language-nodejs starts
 * `node @pulumi/pulumi/cmd/run-policy-pack <engine> <pack dir>` in the pack directory, which loads policies/ (its
 * package.json "main" is the compiled pack) and serves the analyzer over gRPC. These tests talk to that server the
 * way the engine does.
 */
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { JsonObject, UNKNOWN, path as at } from "../../policies/lib/values";
import { RULE_NAMES } from "../../contract/rules";
import { badDeployment, changed, goodDeployment, goodNetworkPolicy, goodPdb } from "./helpers";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const RUN_POLICY_PACK = path.join(ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack", "index.js");

function startPack(): Promise<{ child: ChildProcess; port: number }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [RUN_POLICY_PACK, "127.0.0.1:0", path.join(ROOT, "policies")], {
            cwd: path.join(ROOT, "policies"),
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout?.on("data", (d: Buffer) => {
            out += d.toString();
            const m = /^(\d+)\s*$/m.exec(out);
            if (m?.[1] !== undefined) {
                resolve({ child, port: Number(m[1]) });
            }
        });
        child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
        child.on("exit", (code) => reject(new Error(`policy pack exited with ${String(code)}: ${out}${err}`)));
    });
}

function call<Req, Res>(
    fn: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown,
    req: Req,
): Promise<Res> {
    return new Promise((resolve, reject) => {
        fn(req, (e, r) => (e === null ? resolve(r) : reject(e)));
    });
}

function analyzeRequest(type: string, props: JsonObject): proto.AnalyzeRequest {
    const req = new proto.AnalyzeRequest();
    req.setType(type);
    req.setProperties(Struct.fromJavaScript(props as Record<string, never>));
    req.setUrn(`urn:pulumi:dev::proj::${type}::r`);
    req.setName("r");
    req.setOptions(new proto.AnalyzerResourceOptions());
    return req;
}

describe("the policy pack under the Node.js policy runtime", function () {
    this.timeout(60000);
    let child: ChildProcess | undefined;
    let client: AnalyzerClient;

    before(async () => {
        const started = await startPack();
        child = started.child;
        client = new AnalyzerClient(`127.0.0.1:${started.port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        if (child !== undefined && child.exitCode === null) {
            child.removeAllListeners("exit");
            child.kill();
        }
    });

    it("serves the k8s-workloads pack with every rule", async () => {
        const info = await call<Empty, proto.AnalyzerInfo>(client.getAnalyzerInfo.bind(client), new Empty());
        assert.strictEqual(info.getName(), "k8s-workloads");
        assert.strictEqual(info.getVersion(), "0.1.0");
        assert.deepStrictEqual(
            info.getPoliciesList().map((p) => p.getName()),
            [...RULE_NAMES],
        );
    });

    it("reports a deliberately bad Deployment", async () => {
        const res = await call<proto.AnalyzeRequest, proto.AnalyzeResponse>(
            client.analyze.bind(client),
            analyzeRequest("kubernetes:apps/v1:Deployment", badDeployment()),
        );
        const names = new Set(res.getDiagnosticsList().map((d) => d.getPolicyname()));
        for (const n of ["readiness-probe-required", "liveness-probe-required", "image-tag-pinned", "no-privileged"]) {
            assert.ok(names.has(n), `${n} in ${[...names].join(", ")}`);
        }
        const tag = res.getDiagnosticsList().find((d) => d.getPolicyname() === "image-tag-pinned");
        assert.strictEqual(tag?.getEnforcementlevel(), proto.EnforcementLevel.MANDATORY);
    });

    it("passes a good Deployment, and preview-time unknowns neither fail nor warn", async () => {
        const good = await call<proto.AnalyzeRequest, proto.AnalyzeResponse>(
            client.analyze.bind(client),
            analyzeRequest("kubernetes:apps/v1:Deployment", goodDeployment()),
        );
        assert.deepStrictEqual(
            good.getDiagnosticsList().map((d) => d.getMessage()),
            [],
        );
        const unknown = changed(goodDeployment(), (d) => {
            const c = (at(d, "spec", "template", "spec", "containers") as JsonObject[])[0];
            c.image = UNKNOWN;
            c.securityContext = UNKNOWN;
            (d.spec as JsonObject).replicas = UNKNOWN;
        });
        const res = await call<proto.AnalyzeRequest, proto.AnalyzeResponse>(
            client.analyze.bind(client),
            analyzeRequest("kubernetes:apps/v1:Deployment", unknown),
        );
        assert.deepStrictEqual(
            res.getDiagnosticsList().map((d) => d.getMessage()),
            [],
        );
    });

    it("runs the whole-set rules in analyzeStack, escalating a PDB that blocks every eviction", async () => {
        const req = new proto.AnalyzeStackRequest();
        const pdb = { ...goodPdb(), spec: { maxUnavailable: 0, selector: { matchLabels: { app: "web" } } } };
        const resources: [string, JsonObject][] = [
            ["kubernetes:apps/v1:Deployment", goodDeployment()],
            ["kubernetes:policy/v1:PodDisruptionBudget", pdb],
            ["kubernetes:networking.k8s.io/v1:NetworkPolicy", goodNetworkPolicy()],
            ["pulumi:providers:kubernetes", {}],
        ];
        resources.forEach(([type, props], i) => {
            const r = new proto.AnalyzerResource();
            r.setType(type);
            r.setProperties(Struct.fromJavaScript(props as Record<string, never>));
            r.setUrn(`urn:pulumi:dev::proj::${type}::r${i}`);
            r.setName(`r${i}`);
            r.setOptions(new proto.AnalyzerResourceOptions());
            req.addResources(r);
        });
        const res = await call<proto.AnalyzeStackRequest, proto.AnalyzeResponse>(client.analyzeStack.bind(client), req);
        const diag = res.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getUrn()]);
        assert.deepStrictEqual(diag, [
            [
                "pdb-required",
                proto.EnforcementLevel.MANDATORY,
                "urn:pulumi:dev::proj::kubernetes:policy/v1:PodDisruptionBudget::r1",
            ],
        ]);
    });

    it("applies policy config sent by the CLI (the restricted preset's run-as-non-root)", async () => {
        const req = new proto.ConfigureAnalyzerRequest();
        const cfg = new proto.PolicyConfig();
        cfg.setEnforcementlevel(proto.EnforcementLevel.MANDATORY);
        cfg.setProperties(Struct.fromJavaScript({}));
        req.getPolicyconfigMap().set("run-as-non-root", cfg);
        await call<proto.ConfigureAnalyzerRequest, Empty>(client.configure.bind(client), req);
        const d = changed(goodDeployment(), (x) => {
            const spec = at(x, "spec", "template", "spec") as JsonObject;
            delete (spec.securityContext as JsonObject).runAsNonRoot;
            delete ((spec.containers as JsonObject[])[0]?.securityContext as JsonObject).runAsNonRoot;
        });
        const res = await call<proto.AnalyzeRequest, proto.AnalyzeResponse>(
            client.analyze.bind(client),
            analyzeRequest("kubernetes:apps/v1:Deployment", d),
        );
        const diag = res.getDiagnosticsList().map((x) => [x.getPolicyname(), x.getEnforcementlevel()]);
        assert.deepStrictEqual(diag, [["run-as-non-root", proto.EnforcementLevel.MANDATORY]]);
    });
});
