/** `cpu-limit`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { changed } from "../helpers";
import { ruleSuite, D, c0 } from "./kit";

ruleSuite("cpu-limit", {
    passing: [
        {
            name: "ignore",
            config: { mode: "ignore" },
            objects: () => changed(D(), (d) => ((c0(d).resources as JsonObject).limits = { memory: "256Mi" })),
        },
        {
            name: "forbid without cpu limit",
            config: { mode: "forbid" },
            objects: () => changed(D(), (d) => ((c0(d).resources as JsonObject).limits = { memory: "256Mi" })),
        },
    ],
    failing: [
        {
            name: "require: no cpu limit",
            objects: () => changed(D(), (d) => ((c0(d).resources as JsonObject).limits = { memory: "256Mi" })),
        },
        { name: "forbid: cpu limit set", objects: () => D(), config: { mode: "forbid" }, message: "forbids" },
    ],
});
