import * as assert from "assert";
import * as wl from "k8s-workloads";
import { at, find, render } from "../../harness/mocks";

describe("contract: node agents (issue example, verbatim)", () => {
    it("type-checks and renders the issue's node-agent lines", async () => {
        const resources = await render(() => {
            new wl.LogCollector("fluentd", { elasticsearch: { host: "elasticsearch-logging", port: 9200, scheme: "http" } });
            new wl.NodeExporter("node-exporter", { namespace: "monitoring" });
        });
        const fluentd = find(resources, "kubernetes:apps/v1:DaemonSet", "fluentd").inputs;
        assert.strictEqual(at(fluentd, "metadata.namespace"), "kube-system");
        assert.strictEqual(at(fluentd, "spec.template.spec.containers.0.env.0.value"), "elasticsearch-logging");
        const exporter = find(resources, "kubernetes:apps/v1:DaemonSet", "node-exporter").inputs;
        assert.strictEqual(at(exporter, "metadata.namespace"), "monitoring");
    });
});
