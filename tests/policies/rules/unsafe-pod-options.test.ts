/** `unsafe-pod-options`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { changed } from "../helpers";
import { ruleSuite, D, podSpec, sc } from "./kit";

ruleSuite("unsafe-pod-options", {
    failing: [
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
