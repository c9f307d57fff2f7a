/** `no-privilege-escalation`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, c0, podSpec, sc } from "./kit";

ruleSuite("no-privilege-escalation", {
    failing: [
        {
            name: "unset",
            objects: () => changed(D(), (d) => delete sc(d).allowPrivilegeEscalation),
            message: "defaults to true",
        },
        { name: "true", objects: () => changed(D(), (d) => (sc(d).allowPrivilegeEscalation = true)), message: "true" },
        {
            name: "init container without securityContext",
            objects: () =>
                changed(
                    D(),
                    (d) => (podSpec(d).initContainers = [{ ...c0(d), name: "init", securityContext: undefined }]),
                ),
            count: 1,
        },
    ],
});
