/** `service-account-token`: its pass and fail cases. */
import { K8sObject } from "../../../policies/lib/objects";
import { changed, goodJob } from "../helpers";
import { D, podSpec, ruleSuite } from "./kit";

function account(name: string, automount: boolean | undefined, namespace = "apps"): K8sObject {
    return {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name, namespace },
        ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
    };
}

const unset = (o: K8sObject): K8sObject => changed(o, (d) => delete podSpec(d).automountServiceAccountToken);

ruleSuite("service-account-token", {
    passing: [
        {
            name: "pod opts in on purpose (true)",
            objects: () => changed(D(), (d) => (podSpec(d).automountServiceAccountToken = true)),
        },
        {
            name: "the ServiceAccount in the set turns it off",
            objects: () => [changed(unset(D()), (d) => (podSpec(d).serviceAccountName = "web")), account("web", false)],
        },
        { name: "the default ServiceAccount turns it off", objects: () => [unset(D()), account("default", false)] },
    ],
    failing: [
        {
            name: "unset, no ServiceAccount in the set",
            objects: () => unset(D()),
            message: "automountServiceAccountToken: false",
        },
        {
            name: "unset, the ServiceAccount sets true",
            objects: () => [changed(unset(D()), (d) => (podSpec(d).serviceAccountName = "web")), account("web", true)],
            message: 'ServiceAccount "web"',
        },
        {
            name: "the ServiceAccount of another namespace does not count",
            objects: () => [unset(D()), account("default", false, "other")],
        },
        { name: "a Job", objects: () => unset(goodJob()), message: "spec.template.spec" },
    ],
});
