/** `readiness-probe-required`: its pass and fail cases. */
import { changed, goodDaemonSet, goodJob, goodPod, goodStatefulSet } from "../helpers";
import { ruleSuite, D, c0, podSpec } from "./kit";

ruleSuite("readiness-probe-required", {
    passing: [
        { name: "Job needs no probes", objects: () => goodJob() },
        {
            name: "init containers need no probes",
            objects: () => changed(D(), (d) => (podSpec(d).initContainers = [{ name: "init", image: "busybox:1.36" }])),
        },
        {
            name: "Pod with restartPolicy Never",
            objects: () =>
                changed(goodPod(), (d) => ((podSpec(d).restartPolicy = "Never"), delete c0(d).readinessProbe)),
        },
    ],
    failing: [
        {
            name: "Deployment container without readinessProbe",
            objects: () => changed(D(), (d) => delete c0(d).readinessProbe),
            message: "readinessProbe",
        },
        { name: "StatefulSet", objects: () => changed(goodStatefulSet(), (d) => delete c0(d).readinessProbe) },
        { name: "DaemonSet", objects: () => changed(goodDaemonSet(), (d) => delete c0(d).readinessProbe) },
        { name: "restarting Pod", objects: () => changed(goodPod(), (d) => delete c0(d).readinessProbe) },
    ],
});
