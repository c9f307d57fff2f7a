import * as assert from "assert";
import { at, find, ofType, render, validationError } from "../../harness/mocks";
import {
    BlueGreenDeployment,
    LogCollector,
    MySqlCluster,
    RedisCluster,
    RollingDeployment,
    core,
} from "../../../components/internal";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const PASSWORD = "network-policy-test-password";

describe("NetworkPolicy renderer", () => {
    it("opens the ports to every pod of the namespace by default and denies the rest of ingress", () => {
        assert.deepStrictEqual(core.buildNetworkPolicySpec({ app: "api" }, { ports: [8080, 8080, 9090] }, undefined), {
            podSelector: { matchLabels: { app: "api" } },
            policyTypes: ["Ingress"],
            ingress: [
                {
                    from: [{ podSelector: { matchLabels: {} } }],
                    ports: [
                        { protocol: "TCP", port: 8080 },
                        { protocol: "TCP", port: 9090 },
                    ],
                },
            ],
        });
    });

    it("allows the given peers, and the peer ports only from the workload's own pods", () => {
        const spec = core.buildNetworkPolicySpec(
            { app: "db" },
            { ports: [3306], peerPorts: [3307] },
            {
                enabled: true,
                allowFrom: [
                    { podSelector: { app: "api" } },
                    { namespaceSelector: { team: "web" }, podSelector: { role: "frontend" } },
                ],
            },
        );
        assert.deepStrictEqual(spec.ingress, [
            {
                from: [
                    { podSelector: { matchLabels: { app: "api" } } },
                    {
                        podSelector: { matchLabels: { role: "frontend" } },
                        namespaceSelector: { matchLabels: { team: "web" } },
                    },
                ],
                ports: [{ protocol: "TCP", port: 3306 }],
            },
            { from: [{ podSelector: { matchLabels: { app: "db" } } }], ports: [{ protocol: "TCP", port: 3307 }] },
        ]);
    });

    it("denies all ingress when the workload has no ports", () => {
        assert.deepStrictEqual(
            core.buildNetworkPolicySpec({ app: "job" }, { ports: [] }, { enabled: true }).ingress,
            [],
        );
    });

    it("rejects a peer without a selector, naming the field", () => {
        const message = validationError(
            () =>
                new RollingDeployment("bad", {
                    image: "nginx:1.21",
                    port: 8080,
                    networkPolicy: { enabled: true, allowFrom: [{ podSelector: {} }, {}] },
                }),
        );
        assert.match(message, /networkPolicy\.allowFrom\[1\] needs a podSelector or a namespaceSelector \(got \{\}\)/);
    });

    it("rejects selectors that are not label maps, and allowFrom that is not a list of objects", () => {
        const problems = (networkPolicy: unknown): string[] => {
            const found = new core.Problems();
            core.validateNetworkPolicy(found, "networkPolicy", networkPolicy as core.NetworkPolicyArgs);
            return found.list().map((p) => p.message);
        };
        assert.deepStrictEqual(problems({ enabled: true, allowFrom: [{ podSelector: { app: "-web" } }] }), [
            `networkPolicy.allowFrom[0].podSelector["app"] must be a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (got "-web")`,
        ]);
        assert.deepStrictEqual(problems({ enabled: true, allowFrom: [{ namespaceSelector: { "Bad Key": "x" } }] }), [
            `networkPolicy.allowFrom[0].namespaceSelector key "Bad Key" must be a qualified name: an optional DNS-1123 prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit; for example "example.com/team"`,
        ]);
        assert.deepStrictEqual(problems({ enabled: true, allowFrom: [null] }), [
            `networkPolicy.allowFrom[0] must be an object (got null); for example [{ podSelector: { app: "frontend" } }]`,
        ]);
        assert.deepStrictEqual(problems({ enabled: true, allowFrom: { podSelector: {} } }), [
            `networkPolicy.allowFrom must be a list (got {"podSelector":{}}); for example [{ podSelector: { app: "frontend" } }]`,
        ]);
    });
});

