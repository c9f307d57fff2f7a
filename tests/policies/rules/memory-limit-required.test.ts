/** `memory-limit-required`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { changed, goodJob } from "../helpers";
import { ruleSuite, D, c0 } from "./kit";

ruleSuite("memory-limit-required", {
    failing: [
        {
            name: "no memory limit",
            objects: () => changed(D(), (d) => ((c0(d).resources as JsonObject).limits = { cpu: "200m" })),
            message: "limits.memory",
        },
        { name: "Job container", objects: () => changed(goodJob(), (d) => delete c0(d).resources) },
    ],
});
