/**
 * Every rule against passing objects and one failing object per condition, each built from a happy path with one
 * field changed.
 */
import * as assert from "assert";
import { K8sObject } from "../../policies/lib/objects";
import { JsonObject, UNKNOWN, obj, path } from "../../policies/lib/values";
import { RULE_NAMES } from "../../policies/names";
import { ALL_RULES } from "../../policies/rules";
import {
    changed,
    findings,
    goodCronJob,
    goodDaemonSet,
    goodDeployment,
    goodJob,
    goodPdb,
    goodPod,
    goodService,
    goodSet,
    goodStatefulSet,
} from "./helpers";

/** The first container of a workload's pod template. */
function c0(o: JsonObject): JsonObject {
    const spec = podSpec(o);
    const first = obj((spec.containers as unknown[])[0]);
    if (first === undefined) {
        throw new Error("no container");
    }
    return first;
}

function podSpec(o: JsonObject): JsonObject {
    const kind = String(o.kind);
    const spec =
        kind === "Pod"
            ? o.spec
            : kind === "CronJob"
              ? path(o, "spec", "jobTemplate", "spec", "template", "spec")
              : path(o, "spec", "template", "spec");
    const found = obj(spec);
    if (found === undefined) {
        throw new Error("no pod spec");
    }
    return found;
}

function sc(o: JsonObject): JsonObject {
    const c = c0(o);
    const s = obj(c.securityContext) ?? {};
    c.securityContext = s;
    return s;
}

function dspec(o: JsonObject): JsonObject {
    const s = obj(o.spec);
    if (s === undefined) {
        throw new Error("no spec");
    }
    return s;
}

interface Case {
    readonly name: string;
    readonly objects: () => K8sObject | K8sObject[];
    /** Expected number of findings (default 1). */
    readonly count?: number;
    /** A fragment every finding message must contain. */
    readonly message?: string;
    readonly config?: JsonObject;
}

const D = goodDeployment;

