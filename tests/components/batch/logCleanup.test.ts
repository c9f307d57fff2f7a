import * as assert from "assert";
import { at, find, render, validationError, valueOf } from "../../harness/mocks";
import { LogCleanup, LogCleanupArgs } from "../../../components/batch/logCleanup";
import { cleanupScript, dockerPruneScript, validateLogCleanupArgs } from "../../../components/batch/logCleanupSpec";

const CRONJOB = "kubernetes:batch/v1:CronJob";

function messages(args: LogCleanupArgs): string[] {
    return validateLogCleanupArgs(args)
        .list()
        .map((p) => p.message);
}

describe("LogCleanup", () => {
    it("renders the guide's weekly cleanup without privileged mode, hostPID or the Docker socket", async () => {
        let cleanup: LogCleanup | undefined;
        const resources = await render(() => {
            cleanup = new LogCleanup("log-cleanup", { schedule: "0 0 * * 0", maxAgeDays: 30 });
        });
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => `${r.type} ${r.name}`),
            [`${CRONJOB} log-cleanup`],
        );
        const cron = find(resources, CRONJOB, "log-cleanup").inputs;
        assert.strictEqual(at(cron, "metadata.name"), "log-cleanup");
        assert.deepStrictEqual(at(cron, "metadata.annotations"), {
            "k8s-workloads.io/exempt": "host-path-restricted,volume-types-restricted",
            "k8s-workloads.io/exempt-reason":
                "log-cleanup deletes old log files under /var/log on the node, so it mounts that host directory writable",
        });
        const spec = at(cron, "spec");
        assert.strictEqual(at(spec, "schedule"), "0 0 * * 0");
        assert.strictEqual(at(spec, "concurrencyPolicy"), "Forbid");
        assert.strictEqual(at(spec, "startingDeadlineSeconds"), 600);
        assert.strictEqual(at(spec, "successfulJobsHistoryLimit"), 2);
        assert.strictEqual(at(spec, "failedJobsHistoryLimit"), 1);
        const job = at(spec, "jobTemplate.spec");
        assert.strictEqual(at(job, "completions"), 1);
        assert.strictEqual(at(job, "parallelism"), 1);
        assert.strictEqual(at(job, "backoffLimit"), 2);
        assert.strictEqual(at(job, "activeDeadlineSeconds"), 1800);
        assert.strictEqual(at(job, "ttlSecondsAfterFinished"), 86400);
        const pod = at(job, "template.spec");
        assert.strictEqual(at(pod, "restartPolicy"), "OnFailure");
        assert.strictEqual(at(pod, "hostPID"), undefined);
        assert.strictEqual(at(pod, "hostNetwork"), undefined);
        assert.strictEqual(at(pod, "affinity"), undefined);
        assert.deepStrictEqual(at(pod, "volumes"), [
            { name: "varlog", hostPath: { path: "/var/log", type: "Directory" } },
        ]);
        assert.strictEqual((at(pod, "containers") as unknown[]).length, 1);
        const container = at(pod, "containers.0");
        assert.strictEqual(at(container, "name"), "log-cleanup");
        assert.strictEqual(at(container, "image"), "alpine:3.20");
        assert.deepStrictEqual(at(container, "command"), ["/bin/sh", "-c", cleanupScript("/var/log", 30, 90)]);
        assert.deepStrictEqual(at(container, "env"), [
            { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
        ]);
        assert.deepStrictEqual(at(container, "volumeMounts"), [{ name: "varlog", mountPath: "/var/log" }]);
        assert.deepStrictEqual(at(container, "securityContext"), {
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
            readOnlyRootFilesystem: true,
        });
        assert.deepStrictEqual(at(pod, "securityContext"), { seccompProfile: { type: "RuntimeDefault" } });
        assert.deepStrictEqual(at(container, "resources"), {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "200m", memory: "256Mi" },
        });
        assert.strictEqual(at(container, "readinessProbe"), undefined);
        assert.ok(!JSON.stringify(cron).includes("docker"));
        assert.ok(cleanup);
        assert.strictEqual(await valueOf(cleanup.cronJobName), "log-cleanup");
    });

    it("runs the guide's find commands for logs and archives", () => {
        assert.strictEqual(
            cleanupScript("/var/log", 30, 90),
            [
                "set -eu",
                `echo "log-cleanup on node $NODE_NAME: *.log older than 30 days and *.gz older than 90 days under /var/log"`,
                `find /var/log -xdev -type f -name "*.log" -mtime +30 -print -exec rm -f {} +`,
                `find /var/log -xdev -type f -name "*.gz" -mtime +90 -print -exec rm -f {} +`,
                "",
            ].join("\n"),
        );
    });

    it("defaults to the guide's schedule and ages", async () => {
        const resources = await render(() => new LogCleanup("lc", {}));
        const cron = find(resources, CRONJOB, "lc").inputs;
        assert.strictEqual(at(cron, "spec.schedule"), "0 0 * * 0");
        assert.deepStrictEqual(at(cron, "spec.jobTemplate.spec.template.spec.containers.0.command"), [
            "/bin/sh",
            "-c",
            cleanupScript("/var/log", 30, 90),
        ]);
    });

    it("adds the Docker prune only on opt-in, and then declares no exemption of its own", async () => {
        const resources = await render(() => new LogCleanup("prune", { maxAgeDays: 14, dockerPrune: true }));
        const cron = find(resources, CRONJOB, "prune").inputs;
        assert.strictEqual(at(cron, "metadata.annotations"), undefined);
        const pod = at(cron, "spec.jobTemplate.spec.template.spec");
        assert.deepStrictEqual(at(pod, "volumes"), [
            { name: "varlog", hostPath: { path: "/var/log", type: "Directory" } },
            { name: "dockersock", hostPath: { path: "/var/run/docker.sock", type: "Socket" } },
            { name: "dockercontainers", hostPath: { path: "/var/lib/docker/containers", type: "Directory" } },
        ]);
        const docker = at(pod, "containers.1");
        assert.strictEqual(at(docker, "name"), "docker-prune");
        assert.strictEqual(at(docker, "image"), "docker:27.3.1-cli");
        assert.deepStrictEqual(at(docker, "command"), ["/bin/sh", "-c", dockerPruneScript("168h", 14)]);
        assert.deepStrictEqual(at(docker, "volumeMounts"), [
            { name: "dockersock", mountPath: "/var/run/docker.sock" },
            { name: "dockercontainers", mountPath: "/var/lib/docker/containers" },
        ]);
        assert.strictEqual(at(docker, "securityContext.privileged"), false);
        assert.strictEqual(at(pod, "hostPID"), undefined);
        assert.strictEqual(
            dockerPruneScript("168h", 14),
            [
                "set -eu",
                `docker system prune -f --filter "until=168h"`,
                `find /var/lib/docker/containers -xdev -type f -name "*.log" -mtime +14 -print -exec rm -f {} +`,
                "",
            ].join("\n"),
        );
    });

    it("carries only the exemption the user states with the Docker prune", async () => {
        const resources = await render(
            () =>
                new LogCleanup("prune2", {
                    dockerPrune: true,
                    dockerPruneUntil: "72h",
                    dockerImage: "docker:27.4.0-cli",
                    exemptions: ["host-path-restricted"],
                    exemptionReason: "Docker nodes only; reviewed by SRE",
                }),
        );
        const cron = find(resources, CRONJOB, "prune2").inputs;
        assert.deepStrictEqual(at(cron, "metadata.annotations"), {
            "k8s-workloads.io/exempt": "host-path-restricted",
            "k8s-workloads.io/exempt-reason": "Docker nodes only; reviewed by SRE",
        });
        const docker = at(cron, "spec.jobTemplate.spec.template.spec.containers.1");
        assert.strictEqual(at(docker, "image"), "docker:27.4.0-cli");
        assert.deepStrictEqual(at(docker, "command"), ["/bin/sh", "-c", dockerPruneScript("72h", 30)]);
    });

    it("spreads a run over distinct nodes with nodeCount", async () => {
        const resources = await render(
            () =>
                new LogCleanup("every-node", {
                    nodeCount: 4,
                    tolerations: [{ operator: "Exists", effect: "NoSchedule" }],
                    affinity: {
                        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
                    },
                }),
        );
        const job = at(find(resources, CRONJOB, "every-node").inputs, "spec.jobTemplate.spec");
        assert.strictEqual(at(job, "completions"), 4);
        assert.strictEqual(at(job, "parallelism"), 4);
        const pod = at(job, "template.spec");
        assert.deepStrictEqual(at(pod, "tolerations"), [{ operator: "Exists", effect: "NoSchedule" }]);
        assert.deepStrictEqual(at(pod, "affinity"), {
            nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
            podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                    {
                        topologyKey: "kubernetes.io/hostname",
                        labelSelector: {
                            matchLabels: { app: "every-node", "app.kubernetes.io/instance": "every-node" },
                        },
                        matchLabelKeys: ["batch.kubernetes.io/controller-uid"],
                    },
                ],
            },
        });
    });

    it("applies every other option", async () => {
        const resources = await render(
            () =>
                new LogCleanup("custom", {
                    schedule: "30 3 * * SUN",
                    timeZone: "Etc/UTC",
                    maxAgeDays: 7,
                    archiveMaxAgeDays: 30,
                    logPath: "/var/log/apps",
                    image: "busybox:1.36",
                    namespace: "ops",
                    successfulJobsHistoryLimit: 1,
                    backoffLimit: 0,
                    activeDeadlineSeconds: 300,
                    resources: { memoryLimit: "64Mi", memoryRequest: "32Mi" },
                    exemptions: ["run-as-non-root"],
                    exemptionReason: "deletes root-owned files",
                    nodeSelector: { "kubernetes.io/hostname": "node-1" },
                    security: { runAsNonRoot: true, runAsUser: 1000 },
                }),
        );
        const cron = find(resources, CRONJOB, "custom").inputs;
        assert.strictEqual(at(cron, "metadata.namespace"), "ops");
        assert.deepStrictEqual(at(cron, "metadata.annotations"), {
            "k8s-workloads.io/exempt": "host-path-restricted,volume-types-restricted,run-as-non-root",
            "k8s-workloads.io/exempt-reason":
                "log-cleanup deletes old log files under /var/log/apps on the node, so it mounts that host directory writable; deletes root-owned files",
        });
        assert.strictEqual(at(cron, "spec.schedule"), "30 3 * * SUN");
        assert.strictEqual(at(cron, "spec.timeZone"), "Etc/UTC");
        assert.strictEqual(at(cron, "spec.successfulJobsHistoryLimit"), 1);
        assert.strictEqual(at(cron, "spec.jobTemplate.spec.backoffLimit"), 0);
        assert.strictEqual(at(cron, "spec.jobTemplate.spec.activeDeadlineSeconds"), 300);
        const pod = at(cron, "spec.jobTemplate.spec.template.spec");
        assert.deepStrictEqual(at(pod, "nodeSelector"), { "kubernetes.io/hostname": "node-1" });
        assert.strictEqual(at(pod, "securityContext.runAsNonRoot"), true);
        assert.strictEqual(at(pod, "containers.0.securityContext.runAsUser"), 1000);
        assert.strictEqual(at(pod, "containers.0.securityContext.readOnlyRootFilesystem"), true);
        assert.deepStrictEqual(at(pod, "volumes"), [
            { name: "varlog", hostPath: { path: "/var/log/apps", type: "Directory" } },
        ]);
        const container = at(pod, "containers.0");
        assert.strictEqual(at(container, "image"), "busybox:1.36");
        assert.deepStrictEqual(at(container, "command"), ["/bin/sh", "-c", cleanupScript("/var/log/apps", 7, 30)]);
        assert.deepStrictEqual(at(container, "resources.limits"), { cpu: "200m", memory: "64Mi" });
    });

    it("rejects a bad schedule and ages below 1", () => {
        assert.deepStrictEqual(messages({ schedule: "0 0 * * SUNDAY", maxAgeDays: 0, archiveMaxAgeDays: -5 }), [
            `schedule must be a 5-field cron expression "minute hour day-of-month month day-of-week" or a macro such as "@daily" (got "0 0 * * SUNDAY": day-of-week value "SUNDAY" is not a number or a name such as SUN); for example "0 2 * * *" runs daily at 02:00`,
            `maxAgeDays must be a whole number of days, at least 1 (got 0); for example 30`,
            `archiveMaxAgeDays must be a whole number of days, at least 1 (got -5); for example 90`,
        ]);
    });

    it("rejects bad paths, images, prune settings and node counts", () => {
        assert.deepStrictEqual(
            messages({
                logPath: "/var/log; rm -rf /",
                image: "alpine:latest",
                dockerPruneUntil: "1 week",
                dockerImage: "docker",
                nodeCount: 0,
            }),
            [
                `logPath must be an absolute path of letters, digits, '.', '_', '-' and '/' (got "/var/log; rm -rf /"); for example "/var/log"`,
                `image must be pinned to a version tag or digest, not ":latest" (got "alpine:latest"); for example "alpine:1.2.3"`,
                `dockerPruneUntil must be a duration in hours, minutes or seconds (got "1 week"); for example "168h"`,
                `dockerPrune must be true for dockerPruneUntil or dockerImage to apply (got undefined); set dockerPrune: true, or remove them`,
                `dockerImage must be pinned to a version tag or digest, not untagged (got "docker"); for example "docker:1.2.3"`,
                `nodeCount must be a whole number of at least 1 (got 0); use 1 for a single pod, or the number of nodes`,
            ],
        );
        assert.deepStrictEqual(messages({ appName: "Log Cleanup" }), [
            `appName must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (got "Log Cleanup"); use a name such as "webapp"`,
        ]);
        assert.deepStrictEqual(messages({ logPath: "/" }), [
            `logPath must not be the root directory (got "/"); give the log directory, for example "/var/log"`,
        ]);
    });

    it("throws one error before creating any child", async () => {
        let message = "";
        const resources = await render(() => {
            message = validationError(() => new LogCleanup("bad", { schedule: "@fortnightly", maxAgeDays: 0 }));
        });
        assert.strictEqual(
            message,
            [
                `LogCleanup "bad" has invalid args:`,
                `  - schedule must be a 5-field cron expression "minute hour day-of-month month day-of-week" or a macro such as "@daily" (got "@fortnightly": unknown macro "@fortnightly"; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly); for example "0 2 * * *" runs daily at 02:00`,
                `  - maxAgeDays must be a whole number of days, at least 1 (got 0); for example 30`,
            ].join("\n"),
        );
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("kubernetes:")),
            [],
        );
    });
});
