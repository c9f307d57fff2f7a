import * as assert from "assert";
import * as kube from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { LogCollector, NodeExporter } from "../../../components";
import { Kube, isReady } from "../support/kube";
import {
    ON_REAL_NODE,
    REAL_NODE,
    diagnoseFailures,
    httpGet,
    kubectlStatus,
    localImage,
    realNodeAddress,
    shIn,
    skipUnlessRealNode,
} from "../support/real";
import { destroy, inlineStack, output, up } from "../support/stack";

const IMAGES = ["node-exporter:1.5.0", "busybox:1.35"];

function namespace(name: string): pulumi.Output<string> {
    return new kube.core.v1.Namespace(name, { metadata: { name } }).metadata.name;
}

type PodSpecLike = { template?: { spec?: { containers?: Array<Record<string, unknown>> } } };

/**
 * A transformation that replaces the DaemonSet container's command with `sleep`: there is no fluentd image on this
 * machine, so busybox stands in for it (the component has no command argument; its args, mounts and RBAC are real).
 */
function sleepInsteadOfFluentd(
    args: pulumi.ResourceTransformationArgs,
): pulumi.ResourceTransformationResult | undefined {
    if (args.type !== "kubernetes:apps/v1:DaemonSet") {
        return undefined;
    }
    const props = args.props as { spec?: PodSpecLike };
    const containers = props.spec?.template?.spec?.containers ?? [];
    for (const c of containers) {
        c.command = ["sh", "-c", "sleep 86400"];
    }
    return { props: args.props, opts: args.opts };
}

describe("e2e real pods: node agents on real-0", function () {
    this.timeout(8 * 60 * 1000);
    const cluster = new Kube();
    before(async function () {
        await skipUnlessRealNode(this, cluster, IMAGES);
    });

    describe("NodeExporter", () => {
        const ns = "e2e-real-node-exporter";
        let stack: Stack | undefined;
        afterEach(diagnoseFailures(cluster, ns));
        after(async () => stack && destroy(stack));

        it("NodeExporter: /metrics on the real node's port 9100 returns node_ metrics", async () => {
            const holders = (
                await cluster.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${REAL_NODE}` })
            ).items
                .filter((p) => (p.spec?.containers ?? []).some((c) => (c.ports ?? []).some((x) => x.hostPort === 9100)))
                .map((p) => `${p.metadata?.namespace ?? ""}/${p.metadata?.name ?? ""}`);
            assert.deepStrictEqual(holders, [], "port 9100 on real-0 is free (destroy the demo's dev stack first)");
            stack = await inlineStack(ns, async () => {
                new NodeExporter("e2e-node-exporter", {
                    ...ON_REAL_NODE,
                    namespace: namespace(ns),
                    image: localImage("node-exporter:1.5.0"),
                    resources: { cpuRequest: "10m", memoryRequest: "32Mi", cpuLimit: "200m", memoryLimit: "128Mi" },
                });
            });
            await up(stack);
            const pods = (await cluster.pods(ns, "app=e2e-node-exporter")).filter(isReady);
            assert.deepStrictEqual(
                pods.map((p) => p.spec?.nodeName),
                [REAL_NODE],
            );
            const address = await realNodeAddress(cluster);
            const metrics = await httpGet(`http://${address}:9100/metrics`);
            assert.strictEqual(metrics.status, 200);
            assert.match(metrics.body, /^node_cpu_seconds_total\{/m);
            assert.match(metrics.body, /^node_memory_MemTotal_bytes \d/m);
            assert.match(metrics.body, /^node_filesystem_size_bytes\{/m);
        });
    });

    describe("LogCollector", () => {
        const ns = "e2e-real-log-collector";
        let stack: Stack | undefined;
        afterEach(diagnoseFailures(cluster, ns));
        after(async () => stack && destroy(stack));

        it("LogCollector (busybox sleeping in place of fluentd, which has no image here): its pod runs on real-0 with the host's /var/log and pod logs mounted, and its ServiceAccount may list pods but not delete them", async () => {
            stack = await inlineStack(ns, async () => {
                const collector = new LogCollector(
                    "e2e-real-log-collector",
                    {
                        ...ON_REAL_NODE,
                        namespace: namespace(ns),
                        image: localImage("busybox:1.35"),
                        elasticsearch: { host: "elasticsearch-logging", port: 9200, scheme: "http" },
                        containerLogPath: "/var/log/pods",
                        readinessProbe: { type: "exec", command: ["true"] },
                        livenessProbe: { type: "exec", command: ["true"] },
                        resources: { cpuRequest: "10m", memoryRequest: "16Mi", memoryLimit: "32Mi" },
                    },
                    { transformations: [sleepInsteadOfFluentd] },
                );
                return { serviceAccount: collector.serviceAccountName };
            });
            await up(stack);
            const pods = await cluster.pods(ns, "app=e2e-real-log-collector");
            assert.strictEqual(pods.length, 1, "one pod: only real-0 is selected");
            const pod = pods[0];
            const name = pod.metadata?.name ?? "";
            assert.strictEqual(pod.spec?.nodeName, REAL_NODE);
            assert.strictEqual(pod.status?.phase, "Running");
            // The host's pod log directory, with this very pod's directory in it, and the fluentd config.
            const listing = await shIn(ns, name, "ls /var/log/pods");
            assert.ok(
                listing.split("\n").some((d) => d.startsWith(`${ns}_${name}_`)),
                listing,
            );
            assert.match(await shIn(ns, name, "head -c 200 /fluentd/etc/fluent.conf"), /\S/);
            assert.match(
                await shIn(ns, name, "touch /var/log/.e2e-writable && rm /var/log/.e2e-writable && echo ok"),
                /ok/,
            );

            const account = `system:serviceaccount:${ns}:${await output<string>(stack, "serviceAccount")}`;
            const list = await kubectlStatus(["auth", "can-i", "list", "pods", "--all-namespaces", "--as", account]);
            assert.deepStrictEqual([list.code, list.stdout.trim()], [0, "yes"], list.stderr);
            const del = await kubectlStatus(["auth", "can-i", "delete", "pods", "--all-namespaces", "--as", account]);
            assert.deepStrictEqual([del.code, del.stdout.trim()], [1, "no"], del.stderr);
        });
    });
});