const FAILING: Readonly<Record<string, readonly Case[]>> = {
    "readiness-probe-required": [
        {
            name: "Deployment container without readinessProbe",
            objects: () => changed(D(), (d) => delete c0(d).readinessProbe),
            message: "readinessProbe",
        },
        { name: "StatefulSet", objects: () => changed(goodStatefulSet(), (d) => delete c0(d).readinessProbe) },
        { name: "DaemonSet", objects: () => changed(goodDaemonSet(), (d) => delete c0(d).readinessProbe) },
        { name: "restarting Pod", objects: () => changed(goodPod(), (d) => delete c0(d).readinessProbe) },
    ],
    "liveness-probe-required": [
        {
            name: "Deployment container without livenessProbe",
            objects: () => changed(D(), (d) => delete c0(d).livenessProbe),
            message: "livenessProbe",
        },
        {
            name: "second container",
            objects: () =>
                changed(D(), (d) =>
                    (podSpec(d).containers as unknown[]).push({ ...c0(d), name: "side", livenessProbe: null }),
                ),
        },
    ],
    "probe-sanity": [
        {
            name: "liveness identical to readiness",
            objects: () => changed(D(), (d) => (c0(d).livenessProbe = c0(d).readinessProbe)),
            message: "identical",
        },
        {
            name: "timeout >= period",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).readinessProbe = {
                            httpGet: { path: "/ready", port: "http" },
                            periodSeconds: 5,
                            timeoutSeconds: 5,
                        }),
                ),
            message: "timeoutSeconds",
        },
        {
            name: "timeout >= default period",
            objects: () =>
                changed(D(), (d) => (c0(d).livenessProbe = { tcpSocket: { port: 8080 }, timeoutSeconds: 10 })),
            message: "periodSeconds (10)",
        },
        {
            name: "named port missing",
            objects: () =>
                changed(
                    D(),
                    (d) => (c0(d).readinessProbe = { httpGet: { path: "/ready", port: "metrics" }, periodSeconds: 5 }),
                ),
            message: '"metrics"',
        },
        {
            name: "host field",
            objects: () =>
                changed(
                    D(),
                    (d) => (c0(d).readinessProbe = { httpGet: { path: "/ready", port: 8080, host: "10.0.0.1" } }),
                ),
            message: "host",
        },
        {
            name: "init sidecar probe port",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (podSpec(d).initContainers = [
                            { ...c0(d), name: "sidecar", restartPolicy: "Always", ports: [], livenessProbe: undefined },
                        ]),
                ),
            message: '"http"',
        },
    ],
    "resource-requests-required": [
        {
            name: "no cpu request",
            objects: () => changed(D(), (d) => delete (c0(d).resources as JsonObject).requests),
            message: "cpu or memory",
        },
        {
            name: "no memory request",
            objects: () =>
                changed(
                    D(),
                    (d) => (c0(d).resources = { requests: { cpu: "100m" }, limits: { memory: "1Gi", cpu: "1" } }),
                ),
            message: "memory",
        },
        {
            name: "init container without requests",
            objects: () => changed(D(), (d) => (podSpec(d).initContainers = [{ name: "init", image: "busybox:1.36" }])),
        },
        { name: "CronJob container", objects: () => changed(goodCronJob(), (d) => delete c0(d).resources) },
    ],
    "memory-limit-required": [
        {
            name: "no memory limit",
            objects: () => changed(D(), (d) => ((c0(d).resources as JsonObject).limits = { cpu: "200m" })),
            message: "limits.memory",
        },
        { name: "Job container", objects: () => changed(goodJob(), (d) => delete c0(d).resources) },
    ],
    "cpu-limit": [
        {
            name: "require: no cpu limit",
            objects: () => changed(D(), (d) => ((c0(d).resources as JsonObject).limits = { memory: "256Mi" })),
        },
        { name: "forbid: cpu limit set", objects: () => D(), config: { mode: "forbid" }, message: "forbids" },
    ],
    "resource-bounds": [
        {
            name: "cpu request over max",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).resources = {
                            requests: { cpu: "6", memory: "1Gi" },
                            limits: { cpu: "7", memory: "1Gi" },
                        }),
                ),
            message: "maxCpuRequest",
        },
        {
            name: "memory limit over max",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).resources = {
                            requests: { cpu: "1", memory: "8Gi" },
                            limits: { cpu: "1", memory: "20Gi" },
                        }),
                ),
            message: "maxMemoryLimit",
        },
        {
            name: "limit below request",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).resources = {
                            requests: { cpu: "1", memory: "1Gi" },
                            limits: { cpu: "500m", memory: "1Gi" },
                        }),
                ),
            message: "below",
        },
        {
            name: "ratio",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).resources = {
                            requests: { cpu: "100m", memory: "64Mi" },
                            limits: { cpu: "200m", memory: "1Gi" },
                        }),
                ),
            message: "ratio",
        },
        {
            name: "invalid quantity",
            objects: () =>
                changed(
                    D(),
                    (d) => (c0(d).resources = { requests: { cpu: "lots", memory: "1Gi" }, limits: { memory: "1Gi" } }),
                ),
            message: "not a valid quantity",
        },
        {
            name: "configured max",
            objects: () => D(),
            config: { maxMemoryLimit: "128Mi" },
            message: "maxMemoryLimit 128Mi",
        },
    ],
    "image-tag-pinned": [
        { name: ":latest", objects: () => changed(D(), (d) => (c0(d).image = "nginx:latest")), message: ":latest" },
        {
            name: "no tag",
            objects: () => changed(D(), (d) => (c0(d).image = "registry:5000/team/web")),
            message: "no tag",
        },
        { name: "no image", objects: () => changed(D(), (d) => delete c0(d).image) },
        {
            name: "ephemeral container",
            objects: () =>
                changed(goodPod(), (d) => (podSpec(d).ephemeralContainers = [{ name: "debug", image: "busybox" }])),
        },
    ],
    "allowed-registries": [
        {
            name: "docker hub image",
            objects: () => changed(D(), (d) => (c0(d).image = "nginx:1.27")),
            config: { registries: ["registry.example.com/team"] },
            message: "not from an allowed registry",
        },
        {
            name: "prefix must end at a path boundary",
            objects: () => D(),
            config: { registries: ["registry.example.com/te"] },
        },
    ],
    "no-privileged": [
        { name: "privileged", objects: () => changed(D(), (d) => (sc(d).privileged = true)), message: "privileged" },
    ],
    "no-host-namespaces": [
        { name: "hostPID", objects: () => changed(D(), (d) => (podSpec(d).hostPID = true)), message: "hostPID" },
        { name: "hostIPC", objects: () => changed(D(), (d) => (podSpec(d).hostIPC = true)), message: "hostIPC" },
        {
            name: "hostNetwork",
            objects: () => changed(D(), (d) => (podSpec(d).hostNetwork = true)),
            message: "hostNetwork",
        },
    ],
    "host-path-restricted": [
        {
            name: "hostPath not allowed",
            objects: () =>
                changed(D(), (d) => (podSpec(d).volumes = [{ name: "logs", hostPath: { path: "/var/log" } }])),
            message: "not on allowedHostPaths",
        },
        {
            name: "allowed path mounted read-write",
            config: { allowedHostPaths: ["/var/log"] },
            objects: () =>
                changed(D(), (d) => {
                    podSpec(d).volumes = [{ name: "logs", hostPath: { path: "/var/log/pods" } }];
                    c0(d).volumeMounts = [{ name: "logs", mountPath: "/logs" }];
                }),
            message: "read-write",
        },
        {
            name: "runtime socket even when allowed",
            config: { allowedHostPaths: ["/"] },
            objects: () =>
                changed(
                    D(),
                    (d) => (podSpec(d).volumes = [{ name: "sock", hostPath: { path: "/var/run/docker.sock" } }]),
                ),
            message: "container-runtime socket",
        },
        {
            name: "containerd socket dir",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (podSpec(d).volumes = [
                            { name: "sock", hostPath: { path: "/run/containerd/containerd.sock" } },
                        ]),
                ),
            message: "socket",
        },
    ],
    "host-ports-restricted": [
        {
            name: "hostPort",
            objects: () => changed(D(), (d) => (c0(d).ports = [{ name: "http", containerPort: 8080, hostPort: 8080 }])),
            message: "hostPort 8080",
        },
        {
            name: "outside allowed range",
            config: { allowedHostPorts: ["9000-9099"] },
            objects: () => changed(D(), (d) => (c0(d).ports = [{ name: "http", containerPort: 9100, hostPort: 9100 }])),
        },
    ],
    "no-privilege-escalation": [
        {
            name: "unset",
            objects: () => changed(D(), (d) => delete sc(d).allowPrivilegeEscalation),
            message: "defaults to true",
        },
        { name: "true", objects: () => changed(D(), (d) => (sc(d).allowPrivilegeEscalation = true)), message: "true" },
        {
            name: "init container without securityContext",
            objects: () =>
                changed(
                    D(),
                    (d) => (podSpec(d).initContainers = [{ ...c0(d), name: "init", securityContext: undefined }]),
                ),
            count: 1,
        },
    ],
    "capabilities-restricted": [
        {
            name: "no drop ALL",
            objects: () => changed(D(), (d) => (sc(d).capabilities = { drop: ["NET_RAW"] })),
            message: "drop ALL",
        },
        { name: "no capabilities at all", objects: () => changed(D(), (d) => delete sc(d).capabilities) },
        {
            name: "adds SYS_ADMIN",
            objects: () =>
                changed(D(), (d) => (sc(d).capabilities = { drop: ["ALL"], add: ["SYS_ADMIN", "NET_BIND_SERVICE"] })),
            message: "SYS_ADMIN",
        },
    ],
    "seccomp-required": [
        {
            name: "neither pod nor container",
            objects: () =>
                changed(D(), (d) => {
                    delete sc(d).seccompProfile;
                    delete (podSpec(d).securityContext as JsonObject).seccompProfile;
                }),
            message: "no seccompProfile",
        },
        {
            name: "container Unconfined overrides pod",
            objects: () => changed(D(), (d) => (sc(d).seccompProfile = { type: "Unconfined" })),
            message: "Unconfined",
        },
    ],
    "run-as-non-root": [
        {
            name: "not set anywhere",
            objects: () =>
                changed(D(), (d) => {
                    delete sc(d).runAsNonRoot;
                    delete (podSpec(d).securityContext as JsonObject).runAsNonRoot;
                }),
            message: "runAsNonRoot",
        },
        {
            name: "container false overrides pod",
            objects: () => changed(D(), (d) => (sc(d).runAsNonRoot = false)),
            message: "false",
        },
        { name: "runAsUser 0", objects: () => changed(D(), (d) => (sc(d).runAsUser = 0)), message: "runAsUser: 0" },
    ],
    "read-only-root-filesystem": [
        { name: "writable root", objects: () => changed(D(), (d) => delete sc(d).readOnlyRootFilesystem) },
    ],
    "no-plaintext-secrets": [
        {
            name: "literal password",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "DB_PASSWORD", value: "hunter2" }])),
            message: "DB_PASSWORD",
        },
        {
            name: "literal API token",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "GITHUB_API_TOKEN", value: "ghp_x" }])),
        },
        {
            name: "AWS secret key",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "AWS_SECRET_ACCESS_KEY", value: "abc" }])),
        },
        {
            name: "empty password",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "MYSQL_ROOT_PASSWORD", value: "" }])),
            message: "empty",
        },
        {
            name: "MYSQL_ALLOW_EMPTY_PASSWORD",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "MYSQL_ALLOW_EMPTY_PASSWORD", value: "1" }])),
            message: "disables authentication",
        },
        {
            name: "POSTGRES_HOST_AUTH_METHOD=trust",
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "POSTGRES_HOST_AUTH_METHOD", value: "trust" }])),
        },
        {
            name: "extra pattern",
            config: { extraSecretNamePatterns: ["^LICENSE$"] },
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "LICENSE", value: "abc" }])),
        },
    ],
    "unsafe-pod-options": [
        {
            name: "unsafe sysctl",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        ((podSpec(d).securityContext as JsonObject).sysctls = [{ name: "kernel.msgmax", value: "1" }]),
                ),
            message: "kernel.msgmax",
        },
        { name: "procMount Unmasked", objects: () => changed(D(), (d) => (sc(d).procMount = "Unmasked")) },
        {
            name: "AppArmor Unconfined",
            objects: () => changed(D(), (d) => (sc(d).appArmorProfile = { type: "Unconfined" })),
        },
        { name: "SELinux type", objects: () => changed(D(), (d) => (sc(d).seLinuxOptions = { type: "spc_t" })) },
    ],
    "selector-matches-template": [
        {
            name: "selector does not match",
            objects: () => changed(D(), (d) => (dspec(d).selector = { matchLabels: { app: "other" } })),
            message: "does not match",
        },
        {
            name: "missing selector",
            objects: () => changed(D(), (d) => delete dspec(d).selector),
            message: "no spec.selector",
        },
        { name: "empty selector", objects: () => changed(D(), (d) => (dspec(d).selector = {})), message: "empty" },
        {
            name: "matchExpressions NotIn",
            objects: () =>
                changed(
                    goodStatefulSet(),
                    (d) =>
                        (dspec(d).selector = { matchExpressions: [{ key: "app", operator: "NotIn", values: ["db"] }] }),
                ),
        },
        {
            name: "Job with manualSelector",
            objects: () =>
                changed(goodJob(), (d) =>
                    Object.assign(dspec(d), { manualSelector: true, selector: { matchLabels: { job: "x" } } }),
                ),
        },
    ],
    "rollout-parameters-valid": [
        {
            name: "maxSurge and maxUnavailable both 0",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (dspec(d).strategy = {
                            type: "RollingUpdate",
                            rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" },
                        }),
                ),
            message: "both 0",
        },
        {
            name: "maxUnavailable not below replicas",
            objects: () =>
                changed(D(), (d) => (dspec(d).strategy = { rollingUpdate: { maxSurge: 1, maxUnavailable: 3 } })),
            message: "every pod down",
        },
        {
            name: "maxUnavailable 100%",
            objects: () => changed(D(), (d) => (dspec(d).strategy = { rollingUpdate: { maxUnavailable: "100%" } })),
        },
        {
            name: "malformed maxSurge",
            objects: () =>
                changed(D(), (d) => (dspec(d).strategy = { rollingUpdate: { maxSurge: "two", maxUnavailable: 1 } })),
            message: "neither an integer",
        },
        {
            name: "Recreate with rollingUpdate",
            objects: () =>
                changed(D(), (d) => (dspec(d).strategy = { type: "Recreate", rollingUpdate: { maxSurge: 1 } })),
        },
        {
            name: "progressDeadlineSeconds <= minReadySeconds",
            objects: () =>
                changed(D(), (d) => Object.assign(dspec(d), { minReadySeconds: 60, progressDeadlineSeconds: 30 })),
        },
        {
            name: "StatefulSet partition > replicas",
            objects: () =>
                changed(
                    goodStatefulSet(),
                    (d) => (dspec(d).updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: 5 } }),
                ),
            message: "partition",
        },
        {
            name: "DaemonSet maxSurge and maxUnavailable 0",
            objects: () =>
                changed(
                    goodDaemonSet(),
                    (d) => (dspec(d).updateStrategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }),
                ),
        },
        {
            name: "DaemonSet maxUnavailable 100%",
            objects: () =>
                changed(
                    goodDaemonSet(),
                    (d) => (dspec(d).updateStrategy = { rollingUpdate: { maxUnavailable: "100%" } }),
                ),
            message: "every node",
        },
    ],
    "min-replicas": [
        { name: "one replica", objects: () => [changed(D(), (d) => (dspec(d).replicas = 1))], message: "replicas 1" },
        { name: "replicas unset (1)", objects: () => [changed(goodStatefulSet(), (d) => delete dspec(d).replicas)] },
        { name: "configured minimum", config: { minReplicas: 5 }, objects: () => [D()] },
        {
            name: "HPA with minReplicas 1",
            objects: () => [
                changed(D(), (d) => (dspec(d).replicas = 1)),
                {
                    apiVersion: "autoscaling/v2",
                    kind: "HorizontalPodAutoscaler",
                    metadata: { name: "web", namespace: "apps" },
                    spec: {
                        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
                        maxReplicas: 5,
                    },
                },
            ],
            message: "minReplicas 1",
        },
    ],
    "pdb-required": [
        { name: "replicated Deployment without PDB", objects: () => [D()], message: "no PodDisruptionBudget" },
        {
            name: "the live blue-green color without PDB",
            objects: () => [
                ...blueGreen(),
                goodService("web-live", { app: "web", version: "green" }, { "k8s-workloads.io/role": "live" }),
            ],
            message: "3 replicas",
        },
        {
            name: "PDB in another namespace",
            objects: () => [D(), changed(goodPdb(), (p) => ((p.metadata as JsonObject).namespace = "other"))],
        },
        {
            name: "PDB maxUnavailable 0",
            objects: () => [D(), changed(goodPdb(), (p) => ((p.spec as JsonObject).maxUnavailable = 0))],
            message: "blocks every voluntary eviction",
        },
        {
            name: "PDB minAvailable = replicas",
            objects: () => [
                D(),
                changed(goodPdb(), (p) => (p.spec = { minAvailable: 3, selector: { matchLabels: { app: "web" } } })),
            ],
            message: "not below",
        },
        {
            name: "PDB minAvailable 100%",
            objects: () => [
                D(),
                changed(
                    goodPdb(),
                    (p) => (p.spec = { minAvailable: "100%", selector: { matchLabels: { app: "web" } } }),
                ),
            ],
        },
    ],
    "batch-limits": [
        {
            name: "Job without backoffLimit",
            objects: () => changed(goodJob(), (j) => delete dspec(j).backoffLimit),
            message: "backoffLimit",
        },
        {
            name: "Job without activeDeadlineSeconds",
            objects: () => changed(goodJob(), (j) => delete dspec(j).activeDeadlineSeconds),
            message: "activeDeadlineSeconds",
        },
        {
            name: "Job without ttlSecondsAfterFinished",
            objects: () => changed(goodJob(), (j) => delete dspec(j).ttlSecondsAfterFinished),
            message: "ttlSecondsAfterFinished",
        },
        {
            name: "CronJob without concurrencyPolicy",
            objects: () => changed(goodCronJob(), (j) => delete dspec(j).concurrencyPolicy),
            message: "concurrencyPolicy",
        },
        {
            name: "CronJob concurrencyPolicy Allow",
            objects: () => changed(goodCronJob(), (j) => (dspec(j).concurrencyPolicy = "Allow")),
        },
        {
            name: "CronJob without startingDeadlineSeconds",
            objects: () => changed(goodCronJob(), (j) => delete dspec(j).startingDeadlineSeconds),
        },
        {
            name: "CronJob without history limits",
            objects: () => changed(goodCronJob(), (j) => delete dspec(j).failedJobsHistoryLimit),
            message: "failedJobsHistoryLimit",
        },
        {
            name: "CronJob jobTemplate without backoffLimit",
            objects: () =>
                changed(
                    goodCronJob(),
                    (j) => delete (path(j, "spec", "jobTemplate", "spec") as JsonObject).backoffLimit,
                ),
            message: "jobTemplate.spec.backoffLimit",
        },
    ],
    "progressive-delivery-consistency": [
        {
            name: "live Service selects both colors",
            objects: () => [
                ...blueGreen(),
                goodService("web-live", { app: "web" }, { "k8s-workloads.io/role": "live" }),
            ],
            message: "exactly one color",
        },
        {
            name: "live Service selects a color that does not exist",
            objects: () => [
                blueGreen()[0],
                goodService("web-live", { app: "web", version: "green" }, { "k8s-workloads.io/role": "live" }),
            ],
            message: '"green"',
        },
        {
            name: "unannotated Service selecting a missing color",
            objects: () => [goodService("web", { app: "web", version: "blue" })],
        },
        {
            name: "canary Ingress weight over the maximum",
            config: { maxCanaryWeight: 50 },
            objects: () => [canaryIngress("60")],
            message: "exceeds the maximum 50%",
        },
        {
            name: "canary weight over the environment maximum",
            config: { maxCanaryWeightByEnvironment: { prod: 10 } },
            objects: () => [canaryIngress("20")],
            message: "maximum 10%",
        },
        { name: "invalid canary weight", objects: () => [canaryIngress("abc")] },
        {
            name: "Istio canary weight",
            config: { maxCanaryWeight: 20 },
            objects: () => [virtualService(70, 30)],
            message: "30%",
        },
        {
            name: "variants differ in probes",
            objects: () => [variant("a"), changed(variant("b"), (d) => delete c0(d).livenessProbe)],
            message: "livenessProbe",
        },
        {
            name: "canary differs in resources",
            objects: () => [
                canaryVersion("stable"),
                changed(canaryVersion("canary"), (d) => (c0(d).resources = { requests: { cpu: "1", memory: "1Gi" } })),
            ],
            message: "resources",
        },
    ],
    "service-targets-workload": [
        {
            name: "selector matches nothing",
            objects: () => [D(), goodService("web", { app: "wbe" })],
            message: "matches no workload",
        },
        {
            name: "other namespace",
            objects: () => [D(), changed(goodService(), (s) => ((s.metadata as JsonObject).namespace = "other"))],
        },
    ],
    "exemption-reason-required": [
        {
            name: "exemption without reason",
            objects: () => exempt(D(), "run-as-non-root", undefined),
            message: "no k8s-workloads.io/exempt-reason",
        },
        { name: "blank reason", objects: () => exempt(D(), "run-as-non-root", "  ") },
        { name: "blanket exemption", objects: () => exempt(D(), "*", "everything"), message: "blanket" },
        {
            name: "unknown rule",
            objects: () => exempt(D(), "no-privileged,no-such-rule", "typo"),
            message: "no-such-rule",
        },
    ],
};

