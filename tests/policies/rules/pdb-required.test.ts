/** `pdb-required`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { K8sObject } from "../../../policies/lib/objects";
import { changed, goodHpa, goodPdb, goodService } from "../helpers";

function hpaMin(minReplicas: number): K8sObject {
    return changed(goodHpa(), (h) => ((h.spec as JsonObject).minReplicas = minReplicas));
}

function minAvailable(pdb: K8sObject, value: number): K8sObject {
    return changed(pdb, (p) => (p.spec = { minAvailable: value, selector: (p.spec as JsonObject).selector }));
}
import { ruleSuite, D, blueGreen, canaryVersion, dspec } from "./kit";

ruleSuite("pdb-required", {
    passing: [
        {
            name: "HPA minReplicas 5 and a PDB minAvailable 2 (no spec.replicas)",
            objects: () => [changed(D(), (d) => delete dspec(d).replicas), hpaMin(5), minAvailable(goodPdb(), 2)],
        },
        { name: "single replica needs no PDB", objects: () => [changed(D(), (d) => (dspec(d).replicas = 1))] },
        { name: "a canary needs no PDB", objects: () => [canaryVersion("canary")] },
        {
            name: "the idle blue-green color needs no PDB",
            objects: () => [
                ...blueGreen(),
                goodService("web-live", { app: "web", version: "blue" }, { "k8s-workloads.io/role": "live" }),
                goodPdb("web", { app: "web", version: "blue" }),
            ],
        },
        {
            name: "minAvailable below replicas",
            objects: () => [
                D(),
                changed(goodPdb(), (p) => (p.spec = { minAvailable: 2, selector: { matchLabels: { app: "web" } } })),
            ],
        },
    ],
    failing: [
        {
            name: "HPA minReplicas 2 and a PDB minAvailable 2 blocks every eviction",
            objects: () => [changed(D(), (d) => delete dspec(d).replicas), hpaMin(2), minAvailable(goodPdb(), 2)],
            message: "not below the 2 replicas",
        },
        {
            name: "HPA-scaled Deployment with one replica and no PDB",
            objects: () => [changed(D(), (d) => delete dspec(d).replicas), hpaMin(1)],
            message: "HPA-scaled",
        },
        { name: "replicated Deployment without PDB", objects: () => [D()], message: "no PodDisruptionBudget" },
        {
            name: "the live blue-green color without PDB",
            objects: () => [
                ...blueGreen(),
                goodService("web-live", { app: "web", version: "green" }, { "k8s-workloads.io/role": "live" }),
            ],
            message: "3 replicas",
        },
        {
            name: "PDB in another namespace",
            objects: () => [D(), changed(goodPdb(), (p) => ((p.metadata as JsonObject).namespace = "other"))],
        },
        {
            name: "PDB maxUnavailable 0",
            objects: () => [D(), changed(goodPdb(), (p) => ((p.spec as JsonObject).maxUnavailable = 0))],
            message: "blocks every voluntary eviction",
        },
        {
            name: "PDB minAvailable = replicas",
            objects: () => [
                D(),
                changed(goodPdb(), (p) => (p.spec = { minAvailable: 3, selector: { matchLabels: { app: "web" } } })),
            ],
            message: "not below",
        },
        {
            name: "PDB minAvailable 100%",
            objects: () => [
                D(),
                changed(
                    goodPdb(),
                    (p) => (p.spec = { minAvailable: "100%", selector: { matchLabels: { app: "web" } } }),
                ),
            ],
        },
    ],
});
