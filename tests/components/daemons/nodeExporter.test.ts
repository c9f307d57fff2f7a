import * as assert from "assert";
import { at, find, ofType, render, validationError, valueOf } from "../../harness/mocks";
import {
    DEFAULT_NODE_EXPORTER_IMAGE,
    NodeExporter,
    NodeExporterArgs,
    nodeExporterExemptRules,
    validateNodeExporterArgs,
} from "../../../components/internal";

const DAEMONSET = "kubernetes:apps/v1:DaemonSet";
const SERVICE = "kubernetes:core/v1:Service";

function key(value: unknown, path: string, name: string): unknown {
    return (at(value, path) as Record<string, unknown> | undefined)?.[name];
}

function messages(args: NodeExporterArgs): string[] {
    return validateNodeExporterArgs(args)
        .list()
        .map((p) => p.message);
}

describe("NodeExporter", () => {
    it("renders the guide's node-exporter DaemonSet, pinned, with probes, resources and a scoped exemption", async () => {
        let exporter: NodeExporter | undefined;
        const resources = await render(() => {
            exporter = new NodeExporter("node-exporter", { namespace: "monitoring" });
        });
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => `${r.type} ${r.name}`),
            [`${DAEMONSET} node-exporter`],
        );
        const ds = find(resources, DAEMONSET, "node-exporter").inputs;
        assert.strictEqual(at(ds, "metadata.name"), "node-exporter");
        assert.strictEqual(at(ds, "metadata.namespace"), "monitoring");
        assert.deepStrictEqual(at(ds, "metadata.annotations"), {
            "k8s-workloads.io/exempt":
                "no-host-namespaces,host-path-restricted,volume-types-restricted,host-ports-restricted",
            "k8s-workloads.io/exempt-reason":
                "node-exporter reports node metrics: it reads the host's /proc, /sys and / read-only and serves them on the node's network",
        });
        assert.deepStrictEqual(at(ds, "spec.selector.matchLabels"), {
            app: "node-exporter",
            "app.kubernetes.io/instance": "node-exporter",
        });
        assert.strictEqual(key(ds, "spec.template.metadata.labels", "app.kubernetes.io/component"), "node-exporter");
        assert.deepStrictEqual(at(ds, "spec.template.metadata.annotations"), {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": "9100",
            "prometheus.io/path": "/metrics",
        });
        const pod = at(ds, "spec.template.spec");
        assert.strictEqual(at(pod, "hostPID"), true);
        assert.strictEqual(at(pod, "hostIPC"), true);
        assert.strictEqual(at(pod, "hostNetwork"), true);
        assert.strictEqual(at(pod, "dnsPolicy"), "ClusterFirstWithHostNet");
        assert.strictEqual(at(pod, "automountServiceAccountToken"), false);
        assert.strictEqual(at(pod, "terminationGracePeriodSeconds"), 30);
        assert.deepStrictEqual(at(pod, "tolerations"), [{ operator: "Exists", effect: "NoSchedule" }]);
        assert.deepStrictEqual(at(pod, "securityContext"), {
            seccompProfile: { type: "RuntimeDefault" },
            runAsNonRoot: true,
        });
        assert.deepStrictEqual(at(pod, "volumes"), [
            { name: "proc", hostPath: { path: "/proc" } },
            { name: "sys", hostPath: { path: "/sys" } },
            { name: "root", hostPath: { path: "/" } },
        ]);
        const container = at(pod, "containers.0");
        assert.strictEqual(at(container, "image"), DEFAULT_NODE_EXPORTER_IMAGE);
        assert.strictEqual(DEFAULT_NODE_EXPORTER_IMAGE, "quay.io/prometheus/node-exporter:v1.8.2");
        assert.deepStrictEqual(at(container, "ports"), [
            { name: "scrape", containerPort: 9100, hostPort: 9100, protocol: "TCP" },
        ]);
        assert.deepStrictEqual(at(container, "args"), [
            "--path.procfs=/host/proc",
            "--path.sysfs=/host/sys",
            "--path.rootfs=/host/root",
            "--web.listen-address=:9100",
            "--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|var/lib/docker/.+)($|/)",
            "--collector.filesystem.fs-types-exclude=^(autofs|binfmt_misc|cgroup|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|mqueue|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|sysfs|tracefs)$",
        ]);
        assert.deepStrictEqual(at(container, "volumeMounts"), [
            { name: "proc", mountPath: "/host/proc", readOnly: true },
            { name: "sys", mountPath: "/host/sys", readOnly: true },
            { name: "root", mountPath: "/host/root", readOnly: true, mountPropagation: "HostToContainer" },
        ]);
        assert.deepStrictEqual(at(container, "readinessProbe"), {
            httpGet: { path: "/metrics", port: 9100 },
            initialDelaySeconds: 5,
            periodSeconds: 5,
            timeoutSeconds: 3,
            successThreshold: 1,
            failureThreshold: 3,
        });
        assert.deepStrictEqual(at(container, "livenessProbe"), {
            httpGet: { path: "/metrics", port: 9100 },
            initialDelaySeconds: 30,
            periodSeconds: 10,
            timeoutSeconds: 3,
            successThreshold: 1,
            failureThreshold: 3,
        });
        assert.deepStrictEqual(at(container, "resources"), {
            requests: { cpu: "100m", memory: "64Mi" },
            limits: { cpu: "250m", memory: "128Mi" },
        });
        assert.deepStrictEqual(at(container, "securityContext"), {
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
            runAsNonRoot: true,
            runAsUser: 65534,
            runAsGroup: 65534,
            readOnlyRootFilesystem: true,
        });
        assert.ok(exporter);
        assert.strictEqual(await valueOf(exporter.daemonSetName), "node-exporter");
        assert.strictEqual(await valueOf(exporter.namespace), "monitoring");
        assert.strictEqual(await valueOf(exporter.port), 9100);
        assert.strictEqual(await valueOf(exporter.serviceName), undefined);
    });

    it("defaults to the monitoring namespace", async () => {
        const resources = await render(() => new NodeExporter("ne", {}));
        assert.strictEqual(at(find(resources, DAEMONSET, "ne").inputs, "metadata.namespace"), "monitoring");
    });

    it("applies a port, a headless Service, collector args and scheduling options", async () => {
        let exporter: NodeExporter | undefined;
        const resources = await render(() => {
            exporter = new NodeExporter("nx", {
                namespace: "metrics",
                port: 9101,
                headlessService: true,
                collectorArgs: ["--collector.systemd"],
                image: "quay.io/prometheus/node-exporter:v1.9.1",
                resources: { cpuRequest: "50m" },
                readinessProbe: { periodSeconds: 15 },
                livenessProbe: { failureThreshold: 5 },
                tolerations: [{ operator: "Exists", effect: "NoExecute" }],
                nodeSelector: { "kubernetes.io/os": "linux" },
                maxUnavailable: "25%",
                podAnnotations: { team: "sre" },
                annotations: { owner: "sre" },
                exemptions: ["run-as-non-root"],
                exemptionReason: "testing",
            });
        });
        const ds = find(resources, DAEMONSET, "nx").inputs;
        assert.strictEqual(
            key(ds, "metadata.annotations", "k8s-workloads.io/exempt"),
            "no-host-namespaces,host-path-restricted,volume-types-restricted,host-ports-restricted,run-as-non-root",
        );
        assert.strictEqual(key(ds, "metadata.annotations", "owner"), "sre");
        assert.deepStrictEqual(at(ds, "spec.updateStrategy.rollingUpdate"), { maxUnavailable: "25%" });
        assert.strictEqual(key(ds, "spec.template.metadata.annotations", "prometheus.io/port"), "9101");
        assert.strictEqual(key(ds, "spec.template.metadata.annotations", "team"), "sre");
        const pod = at(ds, "spec.template.spec");
        assert.deepStrictEqual(at(pod, "tolerations"), [
            { operator: "Exists", effect: "NoSchedule" },
            { operator: "Exists", effect: "NoExecute" },
        ]);
        assert.deepStrictEqual(at(pod, "nodeSelector"), { "kubernetes.io/os": "linux" });
        const container = at(pod, "containers.0");
        assert.strictEqual(at(container, "image"), "quay.io/prometheus/node-exporter:v1.9.1");
        assert.deepStrictEqual(at(container, "ports"), [
            { name: "scrape", containerPort: 9101, hostPort: 9101, protocol: "TCP" },
        ]);
        assert.deepStrictEqual((at(container, "args") as string[]).slice(3), [
            "--web.listen-address=:9101",
            "--collector.systemd",
        ]);
        assert.strictEqual(at(container, "readinessProbe.httpGet.port"), 9101);
        assert.strictEqual(at(container, "readinessProbe.periodSeconds"), 15);
        assert.strictEqual(at(container, "livenessProbe.failureThreshold"), 5);
        assert.strictEqual(at(container, "resources.requests.cpu"), "50m");
        const svc = find(resources, SERVICE, "nx-headless").inputs;
        assert.strictEqual(at(svc, "metadata.name"), "nx-headless");
        assert.strictEqual(at(svc, "metadata.namespace"), "metrics");
        assert.strictEqual(key(svc, "metadata.annotations", "prometheus.io/scrape"), "true");
        assert.deepStrictEqual(at(svc, "spec"), {
            clusterIP: "None",
            selector: { app: "nx", "app.kubernetes.io/instance": "nx" },
            ports: [{ name: "scrape", port: 9101, targetPort: "scrape", protocol: "TCP" }],
        });
        assert.ok(exporter);
        assert.strictEqual(await valueOf(exporter.serviceName), "nx-headless");
    });

    it("drops the host namespaces, host port and scrape annotations when asked, and narrows the exemption", async () => {
        const resources = await render(
            () =>
                new NodeExporter("iso", {
                    hostNetwork: false,
                    hostPID: false,
                    hostIPC: false,
                    hostPort: false,
                    scrapeAnnotations: false,
                }),
        );
        const ds = find(resources, DAEMONSET, "iso").inputs;
        assert.strictEqual(
            key(ds, "metadata.annotations", "k8s-workloads.io/exempt"),
            "host-path-restricted,volume-types-restricted",
        );
        assert.strictEqual(at(ds, "spec.template.metadata.annotations"), undefined);
        const pod = at(ds, "spec.template.spec");
        assert.strictEqual(at(pod, "hostNetwork"), false);
        assert.strictEqual(at(pod, "hostPID"), false);
        assert.strictEqual(at(pod, "hostIPC"), false);
        assert.strictEqual(at(pod, "dnsPolicy"), undefined);
        assert.deepStrictEqual(at(pod, "containers.0.ports"), [
            { name: "scrape", containerPort: 9100, protocol: "TCP" },
        ]);
        assert.strictEqual(ofType(resources, SERVICE).length, 0);
    });

    it("lists the exempt rules for the settings in use", () => {
        assert.deepStrictEqual(nodeExporterExemptRules({}), [
            "no-host-namespaces",
            "host-path-restricted",
            "volume-types-restricted",
            "host-ports-restricted",
        ]);
        assert.deepStrictEqual(nodeExporterExemptRules({ hostNetwork: false, hostPID: false, hostIPC: false }), [
            "host-path-restricted",
            "volume-types-restricted",
            "host-ports-restricted",
        ]);
        assert.deepStrictEqual(nodeExporterExemptRules({ hostNetwork: false, hostPort: false }), [
            "no-host-namespaces",
            "host-path-restricted",
            "volume-types-restricted",
        ]);
    });

    it("rejects bad input with messages that name the field, the value and the fix", () => {
        assert.deepStrictEqual(
            messages({
                port: 65536,
                hostPort: false,
                collectorArgs: ["collector.systemd"],
                image: "quay.io/prometheus/node-exporter:latest",
                readinessProbe: { path: "metrics" },
                maxUnavailable: "150%",
            }),
            [
                `image must be pinned to a version tag or digest, not ":latest" (got "quay.io/prometheus/node-exporter:latest"); for example "quay.io/prometheus/node-exporter:1.2.3"`,
                `maxUnavailable must be a percentage between 0% and 100% (got "150%")`,
                `port must be a port number from 1 to 65535 (got 65536)`,
                `hostPort cannot be false while hostNetwork is on (got hostPort false, hostNetwork true); with the node's network the port is always a host port: set hostNetwork: false too`,
                `collectorArgs[0] must be a flag starting with "--" (got "collector.systemd"); join flag and value with "=", for example "--collector.systemd"`,
                `readinessProbe.path must start with "/" (got "metrics")`,
            ],
        );
        assert.deepStrictEqual(messages({ port: 0 }), [`port must be a port number from 1 to 65535 (got 0)`]);
        assert.deepStrictEqual(messages({ appName: "Node_Exporter" }), [
            `appName must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (got "Node_Exporter"); use a name such as "webapp"`,
        ]);
    });

    it("throws one error before creating any child", async () => {
        let message = "";
        const resources = await render(() => {
            message = validationError(() => new NodeExporter("bad", { port: 0, namespace: "Monitoring" }));
        });
        assert.strictEqual(
            message,
            [
                `NodeExporter "bad" has invalid args:`,
                `  - namespace must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (got "Monitoring"); use a name such as "shop"`,
                `  - port must be a port number from 1 to 65535 (got 0)`,
            ].join("\n"),
        );
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("kubernetes:")),
            [],
        );
    });
});
