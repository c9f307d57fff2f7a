import { LABELS, MANAGED_BY, PART_OF } from "../../contract";

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
        [LABELS.managedBy]: MANAGED_BY,
        [LABELS.partOf]: PART_OF,
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