function exempt(o: K8sObject, rules: string, reason: string | undefined): K8sObject {
    return changed(o, (d) => {
        const meta = d.metadata as JsonObject;
        meta.annotations = {
            "k8s-workloads.io/exempt": rules,
            ...(reason === undefined ? {} : { "k8s-workloads.io/exempt-reason": reason }),
        };
    });
}

function colored(color: string): K8sObject {
    return changed(D(`web-${color}`), (d) => {
        (path(d, "spec", "selector", "matchLabels") as JsonObject).version = color;
        (path(d, "spec", "template", "metadata", "labels") as JsonObject).version = color;
    });
}

function blueGreen(): K8sObject[] {
    return [colored("blue"), colored("green")];
}

function variant(name: string): K8sObject {
    return changed(D(`web-${name}`), (d) => {
        (path(d, "spec", "selector", "matchLabels") as JsonObject).variant = name;
        (path(d, "spec", "template", "metadata", "labels") as JsonObject).variant = name;
    });
}

function canaryVersion(version: string): K8sObject {
    return colored(version);
}

function canaryIngress(weight: string): K8sObject {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: {
            name: "web-canary",
            namespace: "apps",
            annotations: {
                "nginx.ingress.kubernetes.io/canary": "true",
                "nginx.ingress.kubernetes.io/canary-weight": weight,
            },
        },
        spec: { rules: [] },
    };
}

