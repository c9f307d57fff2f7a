import * as crypto from "crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    IMAGE_PULL_POLICIES,
    Problems,
    ResourceArgs,
    SchedulingArgs,
    checkCountOrPercent,
    checkDnsLabel,
    checkInteger,
    checkOneOf,
    checkRequired,
    imageTag,
    known,
    show,
    toIntOrString,
    validateResources,
    ResourceDefaults,
} from "../core";

/** Annotation listing the policy rules a workload is exempt from, comma-separated. */
export const EXEMPT_ANNOTATION = "k8s-workloads.io/exempt";
/** Annotation giving the reason for {@link EXEMPT_ANNOTATION}; the policy pack ignores an exemption without one. */
export const EXEMPT_REASON_ANNOTATION = "k8s-workloads.io/exempt-reason";

/** Policy rule names this package's components exempt themselves from, when their job needs it. */
export const POLICY_RULES = {
    hostNamespaces: "no-host-namespaces",
    hostPath: "host-path-restricted",
    hostPorts: "host-ports-restricted",
} as const;

/**
 * Explicit, scoped exemptions from the policy pack's rules, recorded as annotations on the workload object.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export interface ExemptionArgs {
    /**
     * Policy rules this workload is exempt from, for example `["host-path-restricted"]`. Added to the exemptions a
     * component declares for itself. Needs `exemptionReason`.
     * @default none
     */
    readonly exemptions?: string[];
    /** Why the exemptions are needed; required with `exemptions`. @default none */
    readonly exemptionReason?: string;
}

/** An exemption a component declares for itself because its job needs it. */
export interface BuiltInExemption {
    readonly rules: readonly string[];
    readonly reason: string;
}

/**
 * The exemption annotations: the component's own rules and the user's, with both reasons. Empty when there are
 * none.
 */
export function exemptionAnnotations(
    builtIn: BuiltInExemption | undefined,
    user: ExemptionArgs,
): Record<string, string> {
    const userRules = user.exemptions ?? [];
    const rules = [...new Set([...(builtIn?.rules ?? []), ...userRules])];
    if (rules.length === 0) {
        return {};
    }
    const reasons = [builtIn?.reason, userRules.length > 0 ? user.exemptionReason : undefined].filter(
        (r): r is string => r !== undefined && r !== "",
    );
    return { [EXEMPT_ANNOTATION]: rules.join(","), [EXEMPT_REASON_ANNOTATION]: reasons.join("; ") };
}

const RULE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Validates user exemptions: rule names in kebab case, and a reason whenever there is a rule. */
export function validateExemptions(problems: Problems, args: ExemptionArgs): void {
    const rules = args.exemptions ?? [];
    rules.forEach((rule, i) => {
        if (!RULE_NAME.test(rule)) {
            problems.add(
                `exemptions[${i}]`,
                `exemptions[${i}] must be a policy rule name in kebab case (got ${show(rule)}); for example "host-path-restricted"`,
            );
        }
    });
    if (rules.length > 0 && (args.exemptionReason === undefined || args.exemptionReason.trim() === "")) {
        problems.add(
            "exemptionReason",
            `exemptionReason is required when exemptions are given (got ${show(args.exemptionReason)} for exemptions ${show(rules)}); say why the workload needs them`,
        );
    }
    if (rules.length === 0 && args.exemptionReason !== undefined) {
        problems.add(
            "exemptions",
            `exemptions must list the exempt policy rules when exemptionReason is set (got ${show(args.exemptions)}); for example ["host-path-restricted"], or remove exemptionReason`,
        );
    }
}

/**
 * Checks that an image, when given and known, is non-empty and pinned to a tag other than `latest` or to a digest
 * (the policy pack rejects unpinned images).
 */
export function checkPinnedImage(problems: Problems, field: string, image: pulumi.Input<string> | undefined): void {
    if (image === undefined) {
        return;
    }
    const value = known(image);
    if (value === "" || value === null) {
        checkRequired(
            problems,
            field,
            value,
            `give a pinned image such as "alpine:3.20", or leave ${field} out for the default`,
        );
        return;
    }
    if (typeof value === "string" && !value.includes("@")) {
        const tag = imageTag(value);
        if (tag === undefined || tag === "latest") {
            problems.add(
                field,
                `${field} must be pinned to a version tag or digest, not ${tag === undefined ? "untagged" : '":latest"'} (got ${show(value)}); for example "${value.replace(/:latest$/, "")}:1.2.3"`,
            );
        }
    }
}

