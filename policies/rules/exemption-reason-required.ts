import { annotationsOf } from "../lib/objects";
import { NoConfig, resourceRuleWithoutConfig } from "../lib/rulekit";
import { EXEMPT_ANNOTATION, EXEMPT_REASON_ANNOTATION } from "../../contract/keys";
import { RULE_NAMES } from "../../contract/rules";
import { Finding, ResourceRule } from "../types";

const KNOWN: ReadonlySet<string> = new Set(RULE_NAMES);

/** The rule names listed in an exemption annotation value. */
export function parseExemptList(value: string): string[] {
    return value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
}

/**
 * `exemption-reason-required`: a `k8s-workloads.io/exempt` annotation names known rules (never a blanket `*`/`all`)
 * and comes with a non-empty `k8s-workloads.io/exempt-reason`. An exemption that fails this is not honoured.
 */
export const exemptionReasonRequired: ResourceRule<NoConfig> = resourceRuleWithoutConfig({
    name: "exemption-reason-required",
    description:
        "Exemption annotations must name known rules (no blanket exemptions) and carry a k8s-workloads.io/exempt-reason.",
    remediation:
        'Add the annotation k8s-workloads.io/exempt-reason: "<why this resource needs the exemption>" and list only the rules that must be waived.',
    defaultLevel: "mandatory",
    check: (o) => {
        const annotations = annotationsOf(o);
        const value = annotations[EXEMPT_ANNOTATION];
        const out: Finding[] = [];
        if (value === undefined) {
            return out;
        }
        const listed = parseExemptList(value);
        const reason = (annotations[EXEMPT_REASON_ANNOTATION] ?? "").trim();
        if (reason === "") {
            out.push({
                message: `${EXEMPT_ANNOTATION} "${value}" has no ${EXEMPT_REASON_ANNOTATION}: the exemption is ignored`,
                exemptable: false,
            });
        }
        for (const name of listed) {
            if (name === "*" || name === "all") {
                out.push({
                    message: `${EXEMPT_ANNOTATION} cannot be blanket ("${name}"): name each rule`,
                    exemptable: false,
                });
            } else if (!KNOWN.has(name)) {
                out.push({ message: `${EXEMPT_ANNOTATION} names unknown rule "${name}"`, exemptable: false });
            }
        }
        if (listed.length === 0) {
            out.push({ message: `${EXEMPT_ANNOTATION} is empty`, exemptable: false });
        }
        return out;
    },
});