describe("NetworkPolicy option", () => {
    it("is off by default", async () => {
        const resources = await render(() => new RollingDeployment("api", { image: "nginx:1.21", port: 8080 }));
        assert.strictEqual(ofType(resources, NETWORK_POLICY).length, 0);
    });

    it("RollingDeployment: selects the app's pods and opens the main and extra ports", async () => {
        const resources = await render(
            () =>
                new RollingDeployment("api", {
                    image: "nginx:1.21",
                    port: 8080,
                    namespace: "shop",
                    extraPorts: [{ name: "metrics", containerPort: 9090 }],
                    networkPolicy: { enabled: true },
                }),
        );
        const policy = find(resources, NETWORK_POLICY, "api-netpol").inputs;
        assert.strictEqual(at(policy, "metadata.namespace"), "shop");
        assert.deepStrictEqual(at(policy, "spec.podSelector.matchLabels"), {
            app: "api",
            "app.kubernetes.io/instance": "api",
        });
        assert.deepStrictEqual(at(policy, "spec.ingress.0.ports"), [
            { protocol: "TCP", port: 8080 },
            { protocol: "TCP", port: 9090 },
        ]);
    });

    it("BlueGreenDeployment: one policy selects both colors", async () => {
        const resources = await render(
            () =>
                new BlueGreenDeployment("webapp", {
                    port: 8080,
                    blue: { image: "nginx:1.21" },
                    green: { image: "nginx:1.22" },
                    networkPolicy: { enabled: true },
                }),
        );
        assert.strictEqual(ofType(resources, NETWORK_POLICY).length, 1);
        const selector = at(find(resources, NETWORK_POLICY, "webapp-netpol").inputs, "spec.podSelector.matchLabels");
        assert.deepStrictEqual(selector, { app: "webapp", "app.kubernetes.io/instance": "webapp" });
    });

    it("MySqlCluster: 3306 for the peers, 3306 and the clone port between its own pods", async () => {
        const resources = await render(
            () => new MySqlCluster("mysql", { rootPassword: PASSWORD, networkPolicy: { enabled: true } }),
        );
        const ingress = at(find(resources, NETWORK_POLICY, "mysql-netpol").inputs, "spec.ingress");
        assert.deepStrictEqual(at(ingress, "0.ports"), [{ protocol: "TCP", port: 3306 }]);
        assert.deepStrictEqual(at(ingress, "1.ports"), [
            { protocol: "TCP", port: 3306 },
            { protocol: "TCP", port: 3307 },
        ]);
        assert.deepStrictEqual(at(ingress, "1.from.0.podSelector.matchLabels"), {
            app: "mysql",
            "app.kubernetes.io/instance": "mysql",
        });
    });

    it("RedisCluster: 6379 for the peers, 6379 and the bus 16379 between nodes, nothing into the bootstrap Job", async () => {
        const resources = await render(
            () => new RedisCluster("redis", { password: PASSWORD, networkPolicy: { enabled: true } }),
        );
        const ingress = at(find(resources, NETWORK_POLICY, "redis-netpol").inputs, "spec.ingress");
        assert.deepStrictEqual(at(ingress, "0.ports"), [{ protocol: "TCP", port: 6379 }]);
        assert.deepStrictEqual(at(ingress, "1.ports"), [
            { protocol: "TCP", port: 6379 },
            { protocol: "TCP", port: 16379 },
        ]);
        const bootstrap = find(resources, NETWORK_POLICY, "redis-bootstrap-netpol").inputs;
        assert.deepStrictEqual(at(bootstrap, "spec.ingress"), []);
        assert.deepStrictEqual(at(bootstrap, "spec.podSelector.matchLabels"), {
            app: "redis-bootstrap",
            "app.kubernetes.io/instance": "redis-bootstrap",
        });
    });

    it("LogCollector: only the monitor port, in its own namespace", async () => {
        const resources = await render(
            () =>
                new LogCollector("fluentd", {
                    elasticsearch: { host: "es" },
                    networkPolicy: { enabled: true },
                }),
        );
        const policy = find(resources, NETWORK_POLICY, "fluentd-netpol").inputs;
        assert.strictEqual(at(policy, "metadata.namespace"), "kube-system");
        assert.deepStrictEqual(at(policy, "spec.ingress.0.ports"), [{ protocol: "TCP", port: 24220 }]);
    });
});
