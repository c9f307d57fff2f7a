/** `network-policy-required`: its pass and fail cases. */
import { K8sObject } from "../../../policies/lib/objects";
import { changed, goodDeployment, goodNetworkPolicy, goodStatefulSet } from "../helpers";
import { D, podSpec, ruleSuite } from "./kit";

function policy(podSelector: unknown, namespace = "apps"): K8sObject {
    return changed(goodNetworkPolicy(), (p) => {
        p.metadata = { name: "allow", namespace };
        p.spec = { podSelector, policyTypes: ["Ingress"] };
    });
}

ruleSuite("network-policy-required", {
    passing: [
        { name: "an empty podSelector selects every pod", objects: () => [D(), policy({})] },
        { name: "a matching matchLabels selector", objects: () => [D(), policy({ matchLabels: { app: "web" } })] },
        {
            name: "a matchExpressions selector",
            objects: () => [D(), policy({ matchExpressions: [{ key: "app", operator: "In", values: ["web", "db"] }] })],
        },
        {
            name: "host-network pods are outside NetworkPolicy",
            objects: () => changed(D(), (d) => (podSpec(d).hostNetwork = true)),
        },
        { name: "objects without pods need none", objects: () => [policy({}, "other")] },
    ],
    failing: [
        { name: "no NetworkPolicy at all", objects: () => D(), message: 'namespace "apps"' },
        {
            name: "the policy selects other pods",
            objects: () => [D(), policy({ matchLabels: { app: "db" } })],
            message: "app=web",
        },
        { name: "the policy is in another namespace", objects: () => [D(), policy({}, "other")] },
        {
            name: "each uncovered workload is reported",
            objects: () => [goodDeployment(), goodStatefulSet(), policy({ matchLabels: { app: "db" } })],
            count: 1,
        },
        {
            name: "a workload in the default namespace",
            objects: () => changed(D(), (d) => delete (d.metadata as { namespace?: string }).namespace),
            message: 'namespace "default"',
        },
    ],
});
