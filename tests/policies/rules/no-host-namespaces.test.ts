/** `no-host-namespaces`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, podSpec } from "./kit";

ruleSuite("no-host-namespaces", {
    failing: [
        { name: "hostPID", objects: () => changed(D(), (d) => (podSpec(d).hostPID = true)), message: "hostPID" },
        { name: "hostIPC", objects: () => changed(D(), (d) => (podSpec(d).hostIPC = true)), message: "hostIPC" },
        {
            name: "hostNetwork",
            objects: () => changed(D(), (d) => (podSpec(d).hostNetwork = true)),
            message: "hostNetwork",
        },
    ],
});
