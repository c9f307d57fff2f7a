import { cloneObject, K8sObject } from "../lib/objects";
import { containersOf, podTemplateOf } from "../lib/podspec";
import { containerFinding, containerRule, NoConfig } from "../lib/rulekit";
import { isUnknown, obj, path, str } from "../lib/values";
import { ResourceRule } from "../types";

const ALLOWED = new Set(["RuntimeDefault", "Localhost"]);

/** A copy whose pod sets `seccompProfile: RuntimeDefault`, or undefined when the pod or every container has one. */
function withRuntimeDefault(o: K8sObject): K8sObject | undefined {
    const copy = cloneObject(o);
    const pod = podTemplateOf(copy);
    if (pod === undefined || isUnknown(pod.spec.securityContext)) {
        return undefined;
    }
    const podSc = obj(pod.spec.securityContext) ?? {};
    if (podSc.seccompProfile !== undefined && podSc.seccompProfile !== null) {
        return undefined;
    }
    const allSet = containersOf(pod.spec).every(
        (ref) => str(path(ref.container, "securityContext", "seccompProfile", "type")) !== undefined,
    );
    if (allSet) {
        return undefined;
    }
    pod.spec.securityContext = { ...podSc, seccompProfile: { type: "RuntimeDefault" } };
    return copy;
}

/** `seccomp-required`: every container runs with the RuntimeDefault or a Localhost seccomp profile. Remediable. */
export const seccompRequired: ResourceRule<NoConfig> = containerRule("seccomp-required", {
    containers: "all",
    visit: (ref, pod, out) => {
        const own: unknown = path(ref.container, "securityContext", "seccompProfile", "type");
        const podType: unknown = path(pod.spec, "securityContext", "seccompProfile", "type");
        const effective = own !== undefined && own !== null ? own : podType;
        if (isUnknown(effective) || isUnknown(ref.container.securityContext) || isUnknown(pod.spec.securityContext)) {
            return;
        }
        const type = str(effective);
        if (type === undefined) {
            out.push(containerFinding(ref, "has no seccompProfile (neither the pod nor the container sets one)"));
        } else if (!ALLOWED.has(type)) {
            out.push(containerFinding(ref, `uses seccompProfile ${type}; use RuntimeDefault or Localhost`));
        }
    },
    remediate: withRuntimeDefault,
});
