import * as assert from "assert";
import {
    ABTestDeployment,
    BlueGreenDeployment,
    CanaryDeployment,
    RollingDeployment,
} from "../../../components/internal";
import { checkPulumiResources } from "../../../policies/engine";
import { render } from "../../harness/mocks";

/** Mandatory findings of the whole pack (baseline preset) on what a program renders. */
async function mandatory(program: () => unknown): Promise<string[]> {
    const resources = await render(program);
    return checkPulumiResources(resources.map((r) => ({ type: r.type, props: r.inputs })))
        .filter((v) => v.enforcementLevel === "mandatory")
        .map((v) => `${v.policy} ${v.kind}/${v.name}: ${v.message}`);
}

describe("deployment strategies through the policy pack (baseline)", () => {
    const cases: Array<[string, () => unknown]> = [
        ["RollingDeployment", () => new RollingDeployment("p-api", { image: "nginx:1.21", port: 80 })],
        [
            "BlueGreenDeployment",
            () =>
                new BlueGreenDeployment("p-bg", {
                    port: 8080,
                    blue: { image: "myapp:v1.0.0" },
                    green: { image: "myapp:v2.0.0" },
                }),
        ],
        [
            "CanaryDeployment (replicas)",
            () =>
                new CanaryDeployment("p-canary", {
                    port: 8080,
                    stable: { image: "myapp:v1" },
                    canary: { image: "myapp:v2" },
                    canaryWeight: 20,
                }),
        ],
        [
            "CanaryDeployment (nginx)",
            () =>
                new CanaryDeployment("p-nginx", {
                    port: 8080,
                    stable: { image: "myapp:v1" },
                    canary: { image: "myapp:v2" },
                    canaryWeight: 20,
                    traffic: "nginx",
                    host: "a.example.com",
                }),
        ],
        [
            "CanaryDeployment (istio)",
            () =>
                new CanaryDeployment("p-istio", {
                    port: 8080,
                    stable: { image: "myapp:v1" },
                    canary: { image: "myapp:v2" },
                    canaryWeight: 20,
                    traffic: "istio",
                    host: "a.example.com",
                }),
        ],
        [
            "ABTestDeployment",
            () =>
                new ABTestDeployment("p-ab", {
                    port: 8080,
                    variants: [
                        { name: "a", image: "myapp:v1" },
                        { name: "b", image: "myapp:v1" },
                    ],
                }),
        ],
    ];
    for (const [what, program] of cases) {
        it(`${what} with its defaults has no mandatory violation`, async () => {
            assert.deepStrictEqual(await mandatory(program), []);
        });
    }

    it("a deliberately bad input is caught: a canary weight above the restricted maximum", async () => {
        const resources = await render(
            () =>
                new CanaryDeployment("p-heavy", {
                    port: 8080,
                    stable: { image: "myapp:v1" },
                    canary: { image: "myapp:v2" },
                    canaryWeight: 80,
                    traffic: "nginx",
                    host: "a.example.com",
                }),
        );
        const findings = checkPulumiResources(
            resources.map((r) => ({ type: r.type, props: r.inputs })),
            { preset: "restricted" },
        ).map((v) => v.policy);
        assert.ok(findings.includes("progressive-delivery-consistency"), findings.join(", "));
    });
});
