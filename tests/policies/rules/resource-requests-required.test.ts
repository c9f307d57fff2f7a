/** `resource-requests-required`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { changed, goodCronJob } from "../helpers";
import { ruleSuite, D, c0, podSpec } from "./kit";

ruleSuite("resource-requests-required", {
    failing: [
        {
            name: "no cpu request",
            objects: () => changed(D(), (d) => delete (c0(d).resources as JsonObject).requests),
            message: "cpu or memory",
        },
        {
            name: "no memory request",
            objects: () =>
                changed(
                    D(),
                    (d) => (c0(d).resources = { requests: { cpu: "100m" }, limits: { memory: "1Gi", cpu: "1" } }),
                ),
            message: "memory",
        },
        {
            name: "init container without requests",
            objects: () => changed(D(), (d) => (podSpec(d).initContainers = [{ name: "init", image: "busybox:1.36" }])),
        },
        { name: "CronJob container", objects: () => changed(goodCronJob(), (d) => delete c0(d).resources) },
    ],
});
