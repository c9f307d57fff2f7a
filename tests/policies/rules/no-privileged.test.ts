/** `no-privileged`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, sc } from "./kit";

ruleSuite("no-privileged", {
    failing: [
        { name: "privileged", objects: () => changed(D(), (d) => (sc(d).privileged = true)), message: "privileged" },
    ],
});
