/** `read-only-root-filesystem`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, sc } from "./kit";

ruleSuite("read-only-root-filesystem", {
    failing: [{ name: "writable root", objects: () => changed(D(), (d) => delete sc(d).readOnlyRootFilesystem) }],
});
