import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { COMPONENT_NAMES as COMPONENTS } from "../../components/core/naming";
import { REPO, attempt, generateSdk, installSdk, run, virtualenv } from "./pythonEnv";

/**
 * The Python SDK, generated from the live schema by the real `pulumi package gen-sdk`, installed into a venv with the
 * pinned `pulumi` package, and examples/python run under Python mocks (tests/python/run_mocked.py). The Python
 * language host cannot be built here (its Go module is not served), so no Python program is deployed: the mocks
 * receive the registrations, and the component bridge constructs the TypeScript components from what they received.
 */

const TOKEN = "k8s-workloads:index:";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const PASSWORD = "py-S3cret-pw";

interface Registration {
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly inputs: Record<string, unknown>;
    readonly children: { readonly type: string; readonly name: string }[];
}
interface MockedRun {
    readonly status: number | null;
    readonly stderr: string;
    readonly resources: Registration[];
    readonly exports: Record<string, unknown>;
}

describe("the Python SDK (pulumi package gen-sdk --language python) under Python mocks", function () {
    this.timeout(10 * 60 * 1000);
    let work: string;
    let python: string;
    let env: NodeJS.ProcessEnv;

    /** Runs a program directory under mocks with run_mocked.py. */
    function mocked(program: string, args: string[] = []): MockedRun {
        const out = path.join(work, `${path.basename(program)}-${Date.now()}.json`);
        const result = attempt(
            python,
            [path.join(REPO, "tests", "python", "run_mocked.py"), program, out, ...args],
            env,
        );
        assert.ok(fs.existsSync(out), `run_mocked.py wrote no result (exit ${result.status}):\n${result.stderr}`);
        const data = JSON.parse(fs.readFileSync(out, "utf8")) as Pick<MockedRun, "resources" | "exports">;
        return { status: result.status, stderr: result.stderr, ...data };
    }

    function component(runResult: MockedRun, cls: string, name: string): Registration {
        const match = runResult.resources.find((r) => r.type === `${TOKEN}${cls}` && r.name === name);
        assert.ok(
            match,
            `${TOKEN}${cls} ${name} was registered (got ${runResult.resources.map((r) => `${r.type} ${r.name}`).join(", ")})`,
        );
        return match;
    }

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "k8sw-python-"));
        const log = (line: string): void => console.log(`      ${line}`);
        python = virtualenv(log);
        const sdk = generateSdk(work, log);
        const site = path.join(work, "site");
        installSdk(python, sdk, site);
        env = {
            ...process.env,
            PYTHONPATH: site,
            K8SW_BRIDGE: path.join(REPO, "bin", "tests", "python", "componentBridge.js"),
        };
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("uses the pulumi Python package at the CLI's version", () => {
        const pinned = fs
            .readFileSync(path.join(REPO, "scripts", "versions.env"), "utf8")
            .match(/^PULUMI_VERSION=(.+)$/m)?.[1];
        assert.strictEqual(
            run(python, ["-c", 'import importlib.metadata as m; print(m.version("pulumi"))']).trim(),
            pinned,
        );
    });

    it("generates a package pulumi_k8s_workloads with all 12 components and the enums", () => {
        const listing = run(
            python,
            [
                "-c",
                "import pulumi, pulumi_k8s_workloads as wl; print(' '.join(sorted(n for n in dir(wl) if isinstance(getattr(wl, n), type) and issubclass(getattr(wl, n), pulumi.ComponentResource)))); print(wl.TrafficMode.NGINX.value)",
            ],
            { env },
        ).split("\n");
        assert.deepStrictEqual(listing[0]?.split(" "), [...COMPONENTS].sort());
        assert.strictEqual(listing[1], "nginx");
    });

    it("runs examples/python: each component is registered as a remote component with the args given", () => {
        const result = mocked(path.join(REPO, "examples", "python"), ["--secret", `dbPassword=${PASSWORD}`]);
        assert.strictEqual(result.status, 0, result.stderr);
        const web = component(result, "RollingDeployment", "web");
        assert.strictEqual(web.custom, false, "a component, not a custom resource");
        assert.deepStrictEqual(web.inputs, {
            image: "nginx:1.25.3",
            port: 8080,
            replicas: 3,
            maxSurge: "1",
            maxUnavailable: "0",
        });
        const shop = component(result, "CanaryDeployment", "shop");
        assert.deepStrictEqual(shop.inputs, {
            port: 8080,
            replicas: 10,
            stable: { image: "myapp:v1.0.0" },
            canary: { image: "myapp:v2.0.0" },
            canaryWeight: 20,
            traffic: "replicas",
        });
        const mysql = component(result, "MySqlCluster", "mysql");
        assert.strictEqual(mysql.inputs.replicas, 3);
        assert.strictEqual(mysql.inputs.storageSize, "10Gi");
        assert.deepStrictEqual(
            mysql.inputs.rootPassword,
            { [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value: PASSWORD },
            "the password from secret config reaches the component as a secret",
        );
        assert.deepStrictEqual(
            result.resources.map((r) => r.type).sort(),
            ["CanaryDeployment", "MySqlCluster", "RollingDeployment"].map((c) => `${TOKEN}${c}`),
            "nothing but the three components is registered by the Python program (in any order: registration is asynchronous)",
        );
    });

    it("the TypeScript components accept what the Python SDK sends: children and outputs come back", () => {
        const result = mocked(path.join(REPO, "examples", "python"), ["--secret", `dbPassword=${PASSWORD}`]);
        assert.strictEqual(result.status, 0, result.stderr);
        const children = (cls: string, name: string): string[] =>
            component(result, cls, name).children.map((c) => `${c.type} ${c.name}`);
        assert.ok(children("RollingDeployment", "web").includes("kubernetes:apps/v1:Deployment web"));
        assert.ok(children("CanaryDeployment", "shop").includes("kubernetes:apps/v1:Deployment shop-canary"));
        assert.ok(children("MySqlCluster", "mysql").includes("kubernetes:core/v1:Secret mysql-credentials"));
        assert.deepStrictEqual(result.exports, {
            webService: "web",
            shopCanaryPods: 2,
            mysqlPrimary: "mysql-0.mysql-headless.default.svc.cluster.local",
        });
    });

    it("a bad arg type fails the Python program with the component's message naming each field", () => {
        const result = mocked(path.join(REPO, "tests", "python", "bad_args"));
        assert.strictEqual(result.status, 1, `the program must fail:\n${result.stderr}`);
        assert.match(
            result.stderr,
            /program failed: .*k8s-workloads:index:RollingDeployment web: RollingDeployment "web" has invalid args/,
        );
        assert.match(result.stderr, /port must be a port number from 1 to 65535 \(got "eighty"\)/);
        assert.match(result.stderr, /replicas must be a whole number of at least 0 \(got "three"\)/);
        const web = component(result, "RollingDeployment", "web");
        assert.deepStrictEqual(web.inputs, { image: "nginx:1.25.3", port: "eighty", replicas: "three" });
        assert.deepStrictEqual(web.children, [], "nothing is created");
    });
});