function virtualService(stable: number, canary: number): K8sObject {
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: { name: "web", namespace: "apps" },
        spec: {
            hosts: ["web"],
            http: [
                {
                    route: [
                        { destination: { host: "web", subset: "stable" }, weight: stable },
                        { destination: { host: "web", subset: "canary" }, weight: canary },
                    ],
                },
            ],
        },
    };
}

/** Passing inputs per rule, beyond the whole good set. */
const PASSING: Readonly<Record<string, readonly Case[]>> = {
    "readiness-probe-required": [
        { name: "Job needs no probes", objects: () => goodJob() },
        {
            name: "init containers need no probes",
            objects: () => changed(D(), (d) => (podSpec(d).initContainers = [{ name: "init", image: "busybox:1.36" }])),
        },
        {
            name: "Pod with restartPolicy Never",
            objects: () =>
                changed(goodPod(), (d) => ((podSpec(d).restartPolicy = "Never"), delete c0(d).readinessProbe)),
        },
    ],
    "image-tag-pinned": [
        {
            name: "digest without tag",
            objects: () => changed(D(), (d) => (c0(d).image = "nginx@sha256:0123456789abcdef")),
        },
    ],
    "allowed-registries": [
        { name: "unconfigured: nothing checked", objects: () => changed(D(), (d) => (c0(d).image = "nginx:1.27")) },
        {
            name: "docker hub official image",
            config: { registries: ["docker.io/library"] },
            objects: () => changed(D(), (d) => (c0(d).image = "nginx:1.27")),
        },
    ],
    "host-path-restricted": [
        {
            name: "allowed path mounted read-only",
            config: { allowedHostPaths: ["/var/log"] },
            objects: () =>
                changed(D(), (d) => {
                    podSpec(d).volumes = [{ name: "logs", hostPath: { path: "/var/log/pods" } }];
                    c0(d).volumeMounts = [{ name: "logs", mountPath: "/logs", readOnly: true }];
                }),
        },
    ],
    "host-ports-restricted": [
        {
            name: "allowed port",
            config: { allowedHostPorts: ["9100"] },
            objects: () => changed(D(), (d) => (c0(d).ports = [{ name: "http", containerPort: 9100, hostPort: 9100 }])),
        },
    ],
    "capabilities-restricted": [
        {
            name: "adds allowed NET_BIND_SERVICE",
            objects: () => changed(D(), (d) => (sc(d).capabilities = { drop: ["all"], add: ["CAP_NET_BIND_SERVICE"] })),
        },
    ],
    "seccomp-required": [
        { name: "pod-level profile only", objects: () => changed(D(), (d) => delete sc(d).seccompProfile) },
        {
            name: "Localhost",
            objects: () =>
                changed(D(), (d) => (sc(d).seccompProfile = { type: "Localhost", localhostProfile: "p.json" })),
        },
    ],
    "run-as-non-root": [{ name: "pod-level only", objects: () => changed(D(), (d) => delete sc(d).runAsNonRoot) }],
    "cpu-limit": [
        {
            name: "ignore",
            config: { mode: "ignore" },
            objects: () => changed(D(), (d) => ((c0(d).resources as JsonObject).limits = { memory: "256Mi" })),
        },
        {
            name: "forbid without cpu limit",
            config: { mode: "forbid" },
            objects: () => changed(D(), (d) => ((c0(d).resources as JsonObject).limits = { memory: "256Mi" })),
        },
    ],
    "no-plaintext-secrets": [
        {
            name: "references and file paths",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).env = [
                            { name: "API_TOKEN", value: "$(OTHER)" },
                            { name: "TOKEN_URL", value: "https://x" },
                            { name: "AWS_ACCESS_KEY_ID", value: "AKIA" },
                            { name: "MYSQL_ALLOW_EMPTY_PASSWORD", value: "" },
                            { name: "PWD", value: "/app" },
                            { name: "ENABLE_PASSWORD_AUTH", value: "true" },
                        ]),
                ),
        },
        {
            name: "allowed name",
            config: { allowedNames: ["DB_PASSWORD"] },
            objects: () => changed(D(), (d) => (c0(d).env = [{ name: "DB_PASSWORD", value: "dev" }])),
        },
    ],
    "rollout-parameters-valid": [
        {
            name: "one replica with 25% maxUnavailable",
            objects: () => changed(D(), (d) => ((dspec(d).replicas = 1), delete dspec(d).strategy)),
        },
        {
            name: "StatefulSet partition = replicas",
            objects: () =>
                changed(goodStatefulSet(), (d) => (dspec(d).updateStrategy = { rollingUpdate: { partition: 3 } })),
        },
    ],
    "min-replicas": [
        {
            name: "canary Deployment with one replica",
            objects: () => [changed(canaryVersion("canary"), (d) => (dspec(d).replicas = 1))],
        },
        {
            name: "A/B variant with one replica",
            objects: () => [changed(variant("b"), (d) => (dspec(d).replicas = 1))],
        },
        { name: "scaled to zero", objects: () => [changed(D(), (d) => (dspec(d).replicas = 0))] },
        {
            name: "HPA target with HPA minReplicas 2",
            objects: () => [
                changed(D(), (d) => delete dspec(d).replicas),
                {
                    apiVersion: "autoscaling/v2",
                    kind: "HorizontalPodAutoscaler",
                    metadata: { name: "web", namespace: "apps" },
                    spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 5 },
                },
            ],
        },
    ],
    "pdb-required": [
        { name: "single replica needs no PDB", objects: () => [changed(D(), (d) => (dspec(d).replicas = 1))] },
        { name: "a canary needs no PDB", objects: () => [canaryVersion("canary")] },
        {
            name: "the idle blue-green color needs no PDB",
            objects: () => [
                ...blueGreen(),
                goodService("web-live", { app: "web", version: "blue" }, { "k8s-workloads.io/role": "live" }),
                goodPdb("web", { app: "web", version: "blue" }),
            ],
        },
        {
            name: "minAvailable below replicas",
            objects: () => [
                D(),
                changed(goodPdb(), (p) => (p.spec = { minAvailable: 2, selector: { matchLabels: { app: "web" } } })),
            ],
        },
    ],
    "progressive-delivery-consistency": [
        {
            name: "live Service selects one existing color",
            objects: () => [
                ...blueGreen(),
                goodService("web-live", { app: "web", version: "blue" }, { "k8s-workloads.io/role": "live" }),
            ],
        },
        {
            name: "canary weight within the maximum",
            objects: () => [canaryIngress("20"), virtualService(90, 10)],
            config: { maxCanaryWeight: 20 },
        },
        {
            name: "variants that share probes and resources (images may differ)",
            objects: () => [
                variant("a"),
                changed(variant("b"), (d) => (c0(d).image = "registry.example.com/team/web:1.5.0")),
            ],
        },
    ],
    "exemption-reason-required": [
        {
            name: "exemption with reason",
            objects: () => exempt(D(), "run-as-non-root, read-only-root-filesystem", "legacy image runs as root"),
        },
    ],
};

