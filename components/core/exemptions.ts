import { EXEMPT_ANNOTATION, EXEMPT_REASON_ANNOTATION, RuleName, isRuleName } from "../../contract";
import { Problems, show } from "./validation";

/** Policy rules this package's components exempt themselves from, when their job needs it. */
export const POLICY_RULES = {
    hostNamespaces: "no-host-namespaces",
    hostPath: "host-path-restricted",
    hostPorts: "host-ports-restricted",
    volumeTypes: "volume-types-restricted",
} as const satisfies Record<string, RuleName>;

/**
 * Explicit, scoped exemptions from the policy pack's rules, recorded as annotations on the workload object.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export interface ExemptionArgs {
    /**
     * Policy rules this workload is exempt from, for example `["host-path-restricted"]`. Added to the exemptions a
     * component declares for itself. Needs `exemptionReason`. Default: none.
     * @default none
     */
    readonly exemptions?: string[];
    /** Why the exemptions are needed; required with `exemptions`. Default: none. @default none */
    readonly exemptionReason?: string;
}

/** An exemption a component declares for itself because its job needs it. */
export interface BuiltInExemption {
    readonly rules: readonly RuleName[];
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

/** Validates user exemptions: names of the pack's rules, and a reason whenever there is a rule. */
export function validateExemptions(problems: Problems, args: ExemptionArgs): void {
    const rules = args.exemptions ?? [];
    rules.forEach((rule, i) => {
        if (!isRuleName(rule)) {
            problems.add(
                `exemptions[${i}]`,
                `exemptions[${i}] must name a rule of the policy pack (got ${show(rule)}); for example "host-path-restricted"`,
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
