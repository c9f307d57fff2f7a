import * as assert from "assert";
import * as wl from "k8s-workloads";
import { ofType, render } from "../../harness/mocks";

describe("deployment strategies: the public contract", () => {
    it("compiles and renders the issue's lines as written", async () => {
        const resources = await render(() => {
            new wl.RollingDeployment("api", { image: "nginx:1.21", replicas: 5, port: 80, maxSurge: "2", maxUnavailable: "1" });
            new wl.BlueGreenDeployment("webapp", { replicas: 3, port: 8080,
              blue: { image: "myapp:v1.0.0" }, green: { image: "myapp:v2.0.0" }, activeColor: "blue" });
            new wl.CanaryDeployment("shop", { replicas: 10, port: 8080,
              stable: { image: "myapp:v1.0.0" }, canary: { image: "myapp:v2.0.0" },
              canaryWeight: 20, traffic: "nginx" /* "replicas" | "nginx" | "istio" */, host: "shop.example.com", canaryHeader: "X-Canary" });
            new wl.ABTestDeployment("webapp-ab", { port: 8080, variants: [
              { name: "a", image: "myapp:v1.0.0", replicas: 5, env: { FEATURE_FLAG_NEW_UI: "false" } },
              { name: "b", image: "myapp:v1.0.0", replicas: 5, env: { FEATURE_FLAG_NEW_UI: "true" } } ] });
        });
        assert.deepStrictEqual(
            ofType(resources, "kubernetes:apps/v1:Deployment").map((r) => r.name).sort(),
            ["api", "shop-canary", "shop-stable", "webapp-ab-a", "webapp-ab-b", "webapp-blue", "webapp-green"],
        );
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("k8s-workloads:index:")).map((r) => r.type),
            [
                "k8s-workloads:index:RollingDeployment",
                "k8s-workloads:index:BlueGreenDeployment",
                "k8s-workloads:index:CanaryDeployment",
                "k8s-workloads:index:ABTestDeployment",
            ],
        );
    });
});