describe("policy rules", () => {
    it("cover every rule name exactly once, in RULE_NAMES order", () => {
        assert.deepStrictEqual(
            ALL_RULES.map((r) => r.name),
            [...RULE_NAMES],
        );
        for (const r of ALL_RULES) {
            assert.ok(r.description.length > 10, `${r.name} description`);
            assert.ok(r.remediation.length > 10, `${r.name} remediation`);
        }
    });

    for (const r of ALL_RULES) {
        describe(r.name, () => {
            it("passes the happy-path objects", () => {
                const set = goodSet();
                const result = r.scope === "stack" ? findings(r.name, set) : set.flatMap((o) => findings(r.name, o));
                assert.deepStrictEqual(result, []);
            });
            for (const c of PASSING[r.name] ?? []) {
                it(`passes: ${c.name}`, () => {
                    assert.deepStrictEqual(findings(r.name, c.objects(), c.config), []);
                });
            }
            const failing = FAILING[r.name] ?? [];
            it("has failing cases", () => assert.ok(failing.length > 0));
            for (const c of failing) {
                it(`fails: ${c.name}`, () => {
                    const result = findings(r.name, c.objects(), c.config);
                    assert.strictEqual(result.length, c.count ?? 1, JSON.stringify(result));
                    for (const f of result) {
                        if (c.message !== undefined) {
                            assert.ok(f.message.includes(c.message), `"${f.message}" should include "${c.message}"`);
                        }
                    }
                });
            }
        });
    }
});

