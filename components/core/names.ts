import { DNS1123_LABEL_MAX, DNS1123_SUBDOMAIN_MAX, isDns1035Label, isDns1123Label } from "../../contract";
import { Problems, show } from "./validation";

/**
 * One child a component name becomes: the suffix added to the name, what the child is and how long its name may
 * be. Each component declares one table of these; the name is checked against every entry before anything exists.
 */
export interface ChildNameRule {
    /** Added to the component name, for example `-headless`, or "" for a child named like the component. */
    readonly suffix: string;
    /** What the child is, for the message: `headless Service`, `StatefulSet`. */
    readonly kind: string;
    /** The longest the child's name may be. */
    readonly limit: number;
    /** Services need a DNS-1035 label: the name must start with a letter. Default: false. @default false */
    readonly service?: boolean;
}

/** Longest names: DNS-1123 labels, and the shorter names of objects whose controllers add suffixes. */
export const NAME_LIMITS = {
    /** Services, Deployments, DaemonSets, Jobs, label values: a DNS-1123 label. */
    label: DNS1123_LABEL_MAX,
    /** Secrets, ConfigMaps, PDBs, HPAs, Ingresses, PVC templates: a DNS-1123 subdomain. */
    subdomain: DNS1123_SUBDOMAIN_MAX,
    /**
     * StatefulSets: the controller labels each pod `controller-revision-hash=<set>-<10-character hash>`, a label value
     * of at most 63 characters, and names pods `<set>-<ordinal>`.
     */
    statefulSet: 52,
    /** CronJobs: the controller names each Job `<cronjob>-<11-digit time>`, which must stay a DNS-1123 label. */
    cronJob: 52,
} as const;

/** A Service child named `<name><suffix>`. */
export function serviceChild(suffix: string, kind = "Service"): ChildNameRule {
    return { suffix, kind, limit: NAME_LIMITS.label, service: true };
}

/** A child whose name must be a DNS-1123 label (Deployments, DaemonSets, Jobs, label values). */
export function labelChild(suffix: string, kind: string): ChildNameRule {
    return { suffix, kind, limit: NAME_LIMITS.label };
}

/** A child whose name may be a DNS-1123 subdomain (Secrets, ConfigMaps, PDBs, HPAs, Ingresses). */
export function subdomainChild(suffix: string, kind: string): ChildNameRule {
    return { suffix, kind, limit: NAME_LIMITS.subdomain };
}

/** The child whose name overflows its limit the most, with the overflow, or undefined when all fit. */
function worstOverflow(
    name: string,
    children: readonly ChildNameRule[],
): { readonly child: ChildNameRule; readonly over: number } | undefined {
    let worst: { child: ChildNameRule; over: number } | undefined;
    for (const child of children) {
        const over = name.length + child.suffix.length - child.limit;
        if (over > 0 && (!worst || over > worst.over)) {
            worst = { child, over };
        }
    }
    return worst;
}

/**
 * Validates a component's name against every child it becomes: a DNS-1123 label (a DNS-1035 label when a child is
 * a Service), short enough that the longest child name fits its limit.
 */
export function validateComponentName(problems: Problems, name: unknown, children: readonly ChildNameRule[]): void {
    if (typeof name !== "string" || !isDns1123Label(name)) {
        problems.add(
            "name",
            `name must be a DNS-1123 label: lower-case ASCII letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (got ${show(name)}); use a name such as "webapp"`,
        );
        return;
    }
    const service = children.find((c) => c.service);
    if (service && !isDns1035Label(name)) {
        problems.add(
            "name",
            `name must start with a letter, since it names the ${service.kind} "${name}${service.suffix}" (a DNS-1035 label) (got ${show(name)}); use a name such as "web-${name}"`,
        );
    }
    const worst = worstOverflow(name, children);
    if (worst) {
        const childName = `${name}${worst.child.suffix}`;
        problems.add(
            "name",
            `name ${show(name)} (${name.length} characters) is too long: its ${worst.child.kind} "${childName}" would have ${childName.length} characters, over the limit of ${worst.child.limit}; use a name of at most ${worst.child.limit - worst.child.suffix.length} characters`,
        );
    }
}

/** Adds the name's problems (first) to a component's arg problems, for `throwIfInvalid`. */
export function withNameProblems(problems: Problems, name: string, children: readonly ChildNameRule[]): Problems {
    const all = new Problems();
    validateComponentName(all, name, children);
    all.addAll(problems.list());
    return all;
}
