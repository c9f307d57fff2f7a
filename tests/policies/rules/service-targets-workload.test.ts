/** `service-targets-workload`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { changed, goodService } from "../helpers";
import { ruleSuite, D } from "./kit";

ruleSuite("service-targets-workload", {
    failing: [
        {
            name: "selector matches nothing",
            objects: () => [D(), goodService("web", { app: "wbe" })],
            message: "matches no workload",
        },
        {
            name: "other namespace",
            objects: () => [D(), changed(goodService(), (s) => ((s.metadata as JsonObject).namespace = "other"))],
        },
    ],
});
