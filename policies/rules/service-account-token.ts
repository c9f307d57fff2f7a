import { K8sObject, kindOf, nameOf, namespaceOf } from "../lib/objects";
import { podTemplateOf } from "../lib/podspec";
import { NoConfig, stackRule } from "../lib/rulekit";
import { isUnknown, str } from "../lib/values";
import { workloadsOf } from "../lib/workloads";
import { StackFinding, StackRule } from "../types";

/** `automountServiceAccountToken` of each ServiceAccount in the set, by `namespace/name`. */
function serviceAccountMounts(objects: readonly K8sObject[]): ReadonlyMap<string, unknown> {
    const out = new Map<string, unknown>();
    for (const o of objects) {
        if (kindOf(o) === "ServiceAccount") {
            out.set(`${namespaceOf(o) ?? ""}/${nameOf(o) ?? ""}`, o.automountServiceAccountToken);
        }
    }
    return out;
}

/**
 * `service-account-token`: pods that do not call the Kubernetes API do not mount a service account token. The pod
 * sets `automountServiceAccountToken: false`, or its ServiceAccount (in the set) does; a pod that sets it to true
 * has opted in on purpose and is not reported.
 */
export const serviceAccountToken: StackRule<NoConfig> = stackRule("service-account-token", (objects) => {
    const accounts = serviceAccountMounts(objects);
    const out: StackFinding[] = [];
    for (const w of workloadsOf(objects)) {
        const pod = podTemplateOf(w.object);
        if (pod === undefined || w.uncertain) {
            continue;
        }
        const own: unknown = pod.spec.automountServiceAccountToken;
        const accountRaw: unknown = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
        if (own === true || own === false || isUnknown(own) || isUnknown(accountRaw)) {
            continue;
        }
        const account = str(accountRaw) ?? "default";
        const accountMount = accounts.get(`${w.namespace}/${account}`);
        if (accountMount === false || isUnknown(accountMount)) {
            continue;
        }
        out.push({
            index: w.index,
            message: `pods mount the token of ServiceAccount "${account}" (spec.automountServiceAccountToken is unset${accountMount === true ? " and the ServiceAccount sets it to true" : ""}): set ${pod.specPath.join(".")}.automountServiceAccountToken: false unless the pod calls the API`,
        });
    }
    return out;
});
