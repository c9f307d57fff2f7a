import { EXEMPT_ANNOTATION, EXEMPT_REASON_ANNOTATION } from "../../contract/keys";
import { RULE_NAMES } from "../../contract/rules";
import { isBlanketExemption, parseExemptList } from "../exemptions";
import { K8sObject, annotationsOf } from "../lib/objects";
import { NoConfig, resourceRule } from "../lib/rulekit";
import { Finding, ResourceRule } from "../types";

const KNOWN: ReadonlySet<string> = new Set(RULE_NAMES);

/** What is wrong with one name of an exemption list, or undefined. */
function listedNameProblem(name: string): string | undefined {
    if (isBlanketExemption(name)) {
        return `${EXEMPT_ANNOTATION} cannot be blanket ("${name}"): name each rule`;
    }
    return KNOWN.has(name) ? undefined : `${EXEMPT_ANNOTATION} names unknown rule "${name}"`;
}

/** The problems of an object's exemption annotation (none when it has none). */
function exemptionProblems(o: K8sObject): string[] {
    const annotations = annotationsOf(o);
    const value = annotations[EXEMPT_ANNOTATION];
    if (value === undefined) {
        return [];
    }
    const listed = parseExemptList(value);
    const reason = (annotations[EXEMPT_REASON_ANNOTATION] ?? "").trim();
    return [
        ...(reason === ""
            ? [`${EXEMPT_ANNOTATION} "${value}" has no ${EXEMPT_REASON_ANNOTATION}: the exemption is ignored`]
            : []),
        ...listed.flatMap((name) => listedNameProblem(name) ?? []),
        ...(listed.length === 0 ? [`${EXEMPT_ANNOTATION} is empty`] : []),
    ];
}

/**
 * `exemption-reason-required`: a `k8s-workloads.io/exempt` annotation names known rules (never a blanket `*`/`all`)
 * and comes with a non-empty `k8s-workloads.io/exempt-reason`. An exemption that fails this is not honoured, and no
 * exemption waives these findings.
 */
export const exemptionReasonRequired: ResourceRule<NoConfig> = resourceRule("exemption-reason-required", {
    check: (o) => exemptionProblems(o).map((message): Finding => ({ message, exemptable: false })),
});
