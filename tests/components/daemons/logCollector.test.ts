import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { at, find, ofType, render, validationError, valueOf } from "../../harness/mocks";
import {
    DEFAULT_FLUENT_CONF,
    DEFAULT_LOG_COLLECTOR_IMAGE,
    ElasticsearchArgs,
    LogCollector,
    LogCollectorArgs,
    defaultFluentConf,
    validateLogCollectorArgs,
} from "../../../components/internal";
import { contentHash } from "../../../components/core";

const DAEMONSET = "kubernetes:apps/v1:DaemonSet";
const CONFIGMAP = "kubernetes:core/v1:ConfigMap";
const SA = "kubernetes:core/v1:ServiceAccount";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";

const ES: ElasticsearchArgs = { host: "elasticsearch-logging", port: 9200, scheme: "http" };

/** Reads a key that contains dots (a label, an annotation, a file name) under a path. */
function key(value: unknown, path: string, name: string): unknown {
    return (at(value, path) as Record<string, unknown> | undefined)?.[name];
}

function messages(args: LogCollectorArgs): string[] {
    return validateLogCollectorArgs(args)
        .list()
        .map((p) => p.message);
}

/** The signature key and value Pulumi's wire format gives a secret value. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

describe("LogCollector", () => {
    it("renders the guide's fluentd DaemonSet in kube-system with RBAC and a config map", async () => {
        let collector: LogCollector | undefined;
        const resources = await render(() => {
            collector = new LogCollector("fluentd", { elasticsearch: ES });
        });
        assert.deepStrictEqual(
            resources
                .filter((r) => r.type.startsWith("kubernetes:"))
                .map((r) => `${r.type} ${r.name}`)
                .sort(),
            [
                `${DAEMONSET} fluentd`,
                `${CONFIGMAP} fluentd-config`,
                `${SA} fluentd-sa`,
                `${ROLE} fluentd-role`,
                `${BINDING} fluentd-binding`,
            ].sort(),
        );
        const ds = find(resources, DAEMONSET, "fluentd").inputs;
        assert.strictEqual(at(ds, "metadata.name"), "fluentd");
        assert.strictEqual(at(ds, "metadata.namespace"), "kube-system");
        assert.strictEqual(at(ds, "metadata.labels.k8s-app"), "fluentd-logging");
        assert.strictEqual(key(ds, "metadata.labels", "k8s-workloads.io/pattern"), "daemonset");
        assert.deepStrictEqual(at(ds, "metadata.annotations"), {
            "k8s-workloads.io/exempt": "host-path-restricted,volume-types-restricted",
            "k8s-workloads.io/exempt-reason":
                "fluentd tails container logs from the host (/var/lib/docker/containers read-only) and keeps its read positions and buffers in /var/log, which it must write",
        });
        assert.deepStrictEqual(at(ds, "spec.selector.matchLabels"), {
            app: "fluentd",
            "app.kubernetes.io/instance": "fluentd",
        });
        assert.deepStrictEqual(at(ds, "spec.updateStrategy"), {
            type: "RollingUpdate",
            rollingUpdate: { maxUnavailable: 1 },
        });
        const pod = at(ds, "spec.template.spec");
        assert.deepStrictEqual(at(pod, "tolerations"), [
            { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
            { key: "node-role.kubernetes.io/master", operator: "Exists", effect: "NoSchedule" },
        ]);
        assert.strictEqual(at(pod, "terminationGracePeriodSeconds"), 30);
        assert.strictEqual(at(pod, "serviceAccountName"), "fluentd");
        assert.strictEqual(at(pod, "automountServiceAccountToken"), true);
        assert.deepStrictEqual(at(pod, "volumes"), [
            { name: "varlog", hostPath: { path: "/var/log" } },
            { name: "varlibdockercontainers", hostPath: { path: "/var/lib/docker/containers" } },
            { name: "fluentd-config", configMap: { name: "fluentd-config" } },
        ]);
        // The selector labels are on the pod template.
        const podLabels = at(ds, "spec.template.metadata.labels") as Record<string, string>;
        assert.strictEqual(podLabels.app, "fluentd");
        assert.strictEqual(podLabels["app.kubernetes.io/instance"], "fluentd");
        assert.strictEqual(
            key(ds, "spec.template.metadata.annotations", "k8s-workloads.io/config-hash"),
            contentHash(DEFAULT_FLUENT_CONF),
        );

        const container = at(pod, "containers.0");
        assert.strictEqual(at(container, "name"), "fluentd");
        assert.strictEqual(at(container, "image"), DEFAULT_LOG_COLLECTOR_IMAGE);
        assert.strictEqual(
            DEFAULT_LOG_COLLECTOR_IMAGE,
            "fluent/fluentd-kubernetes-daemonset:v1.16.2-debian-elasticsearch7-1.0",
        );
        assert.deepStrictEqual(at(container, "env"), [
            { name: "FLUENT_ELASTICSEARCH_HOST", value: "elasticsearch-logging" },
            { name: "FLUENT_ELASTICSEARCH_PORT", value: "9200" },
            { name: "FLUENT_ELASTICSEARCH_SCHEME", value: "http" },
            { name: "FLUENT_UID", value: "0" },
            { name: "FLUENT_CONF", value: "fluent.conf" },
        ]);
        // The guide's requests and memory limit, and a CPU limit of 4 times the request (the guide gives none).
        assert.deepStrictEqual(at(container, "resources"), {
            requests: { cpu: "100m", memory: "200Mi" },
            limits: { cpu: "400m", memory: "200Mi" },
        });
        assert.deepStrictEqual(at(container, "volumeMounts"), [
            { name: "varlog", mountPath: "/var/log" },
            { name: "varlibdockercontainers", mountPath: "/var/lib/docker/containers", readOnly: true },
            { name: "fluentd-config", mountPath: "/fluentd/etc" },
        ]);
        assert.deepStrictEqual(at(container, "ports"), [{ name: "monitor", containerPort: 24220, protocol: "TCP" }]);
        assert.deepStrictEqual(at(container, "livenessProbe"), {
            httpGet: { path: "/api/plugins.json", port: 24220 },
            initialDelaySeconds: 30,
            periodSeconds: 10,
            timeoutSeconds: 3,
            successThreshold: 1,
            failureThreshold: 3,
        });
        assert.deepStrictEqual(at(container, "readinessProbe.httpGet"), { path: "/api/plugins.json", port: 24220 });
        assert.strictEqual(at(container, "securityContext.allowPrivilegeEscalation"), false);
        assert.deepStrictEqual(at(container, "securityContext.capabilities"), { drop: ["ALL"] });

        const cm = find(resources, CONFIGMAP, "fluentd-config").inputs;
        assert.strictEqual(at(cm, "metadata.namespace"), "kube-system");
        const conf = key(cm, "data", "fluent.conf");
        assert.strictEqual(conf, DEFAULT_FLUENT_CONF);
        assert.match(DEFAULT_FLUENT_CONF, /@type kubernetes_metadata/);
        assert.match(DEFAULT_FLUENT_CONF, /host "#\{ENV\['FLUENT_ELASTICSEARCH_HOST'\]\}"/);
        assert.match(DEFAULT_FLUENT_CONF, /@type monitor_agent\n {2}bind 0\.0\.0\.0\n {2}port 24220/);
        assert.match(DEFAULT_FLUENT_CONF, /path \/var\/log\/containers\/\*\.log/);

        const sa = find(resources, SA, "fluentd-sa").inputs;
        assert.strictEqual(at(sa, "metadata.name"), "fluentd");
        assert.strictEqual(at(sa, "metadata.namespace"), "kube-system");
        const role = find(resources, ROLE, "fluentd-role").inputs;
        assert.strictEqual(at(role, "metadata.name"), "kube-system-fluentd");
        assert.deepStrictEqual(at(role, "rules"), [
            { apiGroups: [""], resources: ["pods", "namespaces"], verbs: ["get", "list", "watch"] },
        ]);
        const binding = find(resources, BINDING, "fluentd-binding").inputs;
        assert.strictEqual(at(binding, "metadata.name"), "kube-system-fluentd");
        assert.deepStrictEqual(at(binding, "roleRef"), {
            apiGroup: "rbac.authorization.k8s.io",
            kind: "ClusterRole",
            name: "kube-system-fluentd",
        });
        assert.deepStrictEqual(at(binding, "subjects"), [
            { kind: "ServiceAccount", name: "fluentd", namespace: "kube-system" },
        ]);

        assert.ok(collector);
        assert.strictEqual(await valueOf(collector.daemonSetName), "fluentd");
        assert.strictEqual(await valueOf(collector.namespace), "kube-system");
        assert.strictEqual(await valueOf(collector.configMapName), "fluentd-config");
        assert.strictEqual(await valueOf(collector.serviceAccountName), "fluentd");
        assert.strictEqual(await valueOf(collector.clusterRoleName), "kube-system-fluentd");
    });

    it("applies every option", async () => {
        const conf = "<source>\n  @type monitor_agent\n  port 24231\n</source>\n";
        const resources = await render(
            () =>
                new LogCollector("logs", {
                    namespace: "logging",
                    appName: "collector",
                    elasticsearch: {
                        host: "es.example.com",
                        port: 443,
                        scheme: "https",
                        user: "fluent",
                        passwordSecret: { secretName: "es-credentials", key: "password" },
                        logstashPrefix: "k8s",
                    },
                    image: "fluent/fluentd-kubernetes-daemonset:v1.17.1-debian-elasticsearch8-1.0",
                    imagePullPolicy: "IfNotPresent",
                    fluentConf: conf,
                    monitorPort: 24231,
                    containerLogPath: "/var/log/pods",
                    env: { FLUENTD_SYSTEMD_CONF: "disable" },
                    secretEnv: [{ name: "EXTRA_TOKEN", secretName: "extra", key: "token" }],
                    resources: { memoryLimit: "512Mi", memoryRequest: "256Mi", cpuLimit: "1" },
                    readinessProbe: { periodSeconds: 20, timeoutSeconds: 5 },
                    livenessProbe: { initialDelaySeconds: 60 },
                    maxUnavailable: "10%",
                    terminationGracePeriodSeconds: 60,
                    labels: { team: "platform" },
                    annotations: { owner: "platform" },
                    podAnnotations: { "example.com/scrape": "false" },
                    tolerations: [{ key: "dedicated", operator: "Exists", effect: "NoExecute" }],
                    nodeSelector: { "kubernetes.io/os": "linux" },
                    priorityClassName: "system-node-critical",
                    exemptions: ["run-as-non-root"],
                    exemptionReason: "fluentd reads root-owned logs",
                }),
        );
        const ds = find(resources, DAEMONSET, "logs").inputs;
        assert.strictEqual(at(ds, "metadata.namespace"), "logging");
        assert.deepStrictEqual(at(ds, "metadata.annotations"), {
            owner: "platform",
            "k8s-workloads.io/exempt": "host-path-restricted,volume-types-restricted,run-as-non-root",
            "k8s-workloads.io/exempt-reason":
                "fluentd tails container logs from the host (/var/log/pods read-only) and keeps its read positions and buffers in /var/log, which it must write; fluentd reads root-owned logs",
        });
        assert.strictEqual(at(ds, "metadata.labels.team"), "platform");
        assert.strictEqual(at(ds, "spec.selector.matchLabels.app"), "collector");
        assert.deepStrictEqual(at(ds, "spec.updateStrategy.rollingUpdate"), { maxUnavailable: "10%" });
        const pod = at(ds, "spec.template.spec");
        assert.strictEqual(at(pod, "terminationGracePeriodSeconds"), 60);
        assert.strictEqual(at(pod, "priorityClassName"), "system-node-critical");
        assert.deepStrictEqual(at(pod, "nodeSelector"), { "kubernetes.io/os": "linux" });
        assert.strictEqual((at(pod, "tolerations") as unknown[]).length, 3);
        assert.deepStrictEqual(at(pod, "tolerations.2"), { key: "dedicated", operator: "Exists", effect: "NoExecute" });
        assert.deepStrictEqual(at(pod, "volumes.1"), {
            name: "varlibdockercontainers",
            hostPath: { path: "/var/log/pods" },
        });
        const annotations = at(ds, "spec.template.metadata.annotations") as Record<string, string>;
        assert.strictEqual(annotations["example.com/scrape"], "false");
        assert.strictEqual(annotations["k8s-workloads.io/config-hash"], contentHash(conf));
        const container = at(pod, "containers.0");
        assert.strictEqual(
            at(container, "image"),
            "fluent/fluentd-kubernetes-daemonset:v1.17.1-debian-elasticsearch8-1.0",
        );
        assert.strictEqual(at(container, "imagePullPolicy"), "IfNotPresent");
        assert.deepStrictEqual(at(container, "env"), [
            { name: "FLUENT_ELASTICSEARCH_HOST", value: "es.example.com" },
            { name: "FLUENT_ELASTICSEARCH_PORT", value: "443" },
            { name: "FLUENT_ELASTICSEARCH_SCHEME", value: "https" },
            { name: "FLUENT_ELASTICSEARCH_USER", value: "fluent" },
            { name: "FLUENT_ELASTICSEARCH_LOGSTASH_PREFIX", value: "k8s" },
            { name: "FLUENT_UID", value: "0" },
            { name: "FLUENT_CONF", value: "fluent.conf" },
            { name: "FLUENTD_SYSTEMD_CONF", value: "disable" },
            {
                name: "FLUENT_ELASTICSEARCH_PASSWORD",
                valueFrom: { secretKeyRef: { name: "es-credentials", key: "password" } },
            },
            { name: "EXTRA_TOKEN", valueFrom: { secretKeyRef: { name: "extra", key: "token" } } },
        ]);
        assert.deepStrictEqual(at(container, "resources"), {
            requests: { cpu: "100m", memory: "256Mi" },
            limits: { cpu: "1", memory: "512Mi" },
        });
        assert.deepStrictEqual(at(container, "ports"), [{ name: "monitor", containerPort: 24231, protocol: "TCP" }]);
        assert.strictEqual(at(container, "readinessProbe.periodSeconds"), 20);
        assert.strictEqual(at(container, "readinessProbe.timeoutSeconds"), 5);
        assert.strictEqual(at(container, "readinessProbe.httpGet.port"), 24231);
        assert.strictEqual(at(container, "livenessProbe.initialDelaySeconds"), 60);
        assert.strictEqual(at(container, "volumeMounts.1.mountPath"), "/var/log/pods");
        const cm = find(resources, CONFIGMAP, "logs-config").inputs;
        assert.strictEqual(key(cm, "data", "fluent.conf"), conf);
        assert.strictEqual(at(find(resources, ROLE, "logs-role").inputs, "metadata.name"), "logging-logs");
        assert.strictEqual(at(find(resources, SA, "logs-sa").inputs, "metadata.annotations.owner"), "platform");
    });

    it("uses the monitor port in the default config", async () => {
        const resources = await render(() => new LogCollector("fl", { elasticsearch: ES, monitorPort: 24444 }));
        assert.strictEqual(
            key(find(resources, CONFIGMAP, "fl-config").inputs, "data", "fluent.conf"),
            defaultFluentConf(24444),
        );
        assert.match(defaultFluentConf(24444), /port 24444/);
    });

    it("keeps two collectors in different namespaces apart", async () => {
        const resources = await render(() => {
            new LogCollector("fluentd", { elasticsearch: ES, namespace: "team-a" });
            new LogCollector("fluentd-b", { elasticsearch: ES, namespace: "team-b" });
        });
        const names = ofType(resources, ROLE).map((r) => at(r.inputs, "metadata.name"));
        assert.deepStrictEqual(names, ["team-a-fluentd", "team-b-fluentd-b"]);
    });

    it("takes the host and namespace as Outputs", async () => {
        const resources = await render(
            () =>
                new LogCollector("out", {
                    namespace: pulumi.output("observability"),
                    elasticsearch: { host: pulumi.output("es-http") },
                }),
        );
        const ds = find(resources, DAEMONSET, "out").inputs;
        // An Output-valued env value is never inlined: it is read from the component-owned `<name>-env` Secret.
        assert.deepStrictEqual(at(ds, "spec.template.spec.containers.0.env.0"), {
            name: "FLUENT_ELASTICSEARCH_HOST",
            valueFrom: { secretKeyRef: { name: "out-env", key: "FLUENT_ELASTICSEARCH_HOST" } },
        });
        const envSecret = find(resources, "kubernetes:core/v1:Secret", "out-env").inputs;
        // The engine receives the Secret's data marked secret (the secret signature), so it is encrypted in state.
        assert.strictEqual(at(envSecret, `stringData.${SECRET_SIG}`), SECRET_VALUE_SIG);
        assert.strictEqual(at(envSecret, "stringData.value.FLUENT_ELASTICSEARCH_HOST"), "es-http");
        assert.strictEqual(at(envSecret, "metadata.namespace"), "observability");
        assert.strictEqual(at(find(resources, ROLE, "out-role").inputs, "metadata.name"), "observability-out");
    });

    it("rejects bad input with messages that name the field, the value and the fix", () => {
        assert.deepStrictEqual(
            messages({
                elasticsearch: {
                    host: "http://es:9200",
                    port: 70000,
                    // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
                    scheme: "ftp",
                    passwordSecret: { secretName: "", key: "" },
                },
                namespace: "Kube_System",
                monitorPort: 0,
                fluentConf: " ",
                containerLogPath: "var/log",
                image: "fluent/fluentd:latest",
                // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
                imagePullPolicy: "Sometimes",
                maxUnavailable: "0",
                terminationGracePeriodSeconds: -1,
                env: { ES_PASSWORD: "hunter2" },
                resources: { memoryRequest: "1Gi", memoryLimit: "256Mi" },
                livenessProbe: { timeoutSeconds: 20 },
                exemptions: ["Host Path"],
            }),
            [
                `image must be pinned to a version tag or digest, not ":latest" (got "fluent/fluentd:latest"); for example "fluent/fluentd:1.2.3"`,
                `namespace must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (got "Kube_System"); use a name such as "shop"`,
                `imagePullPolicy must be one of "Always", "IfNotPresent", "Never" (got "Sometimes")`,
                `resources.memoryRequest must not exceed resources.memoryLimit (got request "1Gi" above limit "256Mi"); raise the limit or lower the request`,
                `terminationGracePeriodSeconds must be a whole number of at least 0 (got -1)`,
                `maxUnavailable must allow at least one node's agent to be replaced (got "0"); use "1" or a percentage such as "10%"`,
                `exemptions[0] must name a rule of the policy pack (got "Host Path"); for example "host-path-restricted"`,
                `exemptionReason is required when exemptions are given (got undefined for exemptions ["Host Path"]); say why the workload needs them`,
                `elasticsearch.host must be a bare host name without scheme, port or path (got "http://es:9200"); put the scheme in elasticsearch.scheme and the port in elasticsearch.port`,
                `elasticsearch.port must be a port number from 1 to 65535 (got 70000)`,
                `elasticsearch.scheme must be one of "http", "https" (got "ftp")`,
                `elasticsearch.passwordSecret.secretName is required (got ""); name the Secret that holds the value, for example "db-credentials"`,
                `elasticsearch.passwordSecret.key is required (got ""); name the key inside the Secret, for example "url"`,
                `monitorPort must be a port number from 1 to 65535 (got 0)`,
                `fluentConf must not be empty (got " "); leave it out for the default`,
                `containerLogPath must be an absolute host path (got "var/log"); for example "/var/lib/docker/containers"`,
                `env.ES_PASSWORD looks like a credential and must not be a literal value (got a 7-character literal); use secretEnv: [{ name: "ES_PASSWORD", secretName: "...", key: "..." }]`,
                `livenessProbe.timeoutSeconds must be below periodSeconds (got timeoutSeconds 20 with periodSeconds 10); lower the timeout or raise the period`,
            ],
        );
    });

    it("requires elasticsearch and its host", () => {
        assert.deepStrictEqual(messages({} as LogCollectorArgs), [
            `elasticsearch is required (got undefined); give { host: "elasticsearch-logging", port: 9200, scheme: "http" }`,
        ]);
        assert.deepStrictEqual(messages({ elasticsearch: { host: "" } }), [
            `elasticsearch.host is required (got ""); give the Elasticsearch host or Service name, for example "elasticsearch-logging"`,
        ]);
        assert.deepStrictEqual(messages({ elasticsearch: ES, exemptionReason: "because" }), [
            `exemptions must list the exempt policy rules when exemptionReason is set (got undefined); for example ["host-path-restricted"], or remove exemptionReason`,
        ]);
        assert.deepStrictEqual(messages({ elasticsearch: ES, image: "fluent/fluentd" }), [
            `image must be pinned to a version tag or digest, not untagged (got "fluent/fluentd"); for example "fluent/fluentd:1.2.3"`,
        ]);
        assert.deepStrictEqual(messages({ elasticsearch: ES, image: "" }), [
            `image is required (got ""); give a pinned image such as "alpine:3.20", or leave image out for the default`,
        ]);
        assert.deepStrictEqual(messages({ elasticsearch: ES, image: "fluent/fluentd@sha256:abc" }), []);
    });

    it("throws one error before creating any child", async () => {
        let message = "";
        const resources = await render(() => {
            message = validationError(() => new LogCollector("bad", { elasticsearch: { host: "es", port: 0 } }));
        });
        assert.strictEqual(
            message,
            `LogCollector "bad" has invalid args:\n  - elasticsearch.port must be a port number from 1 to 65535 (got 0)`,
        );
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("kubernetes:")),
            [],
        );
    });
});