describe("preview-time unknown values", () => {
    const unknownCases: [string, (d: K8sObject) => void][] = [
        ["containers", (d) => (podSpec(d).containers = UNKNOWN)],
        ["the whole container", (d) => ((podSpec(d).containers as unknown[])[0] = UNKNOWN)],
        ["image", (d) => (c0(d).image = UNKNOWN)],
        ["readinessProbe", (d) => (c0(d).readinessProbe = UNKNOWN)],
        ["livenessProbe (an Output-like object)", (d) => (c0(d).livenessProbe = new (class Output {})())],
        ["securityContext", (d) => (c0(d).securityContext = UNKNOWN)],
        ["pod securityContext", (d) => (podSpec(d).securityContext = UNKNOWN)],
        ["resources", (d) => (c0(d).resources = UNKNOWN)],
        ["memory limit", (d) => ((path(c0(d), "resources", "limits") as JsonObject).memory = UNKNOWN)],
        ["env", (d) => (c0(d).env = UNKNOWN)],
        ["env value", (d) => (c0(d).env = [{ name: "DB_PASSWORD", value: UNKNOWN }])],
        ["replicas", (d) => (dspec(d).replicas = UNKNOWN)],
        ["selector", (d) => (dspec(d).selector = UNKNOWN)],
        ["template labels", (d) => ((path(d, "spec", "template", "metadata") as JsonObject).labels = UNKNOWN)],
        ["strategy", (d) => (dspec(d).strategy = { rollingUpdate: { maxSurge: UNKNOWN, maxUnavailable: 0 } })],
        ["volumes", (d) => (podSpec(d).volumes = UNKNOWN)],
        ["metadata", (d) => (d.metadata = UNKNOWN)],
        ["spec", (d) => (d.spec = UNKNOWN)],
    ];
    for (const [what, change] of unknownCases) {
        it(`an unknown ${what} crashes no rule and is no violation`, () => {
            const d = changed(D(), change);
            for (const r of ALL_RULES) {
                const set = [d, goodService(), goodPdb()];
                const result = r.scope === "stack" ? findings(r.name, set) : findings(r.name, d);
                assert.deepStrictEqual(result, [], `${r.name}: ${JSON.stringify(result)}`);
            }
        });
    }
});
