/** `min-replicas`: its pass and fail cases. */
import { changed, goodStatefulSet } from "../helpers";
import { ruleSuite, D, canaryVersion, dspec, variant } from "./kit";

ruleSuite("min-replicas", {
    passing: [
        {
            name: "canary Deployment with one replica",
            objects: () => [changed(canaryVersion("canary"), (d) => (dspec(d).replicas = 1))],
        },
        {
            name: "A/B variant with one replica",
            objects: () => [changed(variant("b"), (d) => (dspec(d).replicas = 1))],
        },
        { name: "scaled to zero", objects: () => [changed(D(), (d) => (dspec(d).replicas = 0))] },
        {
            name: "HPA target with HPA minReplicas 2",
            objects: () => [
                changed(D(), (d) => delete dspec(d).replicas),
                {
                    apiVersion: "autoscaling/v2",
                    kind: "HorizontalPodAutoscaler",
                    metadata: { name: "web", namespace: "apps" },
                    spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 5 },
                },
            ],
        },
    ],
    failing: [
        { name: "one replica", objects: () => [changed(D(), (d) => (dspec(d).replicas = 1))], message: "replicas 1" },
        { name: "replicas unset (1)", objects: () => [changed(goodStatefulSet(), (d) => delete dspec(d).replicas)] },
        { name: "configured minimum", config: { minReplicas: 5 }, objects: () => [D()] },
        {
            name: "HPA with minReplicas 1",
            objects: () => [
                changed(D(), (d) => (dspec(d).replicas = 1)),
                {
                    apiVersion: "autoscaling/v2",
                    kind: "HorizontalPodAutoscaler",
                    metadata: { name: "web", namespace: "apps" },
                    spec: {
                        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
                        maxReplicas: 5,
                    },
                },
            ],
            message: "minReplicas 1",
        },
    ],
});
