import * as assert from "assert";
import * as contract from "../../../contract";
import { core } from "../../../components/internal";

describe("core", () => {
    describe("validation", () => {
        it("recognises DNS-1123 labels and subdomains", () => {
            assert.ok(contract.isDns1123Label("web-storage"));
            assert.ok(!contract.isDns1123Label("Web"));
            assert.ok(!contract.isDns1123Label("-web"));
            assert.ok(!contract.isDns1123Label("a".repeat(64)));
            assert.ok(contract.isDns1123Subdomain("shop.example.com"));
            assert.ok(!contract.isDns1123Subdomain("shop..example"));
        });
        it("parses quantities", () => {
            assert.strictEqual(contract.parseQuantity("100m"), 0.1);
            assert.strictEqual(contract.parseQuantity("128Mi"), 128 * 1024 * 1024);
            assert.strictEqual(contract.parseQuantity("1G"), 1e9);
            assert.strictEqual(contract.parseQuantity("1e3"), 1000);
            assert.strictEqual(contract.parseQuantity("2"), 2);
            assert.strictEqual(contract.parseQuantity("ten"), undefined);
            assert.strictEqual(contract.parseQuantity("10GB"), undefined);
            assert.strictEqual(contract.parseQuantity(""), undefined);
        });
        it("parses counts and percentages", () => {
            assert.deepStrictEqual(contract.parseCountOrPercent("2"), { kind: "count", value: 2 });
            assert.deepStrictEqual(contract.parseCountOrPercent("25%"), { kind: "percent", value: 25 });
            assert.strictEqual(contract.parseCountOrPercent("-1"), undefined);
            assert.strictEqual(contract.toIntOrString("2"), 2);
            assert.strictEqual(contract.toIntOrString("25%"), "25%");
            assert.strictEqual(contract.resolveCountOrPercent({ kind: "percent", value: 25 }, 10, "up"), 3);
            assert.strictEqual(contract.resolveCountOrPercent({ kind: "percent", value: 25 }, 10, "down"), 2);
        });
        it("names the field, the value and the fix", () => {
            const problems = new core.Problems();
            core.checkPort(problems, "port", 70000);
            core.checkQuantity(problems, "size", "10 GB");
            core.checkCountOrPercent(problems, "maxSurge", "x");
            core.checkDnsLabel(problems, "volumes[0].name", "Web_Storage");
            core.checkInteger(problems, "retentionDays", 0, 1);
            core.checkRequired(problems, "image", "", "give an image");
            core.checkOneOf(problems, "mode", "x", ["a", "b"]);
            assert.deepStrictEqual(
                problems.list().map((p) => p.message),
                [
                    "port must be a port number from 1 to 65535 (got 70000)",
                    'size must be a Kubernetes quantity such as "500m", "256Mi" or "10Gi" (got "10 GB")',
                    'maxSurge must be a whole number such as "1" or a percentage such as "25%" (got "x")',
                    'volumes[0].name must be a DNS-1123 label: lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters (got "Web_Storage"); use a name such as "web-storage"',
                    "retentionDays must be a whole number of at least 1 (got 0)",
                    'image is required (got ""); give an image',
                    'mode must be one of "a", "b" (got "x")',
                ],
            );
        });
        it("throws one InputPropertiesError listing every problem", () => {
            const problems = new core.Problems();
            problems.add("a", "a is bad");
            problems.add("b", "b is bad");
            assert.throws(
                () => core.throwIfInvalid("X", "x", problems),
                (err: Error & { errors?: Array<{ propertyPath: string; reason: string }> }) =>
                    err.message === 'X "x" has invalid args:\n  - a is bad\n  - b is bad' &&
                    err.errors?.map((e) => e.propertyPath).join(",") === "a,b",
            );
            assert.doesNotThrow(() => core.throwIfInvalid("X", "x", new core.Problems()));
        });
    });

    describe("labels", () => {
        it("selects on identity only and adds the recommended labels", () => {
            const input = { instance: "shop", pattern: "canary", appVersion: "v2.0.0", track: { version: "canary" } };
            assert.deepStrictEqual(core.selectorLabels(input), {
                app: "shop",
                "app.kubernetes.io/instance": "shop",
                version: "canary",
            });
            assert.deepStrictEqual(core.workloadLabels(input, { team: "payments", app: "ignored" }), {
                team: "payments",
                "app.kubernetes.io/name": "shop",
                "app.kubernetes.io/managed-by": "pulumi",
                "app.kubernetes.io/part-of": "k8s-workloads",
                "k8s-workloads.io/pattern": "canary",
                "app.kubernetes.io/version": "v2.0.0",
                app: "shop",
                "app.kubernetes.io/instance": "shop",
                version: "canary",
            });
        });
        it("reads image tags", () => {
            assert.strictEqual(core.imageTag("nginx:1.21"), "1.21");
            assert.strictEqual(core.imageTag("registry:5000/team/app"), undefined);
            assert.strictEqual(core.imageTag("registry:5000/team/app:v1@sha256:abc"), "v1");
        });
    });

    describe("naming", () => {
        it("derives child and DNS names", () => {
            assert.strictEqual(core.childName("web", "svc"), "web-svc");
            assert.strictEqual(core.typeToken("RollingDeployment"), "k8s-workloads:index:RollingDeployment");
            assert.deepStrictEqual(core.statefulPodDnsNames("web", "web-headless", "ns", 2), [
                "web-0.web-headless.ns.svc.cluster.local",
                "web-1.web-headless.ns.svc.cluster.local",
            ]);
        });
    });

    describe("probes", () => {
        it("defaults to the guide's readiness and liveness probes", () => {
            assert.deepStrictEqual(core.buildProbe(core.DEFAULT_READINESS_TIMINGS, 8080), {
                httpGet: { path: "/health", port: 8080 },
                initialDelaySeconds: 5,
                periodSeconds: 5,
                timeoutSeconds: 3,
                successThreshold: 1,
                failureThreshold: 3,
            });
            assert.deepStrictEqual(core.buildProbe(core.DEFAULT_LIVENESS_TIMINGS, 8080), {
                httpGet: { path: "/health", port: 8080 },
                initialDelaySeconds: 30,
                periodSeconds: 10,
                timeoutSeconds: 3,
                successThreshold: 1,
                failureThreshold: 3,
            });
        });
        it("supports exec, tcp and grpc probes, overrides and disabling", () => {
            assert.deepStrictEqual(
                core.buildProbe(core.DEFAULT_READINESS_TIMINGS, 6379, { command: ["redis-cli", "ping"] })?.exec,
                {
                    command: ["redis-cli", "ping"],
                },
            );
            assert.deepStrictEqual(core.buildProbe(core.DEFAULT_READINESS_TIMINGS, 5432, { type: "tcp" })?.tcpSocket, {
                port: 5432,
            });
            assert.deepStrictEqual(core.buildProbe(core.DEFAULT_READINESS_TIMINGS, 9000, { type: "grpc" })?.grpc, {
                port: 9000,
            });
            const custom = core.buildProbe(core.DEFAULT_READINESS_TIMINGS, 80, {
                path: "/ready",
                portName: "admin",
                periodSeconds: 20,
            });
            assert.deepStrictEqual(custom?.httpGet, { path: "/ready", port: "admin" });
            assert.strictEqual(custom?.periodSeconds, 20);
            assert.strictEqual(core.buildProbe(core.DEFAULT_READINESS_TIMINGS, 80, { enabled: false }), undefined);
        });
        it("rejects a timeout not below the period and an exec probe without a command", () => {
            const problems = new core.Problems();
            core.validateProbe(problems, "readinessProbe", { timeoutSeconds: 5 }, core.DEFAULT_READINESS_TIMINGS);
            core.validateProbe(problems, "livenessProbe", { type: "exec" }, core.DEFAULT_LIVENESS_TIMINGS);
            core.validateProbe(
                problems,
                "startupProbe",
                { type: "http", path: "health" },
                core.DEFAULT_LIVENESS_TIMINGS,
            );
            assert.deepStrictEqual(
                problems.list().map((p) => p.message),
                [
                    "readinessProbe.timeoutSeconds must be below periodSeconds (got timeoutSeconds 5 with periodSeconds 5); lower the timeout or raise the period",
                    'livenessProbe.command must list the command to run for an exec probe (got undefined); for example ["redis-cli", "ping"]',
                    'startupProbe.path must start with "/" (got "health")',
                ],
            );
        });
    });

    describe("resources", () => {
        it("defaults to 100m/128Mi requests and 200m/256Mi limits", () => {
            assert.deepStrictEqual(core.buildResources(), {
                requests: { cpu: "100m", memory: "128Mi" },
                limits: { cpu: "200m", memory: "256Mi" },
            });
        });
        it("applies overrides and drops the CPU limit when asked", () => {
            assert.deepStrictEqual(core.buildResources({ memoryLimit: "1Gi", cpuLimit: "" }), {
                requests: { cpu: "100m", memory: "128Mi" },
                limits: { memory: "1Gi" },
            });
        });
        it("rejects a request above its limit", () => {
            const problems = new core.Problems();
            core.validateResources(problems, "resources", { memoryRequest: "1Gi" });
            assert.deepStrictEqual(
                problems.list().map((p) => p.message),
                [
                    'resources.memoryRequest must not exceed resources.memoryLimit (got request "1Gi" above limit "256Mi"); raise the limit or lower the request',
                ],
            );
        });
    });

    describe("env", () => {
        it("builds env from a map, Secret keys and ConfigMap keys", () => {
            assert.deepStrictEqual(
                core.buildEnv({
                    env: { ENVIRONMENT: "production" },
                    secretEnv: [{ name: "DATABASE_URL", secretName: "db-credentials", key: "url" }],
                    configMapEnv: [{ name: "LOG_LEVEL", configMapName: "app-config", key: "level", optional: true }],
                }),
                [
                    { name: "ENVIRONMENT", value: "production" },
                    { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "db-credentials", key: "url" } } },
                    {
                        name: "LOG_LEVEL",
                        valueFrom: { configMapKeyRef: { name: "app-config", key: "level", optional: true } },
                    },
                ],
            );
            assert.deepStrictEqual(core.buildEnvFrom(["s"], ["c"]), [
                { configMapRef: { name: "c" } },
                { secretRef: { name: "s" } },
            ]);
        });
        it("rejects empty Secret references and literal credentials", () => {
            const problems = new core.Problems();
            core.validateSecretKeyRef(problems, "databaseUrl", { secretName: "", key: "url" });
            core.validateEnv(problems, "", { env: { DB_PASSWORD: "hunter2", "1BAD": "x" } });
            assert.deepStrictEqual(
                problems.list().map((p) => p.message),
                [
                    'databaseUrl.secretName is required (got ""); name the Secret that holds the value, for example "db-credentials"',
                    'env.DB_PASSWORD looks like a credential and must not be a literal value (got a 7-character literal); use secretEnv: [{ name: "DB_PASSWORD", secretName: "...", key: "..." }]',
                    "env.1BAD must be a valid environment variable name: letters, digits, '_', '-' and '.', not starting with a digit (got \"1BAD\")",
                ],
            );
        });
    });

    describe("security and containers", () => {
        it("hardens every container by default, with runAsNonRoot as an option", () => {
            assert.deepStrictEqual(core.buildContainerSecurityContext(), {
                allowPrivilegeEscalation: false,
                privileged: false,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
            });
            assert.deepStrictEqual(core.buildPodSecurityContext({ runAsNonRoot: true }), {
                seccompProfile: { type: "RuntimeDefault" },
                runAsNonRoot: true,
            });
            assert.strictEqual(
                core.buildContainerSecurityContext({ runAsNonRoot: true, readOnlyRootFilesystem: true })
                    .readOnlyRootFilesystem,
                true,
            );
        });
        it("builds a container with ports, probes, resources and security", () => {
            const container = core.buildContainer({ name: "app", image: "nginx:1.21", port: 80 });
            assert.deepStrictEqual(container.ports, [{ name: "http", containerPort: 80, protocol: "TCP" }]);
            assert.ok(container.readinessProbe && container.livenessProbe);
            assert.deepStrictEqual(container.resources, core.buildResources());
            const batch = core.buildContainer({
                name: "job",
                image: "busybox:1.36",
                readinessProbe: null,
                livenessProbe: null,
            });
            assert.strictEqual(batch.readinessProbe, undefined);
            assert.strictEqual(batch.livenessProbe, undefined);
            assert.strictEqual(batch.ports, undefined);
        });
        it("builds a pod template without an API token unless a service account is named", () => {
            const template = core.buildPodTemplate({ labels: { app: "x" }, containers: [] });
            assert.strictEqual(
                template.spec &&
                    (template.spec as { automountServiceAccountToken?: boolean }).automountServiceAccountToken,
                false,
            );
            assert.deepStrictEqual(template.metadata, { labels: { app: "x" } });
        });
    });

    describe("disruption budgets", () => {
        it("defaults to one pod down at a time", () => {
            assert.deepStrictEqual(core.buildPdbSpec({ app: "x" }, {}), {
                selector: { matchLabels: { app: "x" } },
                maxUnavailable: 1,
            });
            assert.deepStrictEqual(core.buildPdbSpec({ app: "x" }, { minAvailable: "50%" }).minAvailable, "50%");
        });
        it("rejects a budget that blocks every eviction", () => {
            const problems = new core.Problems();
            core.validateDisruptionBudget(problems, "disruptionBudget", { maxUnavailable: "0" }, 3);
            core.validateDisruptionBudget(problems, "pdb", { minAvailable: "3" }, 3);
            core.validateDisruptionBudget(problems, "both", { minAvailable: "1", maxUnavailable: "1" }, 3);
            assert.deepStrictEqual(
                problems.list().map((p) => p.message),
                [
                    'disruptionBudget would block every voluntary eviction (got {"maxUnavailable":"0"} for 3 replicas); allow at least one pod to be disrupted, for example maxUnavailable "1"',
                    'pdb would block every voluntary eviction (got {"minAvailable":"3"} for 3 replicas); allow at least one pod to be disrupted, for example maxUnavailable "1"',
                    'both must set only one of minAvailable and maxUnavailable (got minAvailable "1" and maxUnavailable "1"); remove one',
                ],
            );
        });
    });
});
