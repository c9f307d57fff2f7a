/** `hpa-consistency`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { K8sObject } from "../../../policies/lib/objects";
import { changed, goodHpa } from "../helpers";
import { D, dspec, ruleSuite } from "./kit";

const scaled = (): K8sObject => changed(D(), (d) => delete dspec(d).replicas);
const hpa = (spec: JsonObject): K8sObject =>
    changed(goodHpa(), (h) => (h.spec = { ...(h.spec as JsonObject), ...spec }));

ruleSuite("hpa-consistency", {
    passing: [
        { name: "HPA on a Deployment without spec.replicas", objects: () => [scaled(), goodHpa()] },
        {
            name: "minReplicas equal to maxReplicas",
            objects: () => [scaled(), hpa({ minReplicas: 3, maxReplicas: 3 })],
        },
        { name: "a Deployment without HPA keeps its replicas", objects: () => D() },
    ],
    failing: [
        { name: "the target is not in the set", objects: () => goodHpa(), message: "Deployment/web is not in the set" },
        {
            name: "the target is in another namespace",
            objects: () => [changed(scaled(), (d) => ((d.metadata as JsonObject).namespace = "other")), goodHpa()],
        },
        {
            name: "minReplicas above maxReplicas",
            objects: () => [scaled(), hpa({ minReplicas: 5, maxReplicas: 3 })],
            message: "minReplicas 5",
        },
        {
            name: "no scaleTargetRef",
            objects: () => [scaled(), hpa({ scaleTargetRef: undefined })],
            message: "scaleTargetRef",
        },
        {
            name: "the scaled Deployment also sets replicas",
            objects: () => [D(), goodHpa()],
            message: "spec.replicas 3",
        },
    ],
});
