/** Label keys this package reads and writes. */
export const LABELS = {
    name: "app.kubernetes.io/name",
    instance: "app.kubernetes.io/instance",
    version: "app.kubernetes.io/version",
    component: "app.kubernetes.io/component",
    partOf: "app.kubernetes.io/part-of",
    managedBy: "app.kubernetes.io/managed-by",
    /** The guide's short app label, used by its selectors and by `kubectl -l app=...`. */
    app: "app",
    /** The guide's track label: `blue`/`green` for blue-green, `stable`/`canary` for canaries. */
    track: "version",
    /** The guide's A/B variant label. */
    variant: "variant",
    /** Marks which pattern made a resource, so `k8s-workloads verify` can find workloads by label. */
    pattern: "k8s-workloads.io/pattern",
} as const;

/** What identifies one workload (or one track of it) in labels. */
export interface LabelInput {
    /** The component's name (the Pulumi resource name): `app.kubernetes.io/instance`. */
    readonly instance: string;
    /** The application name: `app` and `app.kubernetes.io/name`. Defaults to the instance. */
    readonly app?: string;
    /** The pattern that made it, for example `rolling` or `blue-green`. */
    readonly pattern: string;
    /** The role inside the pattern: `app.kubernetes.io/component` (for example `server`, `primary`). */
    readonly component?: string;
    /** The application version (image tag), recorded but never selected on. */
    readonly appVersion?: string;
    /** Extra selecting labels for a track: for example `{ version: "blue" }` or `{ variant: "a" }`. */
    readonly track?: Readonly<Record<string, string>>;
}

/**
 * The labels that select a workload's pods. They never change over a workload's life (Deployment selectors are
 * immutable), so they hold only identity: app, instance and the track.
 */
export function selectorLabels(input: LabelInput): Record<string, string> {
    return {
        [LABELS.app]: input.app ?? input.instance,
        [LABELS.instance]: input.instance,
        ...(input.track ?? {}),
    };
}

/**
 * The full set of labels for objects and pod templates: the selector labels plus the recommended
 * `app.kubernetes.io/*` labels, then the user's own (which may add but never replace selecting labels).
 */
export function workloadLabels(input: LabelInput, extra?: Readonly<Record<string, string>>): Record<string, string> {
    const labels: Record<string, string> = {
        ...(extra ?? {}),
        [LABELS.name]: input.app ?? input.instance,
        [LABELS.managedBy]: "pulumi",
        [LABELS.partOf]: "k8s-workloads",
        [LABELS.pattern]: input.pattern,
    };
    if (input.component) {
        labels[LABELS.component] = input.component;
    }
    if (input.appVersion) {
        labels[LABELS.version] = sanitizeLabelValue(input.appVersion);
    }
    return { ...labels, ...selectorLabels(input) };
}

/** Turns any text (an image tag, say) into a valid label value: at most 63 of [A-Za-z0-9-_.]. */
export function sanitizeLabelValue(value: string): string {
    return value
        .replace(/[^A-Za-z0-9._-]/g, "-")
        .slice(0, 63)
        .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
}

/** The tag of an image reference (`nginx:1.21` gives `1.21`), or undefined for an untagged image. */
export function imageTag(image: string): string | undefined {
    const withoutDigest = image.split("@")[0];
    const lastSlash = withoutDigest.lastIndexOf("/");
    const lastColon = withoutDigest.lastIndexOf(":");
    return lastColon > lastSlash ? withoutDigest.slice(lastColon + 1) : undefined;
}
