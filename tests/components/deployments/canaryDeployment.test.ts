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
import {
    CanaryDeployment,
    CanaryDeploymentArgs,
    splitReplicas,
    proxiedCanaryReplicas,
} from "../../../components/internal";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SERVICE = "kubernetes:core/v1:Service";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const VIRTUAL_SERVICE = "kubernetes:networking.istio.io/v1:VirtualService";
const DESTINATION_RULE = "kubernetes:networking.istio.io/v1:DestinationRule";
const BASE: CanaryDeploymentArgs = {
    replicas: 10,
    port: 8080,
    stable: { image: "myapp:v1.0.0" },
    canary: { image: "myapp:v2.0.0" },
    canaryWeight: 20,
};

describe("CanaryDeployment", () => {
    describe("splitReplicas", () => {
        it("follows the guide: 10 replicas at 20% give 8 stable and 2 canary", () => {
            assert.deepStrictEqual(splitReplicas(10, 20), { stable: 8, canary: 2 });
        });
        it("gives no canary pods at weight 0 and all at 100", () => {
            assert.deepStrictEqual(splitReplicas(10, 0), { stable: 10, canary: 0 });
            assert.deepStrictEqual(splitReplicas(10, 100), { stable: 0, canary: 10 });
        });
        it("rounds half up and keeps both tracks when the weight asks for both", () => {
            assert.deepStrictEqual(splitReplicas(10, 25), { stable: 7, canary: 3 });
            assert.deepStrictEqual(splitReplicas(10, 4), { stable: 9, canary: 1 });
            assert.deepStrictEqual(splitReplicas(10, 97), { stable: 1, canary: 9 });
            assert.deepStrictEqual(splitReplicas(2, 50), { stable: 1, canary: 1 });
            assert.deepStrictEqual(splitReplicas(1, 20), { stable: 1, canary: 0 });
        });
        it("sizes proxied canaries by weight, at least one pod", () => {
            assert.strictEqual(proxiedCanaryReplicas(10, 0), 0);
            assert.strictEqual(proxiedCanaryReplicas(10, 5), 1);
            assert.strictEqual(proxiedCanaryReplicas(10, 30), 3);
            assert.strictEqual(proxiedCanaryReplicas(10, 30, 4), 4);
        });
    });

    it("replicas mode: two Deployments behind one Service", async () => {
        let canary: CanaryDeployment | undefined;
        const resources = await render(() => {
            canary = new CanaryDeployment("shop", BASE);
        });
        assert.strictEqual(at(find(resources, DEPLOYMENT, "shop-stable").inputs, "spec.replicas"), 8);
        assert.strictEqual(at(find(resources, DEPLOYMENT, "shop-canary").inputs, "spec.replicas"), 2);
        assert.strictEqual(
            at(find(resources, DEPLOYMENT, "shop-canary").inputs, "spec.template.spec.containers.0.image"),
            "myapp:v2.0.0",
        );
        assert.strictEqual(
            at(find(resources, DEPLOYMENT, "shop-stable").inputs, "spec.template.metadata.labels.version"),
            "stable",
        );
        const service = find(resources, SERVICE, "shop-svc").inputs;
        assert.deepStrictEqual(at(service, "spec.selector"), { app: "shop", "app.kubernetes.io/instance": "shop" });
        assert.strictEqual(ofType(resources, SERVICE).length, 1);
        assert.strictEqual(ofType(resources, INGRESS).length, 0);
        assert.ok(canary);
        assert.strictEqual(await valueOf(canary.stableReplicas), 8);
        assert.strictEqual(await valueOf(canary.canaryReplicas), 2);
        assert.strictEqual(await valueOf(canary.serviceName), "shop");
    });

    it("nginx mode: a stable Ingress and a canary Ingress with weight and header", async () => {
        const captured = captureOptions();
        const resources = await render(
            () =>
                new CanaryDeployment(
                    "shop",
                    { ...BASE, traffic: "nginx", host: "shop.example.com", canaryHeader: "X-Canary" },
                    { transformations: [captured.transformation] },
                ),
        );
        assert.strictEqual(at(find(resources, DEPLOYMENT, "shop-stable").inputs, "spec.replicas"), 10);
        assert.strictEqual(at(find(resources, DEPLOYMENT, "shop-canary").inputs, "spec.replicas"), 2);
        const stable = find(resources, INGRESS, "shop-ingress").inputs;
        assert.strictEqual(at(stable, "spec.ingressClassName"), "nginx");
        assert.deepStrictEqual(at(stable, "spec.rules.0"), {
            host: "shop.example.com",
            http: {
                paths: [
                    {
                        path: "/",
                        pathType: "Prefix",
                        backend: { service: { name: "shop-stable", port: { number: 80 } } },
                    },
                ],
            },
        });
        const canary = find(resources, INGRESS, "shop-canary-ingress").inputs;
        assert.deepStrictEqual(at(canary, "metadata.annotations"), {
            "nginx.ingress.kubernetes.io/canary": "true",
            "nginx.ingress.kubernetes.io/canary-weight": "20",
            "nginx.ingress.kubernetes.io/canary-by-header": "X-Canary",
            "nginx.ingress.kubernetes.io/canary-by-header-value": "always",
        });
        assert.strictEqual(at(canary, "spec.rules.0.http.paths.0.backend.service.name"), "shop-canary");
        assert.deepStrictEqual(at(find(resources, SERVICE, "shop-canary-svc").inputs, "spec.selector"), {
            app: "shop",
            "app.kubernetes.io/instance": "shop",
            version: "canary",
        });
        assert.deepStrictEqual(dependsOnNames(captured, "shop-canary-ingress"), ["shop-stable", "shop-canary"]);
    });

    it("istio mode: a VirtualService with a header route and weights, and a DestinationRule", async () => {
        const resources = await render(
            () =>
                new CanaryDeployment("shop", {
                    ...BASE,
                    traffic: "istio",
                    host: "shop.example.com",
                    canaryHeader: "X-Canary",
                }),
        );
        const vs = find(resources, VIRTUAL_SERVICE, "shop-vs").inputs;
        assert.strictEqual(at(vs, "apiVersion"), "networking.istio.io/v1");
        assert.deepStrictEqual(at(vs, "spec"), {
            hosts: ["shop.example.com", "shop"],
            http: [
                {
                    name: "canary-by-header",
                    match: [{ headers: { "x-canary": { exact: "always" } } }],
                    route: [{ destination: { host: "shop", subset: "canary" } }],
                },
                {
                    name: "weighted",
                    route: [
                        { destination: { host: "shop", subset: "stable" }, weight: 80 },
                        { destination: { host: "shop", subset: "canary" }, weight: 20 },
                    ],
                },
            ],
        });
        const dr = find(resources, DESTINATION_RULE, "shop-dr").inputs;
        assert.deepStrictEqual(at(dr, "spec.subsets"), [
            { name: "stable", labels: { app: "shop", "app.kubernetes.io/instance": "shop", version: "stable" } },
            { name: "canary", labels: { app: "shop", "app.kubernetes.io/instance": "shop", version: "canary" } },
        ]);
    });

    it("promotion gives the stable track the canary image at weight 0", async () => {
        let canary: CanaryDeployment | undefined;
        const resources = await render(() => {
            canary = new CanaryDeployment("promo", { ...BASE, promote: true });
        });
        assert.strictEqual(
            at(find(resources, DEPLOYMENT, "promo-stable").inputs, "spec.template.spec.containers.0.image"),
            "myapp:v2.0.0",
        );
        assert.strictEqual(at(find(resources, DEPLOYMENT, "promo-stable").inputs, "spec.replicas"), 10);
        assert.strictEqual(at(find(resources, DEPLOYMENT, "promo-canary").inputs, "spec.replicas"), 0);
        assert.ok(canary);
        assert.strictEqual(await valueOf(canary.canaryWeight), 0);
    });

    const invalid: Array<[string, Partial<CanaryDeploymentArgs>, string]> = [
        [
            "canaryWeight above 100",
            { canaryWeight: 120 },
            "canaryWeight must be between 0 and 100 (got 120); it is the canary's percentage of traffic",
        ],
        [
            "canaryWeight below 0",
            { canaryWeight: -5 },
            "canaryWeight must be between 0 and 100 (got -5); it is the canary's percentage of traffic",
        ],
        [
            "an unknown traffic mode",
            // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
            { traffic: "linkerd" },
            'traffic must be one of "replicas", "nginx", "istio" (got "linkerd")',
        ],
        [
            "nginx without a host",
            { traffic: "nginx" },
            'host is required when traffic is "nginx" (got undefined); give the public host name, for example host: "shop.example.com"',
        ],
        [
            "istio without a host",
            { traffic: "istio" },
            'host is required when traffic is "istio" (got undefined); give the public host name, for example host: "shop.example.com"',
        ],
        [
            "an invalid host",
            { traffic: "nginx", host: "Shop_Example" },
            "host must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters (got \"Shop_Example\"); use a name such as \"shop.example.com\"",
        ],
        [
            "negative replicas",
            { replicas: -1 },
            "replicas must be a whole number of at least 0 (got -1); give the number of pods to run, for example 3",
        ],
        [
            "canaryReplicas in replicas mode",
            { canaryReplicas: 2 },
            'canaryReplicas applies only to the nginx and istio modes (got 2 with traffic "replicas"); in replicas mode the weight sets the pod counts',
        ],
        [
            "an invalid header",
            { traffic: "nginx", host: "a.example.com", canaryHeader: "X Canary" },
            'canaryHeader must be an HTTP header name of letters, digits and \'-\' (got "X Canary"); for example "X-Canary"',
        ],
        [
            "an invalid percentage",
            { maxSurge: "150%" },
            'maxSurge must be a percentage between 0% and 100% (got "150%")',
        ],
        [
            "an invalid count",
            { maxUnavailable: "one" },
            'maxUnavailable must be a whole number such as "1" or a percentage such as "25%" (got "one")',
        ],
        [
            "an invalid quantity",
            { resources: { memoryLimit: "lots" } },
            'resources.memoryLimit must be a Kubernetes quantity such as "500m", "256Mi" or "10Gi" (got "lots")',
        ],
        [
            "an invalid namespace",
            { namespace: "My_NS" },
            'namespace must be a DNS-1123 label: lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters (got "My_NS"); use a name such as "shop"',
        ],
    ];
    for (const [what, change, expected] of invalid) {
        it(`rejects ${what}`, () => {
            const message = validationError(() => new CanaryDeployment("bad", { ...BASE, ...change }));
            assert.strictEqual(message, `CanaryDeployment "bad" has invalid args:\n  - ${expected}`);
        });
    }

    it("reports several problems at once, before creating anything", async () => {
        const resources = await render(() => {
            assert.throws(
                () => new CanaryDeployment("multi", { ...BASE, canaryWeight: 120, traffic: "nginx" }),
                (err: Error) => err.message.split("\n").length === 3,
            );
        });
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.name),
            [],
        );
    });
});

describe("CanaryDeployment ingress waiting", () => {
    it("waits for the Ingress address by default, and not with waitForIngress: false", async () => {
        const args: CanaryDeploymentArgs = { ...BASE, traffic: "nginx", host: "shop.example.com" };
        const waiting = await render(() => new CanaryDeployment("wait", args));
        const annotations = (r: { inputs: Record<string, unknown> }) =>
            at(r.inputs, "metadata.annotations") as Record<string, string>;
        assert.strictEqual(annotations(find(waiting, INGRESS, "wait-ingress"))?.["pulumi.com/skipAwait"], undefined);
        const skipping = await render(() => new CanaryDeployment("nowait", { ...args, waitForIngress: false }));
        assert.strictEqual(annotations(find(skipping, INGRESS, "nowait-ingress"))?.["pulumi.com/skipAwait"], "true");
        assert.strictEqual(
            annotations(find(skipping, INGRESS, "nowait-canary-ingress"))["pulumi.com/skipAwait"],
            "true",
        );
    });
});
