import * as assert from "assert";
import { at, find, ofType, render, validationError, valueOf } from "../../harness/mocks";
import { ABTestDeployment, ABTestDeploymentArgs } from "../../../components/internal";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SERVICE = "kubernetes:core/v1:Service";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const VIRTUAL_SERVICE = "kubernetes:networking.istio.io/v1:VirtualService";
const GUIDE: ABTestDeploymentArgs = {
    port: 8080,
    variants: [
        { name: "a", image: "myapp:v1.0.0", replicas: 5, env: { FEATURE_FLAG_NEW_UI: "false" } },
        { name: "b", image: "myapp:v1.0.0", replicas: 5, env: { FEATURE_FLAG_NEW_UI: "true" } },
    ],
};

describe("ABTestDeployment", () => {
    it("renders a Deployment and a Service per variant, and one Service across all", async () => {
        let ab: ABTestDeployment | undefined;
        const resources = await render(() => {
            ab = new ABTestDeployment("webapp-ab", GUIDE);
        });
        for (const [variant, flag] of [
            ["a", "false"],
            ["b", "true"],
        ]) {
            const deployment = find(resources, DEPLOYMENT, `webapp-ab-${variant}`).inputs;
            assert.strictEqual(at(deployment, "spec.replicas"), 5);
            assert.deepStrictEqual(at(deployment, "spec.selector.matchLabels"), {
                app: "webapp-ab",
                "app.kubernetes.io/instance": "webapp-ab",
                variant,
            });
            assert.deepStrictEqual(at(deployment, "spec.template.spec.containers.0.env"), [
                { name: "FEATURE_FLAG_NEW_UI", value: flag },
                { name: "VARIANT", value: variant.toUpperCase() },
            ]);
            const service = find(resources, SERVICE, `webapp-ab-${variant}-svc`).inputs;
            assert.strictEqual(at(service, "spec.selector.variant"), variant);
        }
        assert.deepStrictEqual(at(find(resources, SERVICE, "webapp-ab-svc").inputs, "spec.selector"), {
            app: "webapp-ab",
            "app.kubernetes.io/instance": "webapp-ab",
        });
        assert.strictEqual(ofType(resources, INGRESS).length, 0);
        assert.ok(ab);
        assert.deepStrictEqual(await valueOf(ab.variantServiceNames), { a: "webapp-ab-a", b: "webapp-ab-b" });
    });

    it("routes the second variant by header or cookie through nginx", async () => {
        const resources = await render(
            () =>
                new ABTestDeployment("ab", {
                    ...GUIDE,
                    routing: "nginx",
                    host: "ab.example.com",
                    cookie: "ab_variant",
                }),
        );
        assert.strictEqual(
            at(find(resources, INGRESS, "ab-ingress").inputs, "spec.rules.0.http.paths.0.backend.service.name"),
            "ab-a",
        );
        const canary = find(resources, INGRESS, "ab-b-ingress").inputs;
        assert.deepStrictEqual(at(canary, "metadata.annotations"), {
            "nginx.ingress.kubernetes.io/canary": "true",
            "nginx.ingress.kubernetes.io/canary-by-header": "X-Variant",
            "nginx.ingress.kubernetes.io/canary-by-header-value": "b",
            "nginx.ingress.kubernetes.io/canary-by-cookie": "ab_variant",
        });
    });

    it("routes by header and weights through istio", async () => {
        const variants = [
            { name: "a", image: "myapp:v1", weight: 50 },
            { name: "b", image: "myapp:v1", weight: 30 },
            { name: "c", image: "myapp:v1", weight: 20 },
        ];
        const resources = await render(
            () => new ABTestDeployment("ab3", { port: 8080, variants, routing: "istio", host: "ab.example.com" }),
        );
        const spec = at(find(resources, VIRTUAL_SERVICE, "ab3-vs").inputs, "spec") as { http: unknown[] };
        assert.deepStrictEqual(spec.http[0], {
            name: "variant-b",
            match: [{ headers: { "x-variant": { exact: "b" } } }],
            route: [{ destination: { host: "ab3", subset: "b" } }],
        });
        assert.deepStrictEqual(spec.http[2], {
            name: "default",
            route: [
                { destination: { host: "ab3", subset: "a" }, weight: 50 },
                { destination: { host: "ab3", subset: "b" }, weight: 30 },
                { destination: { host: "ab3", subset: "c" }, weight: 20 },
            ],
        });
    });

    const invalid: Array<[string, Partial<ABTestDeploymentArgs>, string]> = [
        [
            "duplicate variant names",
            { variants: [GUIDE.variants[0], { ...GUIDE.variants[1], name: "a" }] },
            'variants[1].name must be unique (got "a" twice); give every variant its own name',
        ],
        [
            "a single variant",
            { variants: [GUIDE.variants[0]] },
            "variants must list at least two variants (got 1); an A/B test compares a control with at least one alternative",
        ],
        [
            "an invalid variant name",
            { variants: [GUIDE.variants[0], { ...GUIDE.variants[1], name: "B!" }] },
            'variants[1].name must be a DNS-1123 label: lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters (got "B!"); use a name such as "web-storage"',
        ],
        [
            "an unknown routing mode",
            // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
            { routing: "haproxy" },
            'routing must be one of "none", "nginx", "istio" (got "haproxy")',
        ],
        [
            "istio without a host",
            { routing: "istio" },
            'host is required when routing is "istio" (got undefined); give the public host name, for example host: "shop.example.com"',
        ],
        [
            "negative variant replicas",
            { variants: [GUIDE.variants[0], { ...GUIDE.variants[1], replicas: -2 }] },
            "variants[1].replicas must be a whole number of at least 0 (got -2); give the number of pods to run, for example 3",
        ],
        [
            "a literal credential in variant env",
            { variants: [GUIDE.variants[0], { ...GUIDE.variants[1], env: { API_TOKEN: "abc123" } }] },
            'variants[1].env.API_TOKEN looks like a credential and must not be a literal value (got a 6-character literal); use secretEnv: [{ name: "API_TOKEN", secretName: "...", key: "..." }]',
        ],
    ];
    for (const [what, change, expected] of invalid) {
        it(`rejects ${what}`, () => {
            const message = validationError(() => new ABTestDeployment("bad", { ...GUIDE, ...change }));
            assert.strictEqual(message, `ABTestDeployment "bad" has invalid args:\n  - ${expected}`);
        });
    }

    it("rejects nginx routing with three variants", () => {
        const variants = ["a", "b", "c"].map((name) => ({ name, image: "myapp:v1" }));
        const message = validationError(
            () => new ABTestDeployment("bad", { port: 8080, variants, routing: "nginx", host: "a.example.com" }),
        );
        assert.match(message, /routing "nginx" supports exactly two variants \(got 3\)/);
    });

    it("rejects weights that do not add up to 100", () => {
        const variants = [
            { name: "a", image: "myapp:v1", weight: 50 },
            { name: "b", image: "myapp:v1", weight: 40 },
        ];
        const message = validationError(
            () => new ABTestDeployment("bad", { port: 8080, variants, routing: "istio", host: "a.example.com" }),
        );
        assert.match(message, /variant weights must add up to 100 \(got 50 \+ 40 = 90\)/);
    });
});
