import * as assert from "assert";
import { at, find, ofType, render, validationError, valueOf } from "../../harness/mocks";
import { RollingDeployment } from "../../../components/internal";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SERVICE = "kubernetes:core/v1:Service";

describe("RollingDeployment", () => {
    it("renders the guide's Deployment and a ClusterIP Service", async () => {
        let api: RollingDeployment | undefined;
        const resources = await render(() => {
            api = new RollingDeployment("api", {
                image: "nginx:1.21",
                replicas: 5,
                port: 80,
                maxSurge: "2",
                maxUnavailable: "1",
            });
        });
        const deployment = find(resources, DEPLOYMENT, "api").inputs;
        assert.strictEqual(at(deployment, "metadata.name"), "api");
        assert.strictEqual(at(deployment, "spec.replicas"), 5);
        assert.deepStrictEqual(at(deployment, "spec.strategy"), {
            type: "RollingUpdate",
            rollingUpdate: { maxSurge: 2, maxUnavailable: 1 },
        });
        const container = at(deployment, "spec.template.spec.containers.0");
        assert.strictEqual(at(container, "image"), "nginx:1.21");
        assert.deepStrictEqual(at(container, "readinessProbe"), {
            httpGet: { path: "/health", port: 80 },
            initialDelaySeconds: 5,
            periodSeconds: 5,
            timeoutSeconds: 3,
            successThreshold: 1,
            failureThreshold: 3,
        });
        const service = find(resources, SERVICE, "api-svc").inputs;
        assert.strictEqual(at(service, "spec.type"), "ClusterIP");
        assert.deepStrictEqual(at(service, "spec.selector"), { app: "api", "app.kubernetes.io/instance": "api" });
        assert.ok(api);
        assert.strictEqual(await valueOf(api.serviceDnsName), "api.default.svc.cluster.local");
    });

    it("rejects maxSurge and maxUnavailable both zero", () => {
        const message = validationError(
            () => new RollingDeployment("bad", { image: "nginx:1.21", port: 80, maxSurge: "0", maxUnavailable: "0%" }),
        );
        assert.match(message, /maxSurge and maxUnavailable must not both be 0/);
    });

    it("leaves replicas to the HPA", async () => {
        const resources = await render(
            () => new RollingDeployment("auto", { image: "nginx:1.21", port: 80, autoscaling: { maxReplicas: 10 } }),
        );
        assert.strictEqual(at(find(resources, DEPLOYMENT, "auto").inputs, "spec.replicas"), undefined);
        assert.strictEqual(ofType(resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").length, 1);
    });
});
