import * as pulumi from "@pulumi/pulumi";
import { SchedulingArgs } from "./pod";
import { DEFAULT_RESOURCES, ResourceArgs, ResourceDefaults, validateResources } from "./resources";
import { SecurityArgs } from "./security";
import { checkAnnotations, checkLabels, checkObjectName, checkStringInput, checkTolerations } from "./k8sRules";
import { Problems, checkDnsLabel, checkInteger, checkOneOf, choiceValues, known, show } from "./validation";
import { validateWritablePaths } from "./writablePaths";

/**
 * When the kubelet pulls a container's image.
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
 */
export const ImagePullPolicy = {
    /** Pull on every container start (the registry is asked for the digest each time). */
    Always: "Always",
    /** Pull only when the image is not on the node. */
    IfNotPresent: "IfNotPresent",
    /** Never pull; the image must already be on the node. */
    Never: "Never",
} as const;
/** One of {@link ImagePullPolicy}: `"Always"`, `"IfNotPresent"` or `"Never"`. */
export type ImagePullPolicy = (typeof ImagePullPolicy)[keyof typeof ImagePullPolicy];
/** The values of {@link ImagePullPolicy}, in order. */
export const IMAGE_PULL_POLICIES: readonly ImagePullPolicy[] = choiceValues(ImagePullPolicy);

/**
 * Args every component accepts for the objects it creates: where they go and how they are labeled.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export interface ObjectArgs {
    /**
     * Namespace of every namespaced child resource. Default: the provider's namespace ("default").
     * @default the provider's namespace ("default")
     * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
     */
    readonly namespace?: pulumi.Input<string>;
    /** The `app` label and `app.kubernetes.io/name`. Default: the component's name. @default the component's name */
    readonly appName?: string;
    /** Extra labels on every object and pod (they never replace the selecting labels). Default: none. @default none */
    readonly labels?: Record<string, string>;
    /** Extra annotations on every object. Default: none. @default none */
    readonly annotations?: Record<string, string>;
}

/**
 * Args every component that runs pods accepts: pod metadata, image pulls, resources, scheduling and the grace
 * period. One pod-template builder ({@link buildPodTemplateFor}) applies them, so every family treats them alike.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/
 */
export interface PodArgs extends ObjectArgs, SchedulingArgs {
    /** Extra labels on the pods only. Default: none. @default none */
    readonly podLabels?: Record<string, string>;
    /** Extra annotations on the pods only. Default: none. @default none */
    readonly podAnnotations?: Record<string, string>;
    /**
     * `Always`, `IfNotPresent` or `Never`. Default: the Kubernetes default (Always for `:latest`, IfNotPresent
     * otherwise).
     * @default the Kubernetes default (Always for `:latest`, IfNotPresent otherwise)
     * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
     */
    readonly imagePullPolicy?: ImagePullPolicy;
    /**
     * Requests and limits of the component's containers. Default: the component's defaults (requests 100m/128Mi, limits
     * 200m/256Mi unless the component says otherwise).
     * @default the component's defaults (requests 100m/128Mi, limits 200m/256Mi unless the component says otherwise)
     * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
     */
    readonly resources?: ResourceArgs;
    /**
     * Seconds Kubernetes waits for a graceful stop. Default: 30.
     * @default 30
     * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
     */
    readonly terminationGracePeriodSeconds?: number;
    /**
     * Absolute paths in the main container that stay writable under a read-only root filesystem: each gets its own
     * `emptyDir` volume (`writable-0`, `writable-1`, ...), emptied when the pod goes. Give the directories the image
     * writes at run time (pid files, temporary and cache directories), or [] for none. A path the component already
     * mounts keeps that mount. Default: ["/tmp"] for the web workloads (RollingDeployment, BlueGreenDeployment,
     * CanaryDeployment, ABTestDeployment, StatefulService) while their root filesystem is read-only, which is their
     * default; none for the other components.
     * @default ["/tmp"] for the web workloads while their root filesystem is read-only; none for the other components
     * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
     */
    readonly writablePaths?: string[];
}

/**
 * Who the pods run as: the service account and the container hardening. Components that create their own
 * service account (the node agents) or run a fixed database user (MySQL, Redis) do not take these.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
export interface PodIdentityArgs {
    /**
     * The service account the pods run as; its API token is mounted only when one is named. Default: none.
     * @default none
     * @see https://kubernetes.io/docs/concepts/security/service-accounts/
     */
    readonly serviceAccountName?: string;
    /**
     * Hardening beyond the defaults (which already forbid privilege escalation, drop ALL capabilities and use the
     * RuntimeDefault seccomp profile). Default: the component's.
     * @default the component's
     * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
     */
    readonly security?: SecurityArgs;
}

/** Validates the object-level args: namespace and appName are DNS-1123 labels; labels and annotations valid. */
export function validateObjectArgs(problems: Problems, args: ObjectArgs): void {
    checkStringInput(problems, "namespace", args.namespace, "shop");
    const namespace = known(args.namespace);
    checkDnsLabel(problems, "namespace", typeof namespace === "string" ? namespace : undefined, "shop");
    if (args.appName !== undefined) {
        checkDnsLabel(
            problems,
            "appName",
            typeof args.appName === "string" ? args.appName : show(args.appName),
            "webapp",
        );
    }
    checkLabels(problems, "labels", args.labels);
    checkAnnotations(problems, "annotations", args.annotations);
}

/**
 * The one validator of the shared pod args (and, when present, the identity args), for every family.
 * @param resourceDefaults the defaults the component's `resources` overrides apply to
 */
export function validatePodArgs(
    problems: Problems,
    args: PodArgs & PodIdentityArgs,
    resourceDefaults: ResourceDefaults = DEFAULT_RESOURCES,
): void {
    validateObjectArgs(problems, args);
    checkOneOf(problems, "imagePullPolicy", args.imagePullPolicy, IMAGE_PULL_POLICIES);
    validateResources(problems, "resources", args.resources, resourceDefaults);
    checkInteger(problems, "terminationGracePeriodSeconds", args.terminationGracePeriodSeconds, 0);
    checkLabels(problems, "podLabels", args.podLabels);
    checkAnnotations(problems, "podAnnotations", args.podAnnotations);
    checkLabels(problems, "nodeSelector", args.nodeSelector);
    checkTolerations(problems, "tolerations", args.tolerations);
    validateWritablePaths(problems, "writablePaths", args.writablePaths);
    checkObjectName(problems, "priorityClassName", args.priorityClassName, "high-priority");
    if (args.serviceAccountName !== undefined) {
        checkDnsLabel(problems, "serviceAccountName", String(args.serviceAccountName), "migrator");
    }
    checkInteger(problems, "security.runAsUser", args.security?.runAsUser, 0);
    checkInteger(problems, "security.runAsGroup", args.security?.runAsGroup, 0);
}
