/**
 * Test helpers: happy-path Kubernetes objects (one field is changed per failing case) and fake CrossGuard args.
 */
import type { ReportViolation, ResourceValidationArgs, StackValidationArgs, PolicyResource } from "@pulumi/policy";
import { prepareRule, runResourceRule, runStackRule } from "../../policies/engine";
import { K8sObject } from "../../policies/lib/objects";
import { JsonObject, deepClone, path } from "../../policies/lib/values";
import { ALL_RULES } from "../../policies/rules";
import { Finding, Rule } from "../../policies/types";

/** A container as the components produce it, hardened to pass every rule (restricted preset included). */
export function goodContainer(name = "app"): JsonObject {
    return {
        name,
        image: "registry.example.com/team/web:1.4.2",
        ports: [{ name: "http", containerPort: 8080 }],
        readinessProbe: { httpGet: { path: "/ready", port: "http" }, periodSeconds: 5, timeoutSeconds: 2 },
        livenessProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 10, timeoutSeconds: 3 },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
        env: [
            { name: "LOG_LEVEL", value: "info" },
            { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
            { name: "DB_PASSWORD_FILE", value: "/run/secrets/db" },
        ],
        securityContext: {
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
    };
}

/** A pod spec around good containers. */
export function goodPodSpec(extra: JsonObject = {}): JsonObject {
    return {
        containers: [goodContainer()],
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        automountServiceAccountToken: false,
        ...extra,
    };
}

const labels = { app: "web", "app.kubernetes.io/instance": "web" };

/** A Deployment that passes every rule. */
export function goodDeployment(name = "web"): K8sObject {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace: "apps", labels: { ...labels } },
        spec: {
            replicas: 3,
            strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 1 } },
            selector: { matchLabels: { ...labels } },
            template: { metadata: { labels: { ...labels } }, spec: goodPodSpec(spreadOver(labels)) },
        },
    };
}

/** Pod spec fields spreading pods with these labels over nodes. */
function spreadOver(podLabels: JsonObject): JsonObject {
    return {
        topologySpreadConstraints: [
            {
                maxSkew: 1,
                topologyKey: "kubernetes.io/hostname",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: { ...podLabels } },
            },
        ],
    };
}

/** A StatefulSet that passes every rule. */
export function goodStatefulSet(): K8sObject {
    const l = { app: "db" };
    return {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "db", namespace: "apps", labels: l },
        spec: {
            replicas: 3,
            serviceName: "db",
            selector: { matchLabels: l },
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
            template: { metadata: { labels: l }, spec: goodPodSpec(spreadOver(l)) },
        },
    };
}

/** A DaemonSet that passes every rule. */
export function goodDaemonSet(): K8sObject {
    const l = { app: "agent" };
    return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "agent", namespace: "apps" },
        spec: {
            selector: { matchLabels: l },
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
            template: { metadata: { labels: l }, spec: goodPodSpec() },
        },
    };
}

/** A Job that passes every rule (no probes needed). */
export function goodJob(): K8sObject {
    const c = goodContainer("migrate");
    delete c.readinessProbe;
    delete c.livenessProbe;
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: "migrate", namespace: "apps" },
        spec: {
            backoffLimit: 3,
            activeDeadlineSeconds: 600,
            ttlSecondsAfterFinished: 3600,
            template: { spec: goodPodSpec({ containers: [c], restartPolicy: "Never" }) },
        },
    };
}

/** A CronJob that passes every rule. */
export function goodCronJob(): K8sObject {
    const job = goodJob();
    return {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "backup", namespace: "apps" },
        spec: {
            schedule: "0 2 * * *",
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: 300,
            successfulJobsHistoryLimit: 3,
            failedJobsHistoryLimit: 1,
            jobTemplate: {
                spec: {
                    backoffLimit: 2,
                    activeDeadlineSeconds: 3600,
                    template: deepClone(job.spec as JsonObject).template,
                },
            },
        },
    };
}

/** A bare Pod that passes every rule. */
export function goodPod(): K8sObject {
    return { apiVersion: "v1", kind: "Pod", metadata: { name: "debug", namespace: "apps" }, spec: goodPodSpec() };
}

/** A PDB for goodDeployment. */
export function goodPdb(name = "web", selector: JsonObject = { app: "web" }): K8sObject {
    return {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name, namespace: "apps" },
        spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    };
}

/** A Service for goodDeployment. */
export function goodService(name = "web", selector: JsonObject = { app: "web" }, annotations?: JsonObject): K8sObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace: "apps", ...(annotations === undefined ? {} : { annotations }) },
        spec: { selector, ports: [{ port: 80, targetPort: "http" }] },
    };
}

/** A default-deny NetworkPolicy selecting every pod of the `apps` namespace. */
export function goodNetworkPolicy(): K8sObject {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "default-deny", namespace: "apps" },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    };
}

