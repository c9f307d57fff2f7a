/** `capabilities-restricted`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, sc } from "./kit";

ruleSuite("capabilities-restricted", {
    passing: [
        {
            name: "adds allowed NET_BIND_SERVICE",
            objects: () => changed(D(), (d) => (sc(d).capabilities = { drop: ["all"], add: ["CAP_NET_BIND_SERVICE"] })),
        },
    ],
    failing: [
        {
            name: "no drop ALL",
            objects: () => changed(D(), (d) => (sc(d).capabilities = { drop: ["NET_RAW"] })),
            message: "drop ALL",
        },
        { name: "no capabilities at all", objects: () => changed(D(), (d) => delete sc(d).capabilities) },
        {
            name: "adds SYS_ADMIN",
            objects: () =>
                changed(D(), (d) => (sc(d).capabilities = { drop: ["ALL"], add: ["SYS_ADMIN", "NET_BIND_SERVICE"] })),
            message: "SYS_ADMIN",
        },
    ],
});
