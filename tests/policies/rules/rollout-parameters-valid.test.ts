/** `rollout-parameters-valid`: its pass and fail cases. */
import { changed, goodDaemonSet, goodStatefulSet } from "../helpers";
import { ruleSuite, D, dspec } from "./kit";

ruleSuite("rollout-parameters-valid", {
    passing: [
        {
            name: "one replica with 25% maxUnavailable",
            objects: () => changed(D(), (d) => ((dspec(d).replicas = 1), delete dspec(d).strategy)),
        },
        {
            name: "StatefulSet partition = replicas",
            objects: () =>
                changed(goodStatefulSet(), (d) => (dspec(d).updateStrategy = { rollingUpdate: { partition: 3 } })),
        },
    ],
    failing: [
        {
            name: "maxSurge and maxUnavailable both 0",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (dspec(d).strategy = {
                            type: "RollingUpdate",
                            rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" },
                        }),
                ),
            message: "both 0",
        },
        {
            name: "maxUnavailable not below replicas",
            objects: () =>
                changed(D(), (d) => (dspec(d).strategy = { rollingUpdate: { maxSurge: 1, maxUnavailable: 3 } })),
            message: "every pod down",
        },
        {
            name: "maxUnavailable 100%",
            objects: () => changed(D(), (d) => (dspec(d).strategy = { rollingUpdate: { maxUnavailable: "100%" } })),
        },
        {
            name: "malformed maxSurge",
            objects: () =>
                changed(D(), (d) => (dspec(d).strategy = { rollingUpdate: { maxSurge: "two", maxUnavailable: 1 } })),
            message: "neither an integer",
        },
        {
            name: "Recreate with rollingUpdate",
            objects: () =>
                changed(D(), (d) => (dspec(d).strategy = { type: "Recreate", rollingUpdate: { maxSurge: 1 } })),
        },
        {
            name: "progressDeadlineSeconds <= minReadySeconds",
            objects: () =>
                changed(D(), (d) => Object.assign(dspec(d), { minReadySeconds: 60, progressDeadlineSeconds: 30 })),
        },
        {
            name: "StatefulSet partition > replicas",
            objects: () =>
                changed(
                    goodStatefulSet(),
                    (d) => (dspec(d).updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: 5 } }),
                ),
            message: "partition",
        },
        {
            name: "DaemonSet maxSurge and maxUnavailable 0",
            objects: () =>
                changed(
                    goodDaemonSet(),
                    (d) => (dspec(d).updateStrategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }),
                ),
        },
        {
            name: "DaemonSet maxUnavailable 100%",
            objects: () =>
                changed(
                    goodDaemonSet(),
                    (d) => (dspec(d).updateStrategy = { rollingUpdate: { maxUnavailable: "100%" } }),
                ),
            message: "every node",
        },
    ],
});
