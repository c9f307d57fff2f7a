/** `liveness-probe-required`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, c0, podSpec } from "./kit";

ruleSuite("liveness-probe-required", {
    failing: [
        {
            name: "Deployment container without livenessProbe",
            objects: () => changed(D(), (d) => delete c0(d).livenessProbe),
            message: "livenessProbe",
        },
        {
            name: "second container",
            objects: () =>
                changed(D(), (d) =>
                    (podSpec(d).containers as unknown[]).push({ ...c0(d), name: "side", livenessProbe: null }),
                ),
        },
    ],
});
