/** `pdb-required`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { changed, goodPdb, goodService } from "../helpers";
import { ruleSuite, D, blueGreen, canaryVersion, dspec } from "./kit";

ruleSuite("pdb-required", {
    passing: [
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