/** An HPA scaling goodDeployment between 3 and 10 replicas. */
export function goodHpa(): K8sObject {
    return {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name: "web", namespace: "apps" },
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
            minReplicas: 3,
            maxReplicas: 10,
            metrics: [
                {
                    type: "Resource",
                    resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
                },
            ],
        },
    };
}

/** A set of objects that passes every rule, baseline and restricted. */
export function goodSet(): K8sObject[] {
    return [
        goodDeployment(),
        goodService(),
        goodPdb(),
        goodStatefulSet(),
        goodPdb("db", { app: "db" }),
        goodDaemonSet(),
        goodJob(),
        goodCronJob(),
        goodPod(),
        goodNetworkPolicy(),
    ];
}

/** A Deployment as the components render it by default: hardened, but no runAsNonRoot or read-only root. */
export function componentDefaultDeployment(): K8sObject {
    return changed(goodDeployment(), (d) => {
        const spec = path(d, "spec", "template", "spec") as JsonObject;
        spec.securityContext = { seccompProfile: { type: "RuntimeDefault" } };
        const c = (spec.containers as JsonObject[])[0];
        c.image = "nginx:1.27.3";
        c.readinessProbe = {
            httpGet: { path: "/health", port: 8080 },
            initialDelaySeconds: 5,
            periodSeconds: 5,
            timeoutSeconds: 3,
        };
        c.livenessProbe = {
            httpGet: { path: "/health", port: 8080 },
            initialDelaySeconds: 30,
            periodSeconds: 10,
            timeoutSeconds: 3,
        };
        c.securityContext = {
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        };
    });
}

/** A deliberately bad program: no probes, :latest, privileged. */
export function badDeployment(): K8sObject {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "bad" },
        spec: {
            replicas: 1,
            selector: { matchLabels: { app: "bad" } },
            template: {
                metadata: { labels: { app: "bad" } },
                spec: { containers: [{ name: "bad", image: "nginx:latest", securityContext: { privileged: true } }] },
            },
        },
    };
}

/** Applies a change to a deep copy. */
export function changed<T extends JsonObject>(o: T, change: (copy: T) => void): T {
    const copy = deepClone(o);
    change(copy);
    return copy;
}

/** Looks a rule up by name. */
export function rule(name: string): Rule {
    const found = ALL_RULES.find((r) => r.name === name);
    if (found === undefined) {
        throw new Error(`no rule ${name}`);
    }
    return found;
}

/** The findings of one rule on one object (resource rule) or on a set (stack rule), default config. */
export function findings(name: string, objects: K8sObject | K8sObject[], config: JsonObject = {}): Finding[] {
    const prepared = prepareRule(rule(name), config);
    const list = Array.isArray(objects) ? objects : [objects];
    if (prepared.rule.scope === "stack") {
        return runStackRule(prepared, list, { environment: "prod" });
    }
    return list.flatMap((o) => runResourceRule(prepared, o));
}

/** Thrown by the fake `notApplicable`. */
export class NotApplicable extends Error {}

/** A recorded violation report. */
export interface Reported {
    readonly message: string;
    readonly urn?: string;
    readonly enforcementLevel?: string;
}

/** A recording reportViolation. */
export function recorder(): { reports: Reported[]; report: ReportViolation } {
    const reports: Reported[] = [];
    const report = (message: string | Reported, urn?: string): void => {
        reports.push(typeof message === "string" ? { message, urn } : message);
    };
    return { reports, report: report };
}

const stackTags: ReadonlyMap<string, string> = new Map([["environment", "prod"]]);

/** Fake ResourceValidationArgs with notApplicable, getConfig and stackTags. */
export function resourceArgs(
    type: string,
    props: JsonObject,
    config: JsonObject = {},
    tags = stackTags,
): ResourceValidationArgs {
    return {
        type,
        props,
        urn: `urn:pulumi:test::proj::${type}::res`,
        name: "res",
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: tags,
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** Fake StackValidationArgs. */
export function stackArgs(
    resources: { type: string; props: JsonObject }[],
    config: JsonObject = {},
    tags = stackTags,
): StackValidationArgs {
    return {
        resources: resources.map((r, i): PolicyResource => ({
            type: r.type,
            props: r.props,
            urn: `urn:pulumi:test::proj::${r.type}::r${i}`,
            name: `r${i}`,
            opts: {
                protect: false,
                ignoreChanges: [],
                aliases: [],
                customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
                additionalSecretOutputs: [],
            },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        })),
        stackTags: tags,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** The Pulumi type token of a plain Kubernetes object. */
export function pulumiType(o: K8sObject): string {
    const apiVersion = String(o.apiVersion);
    const groupVersion = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
    return `kubernetes:${groupVersion}:${String(o.kind)}`;
}
