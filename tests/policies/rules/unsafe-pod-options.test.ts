/** `unsafe-pod-options`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { K8sObject } from "../../../policies/lib/objects";
import { changed } from "../helpers";

function apparmor(profile: string): K8sObject {
    return changed(D(), (d) => {
        const template = (d.spec as JsonObject).template as JsonObject;
        template.metadata = {
            ...(template.metadata as JsonObject),
            annotations: { "container.apparmor.security.beta.kubernetes.io/app": profile },
        };
    });
}
import { ruleSuite, D, podSpec, sc } from "./kit";

ruleSuite("unsafe-pod-options", {
    passing: [
        { name: "AppArmor runtime/default annotation", objects: () => apparmor("runtime/default") },
        { name: "AppArmor localhost profile annotation", objects: () => apparmor("localhost/k8s-web") },
    ],
    failing: [
        { name: "AppArmor unconfined annotation", objects: () => apparmor("unconfined"), message: "unconfined" },
        {
            name: "unsafe sysctl",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        ((podSpec(d).securityContext as JsonObject).sysctls = [{ name: "kernel.msgmax", value: "1" }]),
                ),
            message: "kernel.msgmax",
        },
        { name: "procMount Unmasked", objects: () => changed(D(), (d) => (sc(d).procMount = "Unmasked")) },
        {
            name: "AppArmor Unconfined",
            objects: () => changed(D(), (d) => (sc(d).appArmorProfile = { type: "Unconfined" })),
        },
        { name: "SELinux type", objects: () => changed(D(), (d) => (sc(d).seLinuxOptions = { type: "spc_t" })) },
    ],
});
