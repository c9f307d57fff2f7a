/** `run-as-non-root`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { changed } from "../helpers";
import { ruleSuite, D, podSpec, sc } from "./kit";

ruleSuite("run-as-non-root", {
    passing: [{ name: "pod-level only", objects: () => changed(D(), (d) => delete sc(d).runAsNonRoot) }],
    failing: [
        {
            name: "not set anywhere",
            objects: () =>
                changed(D(), (d) => {
                    delete sc(d).runAsNonRoot;
                    delete (podSpec(d).securityContext as JsonObject).runAsNonRoot;
                }),
            message: "runAsNonRoot",
        },
        {
            name: "container false overrides pod",
            objects: () => changed(D(), (d) => (sc(d).runAsNonRoot = false)),
            message: "false",
        },
        { name: "runAsUser 0", objects: () => changed(D(), (d) => (sc(d).runAsUser = 0)), message: "runAsUser: 0" },
    ],
});
