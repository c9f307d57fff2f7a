/** `progressive-delivery-consistency`: its pass and fail cases. */
import { changed, goodService } from "../helpers";
import { ruleSuite, blueGreen, c0, canaryIngress, canaryVersion, variant, virtualService } from "./kit";

ruleSuite("progressive-delivery-consistency", {
    passing: [
        {
            name: "live Service selects one existing color",
            objects: () => [
                ...blueGreen(),
                goodService("web-live", { app: "web", version: "blue" }, { "k8s-workloads.io/role": "live" }),
            ],
        },
        {
            name: "canary weight within the maximum",
            objects: () => [canaryIngress("20"), virtualService(90, 10)],
            config: { maxCanaryWeight: 20 },
        },
        {
            name: "variants that share probes and resources (images may differ)",
            objects: () => [
                variant("a"),
                changed(variant("b"), (d) => (c0(d).image = "registry.example.com/team/web:1.5.0")),
            ],
        },
    ],
    failing: [
        {
            name: "live Service selects both colors",
            objects: () => [
                ...blueGreen(),
                goodService("web-live", { app: "web" }, { "k8s-workloads.io/role": "live" }),
            ],
            message: "exactly one color",
        },
        {
            name: "live Service selects a color that does not exist",
            objects: () => [
                blueGreen()[0],
                goodService("web-live", { app: "web", version: "green" }, { "k8s-workloads.io/role": "live" }),
            ],
            message: '"green"',
        },
        {
            name: "unannotated Service selecting a missing color",
            objects: () => [goodService("web", { app: "web", version: "blue" })],
        },
        {
            name: "canary Ingress weight over the maximum",
            config: { maxCanaryWeight: 50 },
            objects: () => [canaryIngress("60")],
            message: "exceeds the maximum 50%",
        },
        {
            name: "canary weight over the environment maximum",
            config: { maxCanaryWeightByEnvironment: { prod: 10 } },
            objects: () => [canaryIngress("20")],
            message: "maximum 10%",
        },
        { name: "invalid canary weight", objects: () => [canaryIngress("abc")] },
        {
            name: "Istio canary weight",
            config: { maxCanaryWeight: 20 },
            objects: () => [virtualService(70, 30)],
            message: "30%",
        },
        {
            name: "variants differ in probes",
            objects: () => [variant("a"), changed(variant("b"), (d) => delete c0(d).livenessProbe)],
            message: "livenessProbe",
        },
        {
            name: "canary differs in resources",
            objects: () => [
                canaryVersion("stable"),
                changed(canaryVersion("canary"), (d) => (c0(d).resources = { requests: { cpu: "1", memory: "1Gi" } })),
            ],
            message: "resources",
        },
    ],
});
