/** `selector-matches-template`: its pass and fail cases. */
import { changed, goodJob, goodStatefulSet } from "../helpers";
import { ruleSuite, D, dspec } from "./kit";

ruleSuite("selector-matches-template", {
    failing: [
        {
            name: "selector does not match",
            objects: () => changed(D(), (d) => (dspec(d).selector = { matchLabels: { app: "other" } })),
            message: "does not match",
        },
        {
            name: "missing selector",
            objects: () => changed(D(), (d) => delete dspec(d).selector),
            message: "no spec.selector",
        },
        { name: "empty selector", objects: () => changed(D(), (d) => (dspec(d).selector = {})), message: "empty" },
        {
            name: "matchExpressions NotIn",
            objects: () =>
                changed(
                    goodStatefulSet(),
                    (d) =>
                        (dspec(d).selector = { matchExpressions: [{ key: "app", operator: "NotIn", values: ["db"] }] }),
                ),
        },
        {
            name: "Job with manualSelector",
            objects: () =>
                changed(goodJob(), (d) =>
                    Object.assign(dspec(d), { manualSelector: true, selector: { matchLabels: { job: "x" } } }),
                ),
        },
    ],
});
