/** `replicas-spread`: its pass and fail cases. */
import { K8sObject } from "../../../policies/lib/objects";
import { changed, goodDaemonSet, goodHpa, goodStatefulSet } from "../helpers";
import { D, dspec, podSpec, ruleSuite } from "./kit";

const unspread = (o: K8sObject): K8sObject => changed(o, (d) => delete podSpec(d).topologySpreadConstraints);

ruleSuite("replicas-spread", {
    passing: [
        { name: "a single replica", objects: () => changed(unspread(D()), (d) => (dspec(d).replicas = 1)) },
        {
            name: "required anti-affinity on the hostname",
            objects: () =>
                changed(unspread(D()), (d) => {
                    podSpec(d).affinity = {
                        podAntiAffinity: {
                            requiredDuringSchedulingIgnoredDuringExecution: [
                                {
                                    topologyKey: "kubernetes.io/hostname",
                                    labelSelector: { matchLabels: { app: "web" } },
                                },
                            ],
                        },
                    };
                }),
        },
        {
            name: "preferred anti-affinity across zones",
            objects: () =>
                changed(unspread(D()), (d) => {
                    podSpec(d).affinity = {
                        podAntiAffinity: {
                            preferredDuringSchedulingIgnoredDuringExecution: [
                                { weight: 100, podAffinityTerm: { topologyKey: "topology.kubernetes.io/zone" } },
                            ],
                        },
                    };
                }),
        },
        { name: "a DaemonSet is not a replicated workload here", objects: () => unspread(goodDaemonSet()) },
    ],
    failing: [
        { name: "three replicas, no spread", objects: () => unspread(D()), message: "runs 3 replicas" },
        { name: "a StatefulSet", objects: () => unspread(goodStatefulSet()) },
        {
            name: "HPA-scaled with one replica",
            objects: () => [changed(unspread(D()), (d) => delete dspec(d).replicas), goodHpa()],
            message: "HPA-scaled",
        },
        {
            name: "anti-affinity on a label that is no failure domain",
            objects: () =>
                changed(unspread(D()), (d) => {
                    podSpec(d).affinity = {
                        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "rack" }] },
                    };
                }),
        },
    ],
});