/** Args every node agent (DaemonSet) accepts. */
export interface NodeAgentArgs extends SchedulingArgs, ExemptionArgs {
    /** The container image, pinned to a tag or digest. @default the component's pinned image */
    readonly image?: pulumi.Input<string>;
    /** The `app` label and `app.kubernetes.io/name`. @default the component's name */
    readonly appName?: string;
    /** Extra labels on every object and pod (they never replace the selecting labels). */
    readonly labels?: Record<string, string>;
    /** Extra annotations on every object. */
    readonly annotations?: Record<string, string>;
    /** Extra annotations on the pods only. */
    readonly podAnnotations?: Record<string, string>;
    /**
     * `Always`, `IfNotPresent` or `Never`.
     * @default the Kubernetes default (IfNotPresent for a pinned tag)
     * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
     */
    readonly imagePullPolicy?: string;
    /**
     * Requests and limits of the agent container.
     * @default the component's defaults
     * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
     */
    readonly resources?: ResourceArgs;
    /**
     * Nodes whose agent may be down at once during a rolling update: a count ("1") or a percentage ("10%").
     * @default "1"
     * @see https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/
     */
    readonly maxUnavailable?: string;
    /**
     * Seconds Kubernetes waits for a graceful stop.
     * @default 30
     * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
     */
    readonly terminationGracePeriodSeconds?: number;
}

/** The update strategy when none is given: one node at a time. */
export const DEFAULT_AGENT_MAX_UNAVAILABLE = "1";
/** The guide's grace period for node agents. */
export const DEFAULT_AGENT_GRACE_PERIOD_SECONDS = 30;

/** Validates the shared node-agent args. */
export function validateNodeAgentArgs(
    problems: Problems,
    args: NodeAgentArgs,
    namespace: pulumi.Input<string> | undefined,
    resourceDefaults: ResourceDefaults,
): void {
    checkPinnedImage(problems, "image", args.image);
    checkDnsLabel(problems, "namespace", known(namespace));
    if (args.appName !== undefined) {
        checkDnsLabel(problems, "appName", args.appName);
    }
    checkOneOf(problems, "imagePullPolicy", args.imagePullPolicy, IMAGE_PULL_POLICIES);
    validateResources(problems, "resources", args.resources, resourceDefaults);
    checkCountOrPercent(problems, "maxUnavailable", args.maxUnavailable);
    if (args.maxUnavailable === "0" || args.maxUnavailable === "0%") {
        problems.add(
            "maxUnavailable",
            `maxUnavailable must allow at least one node's agent to be replaced (got ${show(args.maxUnavailable)}); use "1" or a percentage such as "10%"`,
        );
    }
    checkInteger(problems, "terminationGracePeriodSeconds", args.terminationGracePeriodSeconds, 0);
    validateExemptions(problems, args);
}

/** A DaemonSet's rolling update strategy. */
export function buildDaemonSetStrategy(maxUnavailable?: string): k8s.types.input.apps.v1.DaemonSetUpdateStrategy {
    return {
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: toIntOrString(maxUnavailable ?? DEFAULT_AGENT_MAX_UNAVAILABLE) },
    };
}

/** A read-only or writable hostPath volume and its mount. */
export interface HostMount {
    readonly name: string;
    readonly hostPath: string;
    readonly mountPath: string;
    readonly readOnly: boolean;
    readonly mountPropagation?: string;
    /** hostPath type, for example `Directory` or `Socket`. */
    readonly type?: string;
}

/** The pod volumes for host mounts. */
export function hostVolumes(mounts: readonly HostMount[]): k8s.types.input.core.v1.Volume[] {
    return mounts.map((m) => ({ name: m.name, hostPath: { path: m.hostPath, ...(m.type ? { type: m.type } : {}) } }));
}

/** The container volume mounts for host mounts. */
export function hostVolumeMounts(mounts: readonly HostMount[]): k8s.types.input.core.v1.VolumeMount[] {
    return mounts.map((m) => ({
        name: m.name,
        mountPath: m.mountPath,
        ...(m.readOnly ? { readOnly: true } : {}),
        ...(m.mountPropagation ? { mountPropagation: m.mountPropagation } : {}),
    }));
}

/** A short hash (10 hex digits of SHA-256) of some texts, for names and annotations that change with content. */
export function contentHash(...parts: string[]): string {
    const hash = crypto.createHash("sha256");
    for (const part of parts) {
        hash.update(part);
        hash.update("\0");
    }
    return hash.digest("hex").slice(0, 10);
}
