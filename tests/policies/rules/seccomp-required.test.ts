/** `seccomp-required`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { changed } from "../helpers";
import { ruleSuite, D, podSpec, sc } from "./kit";

ruleSuite("seccomp-required", {
    passing: [
        { name: "pod-level profile only", objects: () => changed(D(), (d) => delete sc(d).seccompProfile) },
        {
            name: "Localhost",
            objects: () =>
                changed(D(), (d) => (sc(d).seccompProfile = { type: "Localhost", localhostProfile: "p.json" })),
        },
    ],
    failing: [
        {
            name: "neither pod nor container",
            objects: () =>
                changed(D(), (d) => {
                    delete sc(d).seccompProfile;
                    delete (podSpec(d).securityContext as JsonObject).seccompProfile;
                }),
            message: "no seccompProfile",
        },
        {
            name: "container Unconfined overrides pod",
            objects: () => changed(D(), (d) => (sc(d).seccompProfile = { type: "Unconfined" })),
            message: "Unconfined",
        },
    ],
});
