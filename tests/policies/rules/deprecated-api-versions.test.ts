/** `deprecated-api-versions`: its pass and fail cases. */
import { K8sObject } from "../../../policies/lib/objects";
import { changed, goodCronJob, goodPdb } from "../helpers";
import { D, ruleSuite } from "./kit";

function at(o: K8sObject, apiVersion: string): () => K8sObject {
    return () => changed(o, (d) => (d.apiVersion = apiVersion));
}

function object(apiVersion: string, kind: string): () => K8sObject {
    return () => ({ apiVersion, kind, metadata: { name: "x", namespace: "apps" }, spec: {} });
}

ruleSuite("deprecated-api-versions", {
    passing: [
        { name: "autoscaling/v2 HPA", objects: object("autoscaling/v2", "HorizontalPodAutoscaler") },
        { name: "networking.k8s.io/v1 Ingress", objects: object("networking.k8s.io/v1", "Ingress") },
        { name: "an unknown custom resource", objects: object("example.com/v1beta1", "Widget") },
        { name: "no apiVersion", objects: () => ({ kind: "Deployment", metadata: { name: "x" } }) },
    ],
    failing: [
        { name: "extensions/v1beta1 Deployment", objects: at(D(), "extensions/v1beta1"), message: "use apps/v1" },
        { name: "apps/v1beta1 Deployment", objects: at(D(), "apps/v1beta1"), message: "1.16" },
        { name: "apps/v1beta2 Deployment", objects: at(D(), "apps/v1beta2"), message: "use apps/v1" },
        { name: "policy/v1beta1 PDB", objects: at(goodPdb(), "policy/v1beta1"), message: "use policy/v1" },
        {
            name: "policy/v1beta1 PodSecurityPolicy",
            objects: object("policy/v1beta1", "PodSecurityPolicy"),
            message: "Pod Security admission",
        },
        { name: "batch/v1beta1 CronJob", objects: at(goodCronJob(), "batch/v1beta1"), message: "use batch/v1" },
        {
            name: "autoscaling/v2beta1 HPA",
            objects: object("autoscaling/v2beta1", "HorizontalPodAutoscaler"),
            message: "autoscaling/v2",
        },
        {
            name: "autoscaling/v2beta2 HPA",
            objects: object("autoscaling/v2beta2", "HorizontalPodAutoscaler"),
            message: "1.26",
        },
        {
            name: "networking.k8s.io/v1beta1 Ingress",
            objects: object("networking.k8s.io/v1beta1", "Ingress"),
            message: "networking.k8s.io/v1",
        },
        { name: "extensions/v1beta1 Ingress", objects: object("extensions/v1beta1", "Ingress"), message: "1.22" },
        {
            name: "rbac v1beta1 Role",
            objects: object("rbac.authorization.k8s.io/v1beta1", "Role"),
            message: "rbac.authorization.k8s.io/v1",
        },
    ],
});
