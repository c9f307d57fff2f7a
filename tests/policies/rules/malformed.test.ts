/**
 * Malformed objects (wrong types in every field a rule reads) crash no rule, and unknown kinds are left alone.
 */
import * as assert from "assert";
import { checkResources } from "../../../policies/engine";
import { K8sObject } from "../../../policies/lib/objects";
import { ALL_RULES } from "../../../policies/rules";
import { findings } from "../helpers";

const JUNK: readonly unknown[] = [null, 5, "x", true, [], [null, 1, "a"], { a: null }];

function workloadWith(junk: unknown): K8sObject[] {
    const kinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "HorizontalPodAutoscaler"];
    const more = ["ConfigMap", "ServiceAccount", "NetworkPolicy", "PodDisruptionBudget", "Service", "Ingress"];
    return [...kinds, ...more].flatMap((kind) => [
        { apiVersion: junk, kind, metadata: junk, spec: junk, data: junk },
        {
            apiVersion: "apps/v1",
            kind,
            metadata: { name: junk, namespace: junk, labels: junk, annotations: junk },
            spec: {
                replicas: junk,
                selector: junk,
                podSelector: junk,
                scaleTargetRef: junk,
                minReplicas: junk,
                maxReplicas: junk,
                template: { metadata: { labels: junk, annotations: junk }, spec: junk },
                jobTemplate: { spec: { template: { spec: { containers: junk, volumes: junk } } } },
                containers: [junk, { name: junk, image: junk, env: junk, resources: junk, securityContext: junk }],
                volumes: [junk, { name: junk, hostPath: junk }],
                securityContext: { sysctls: junk },
                affinity: junk,
                topologySpreadConstraints: junk,
                automountServiceAccountToken: junk,
            },
            data: junk,
        },
    ]);
}

describe("malformed objects", () => {
    for (const junk of JUNK) {
        it(`no rule throws on fields set to ${JSON.stringify(junk)}`, () => {
            const set = workloadWith(junk);
            for (const r of ALL_RULES) {
                assert.doesNotThrow(
                    () => (r.scope === "stack" ? findings(r.name, set) : set.map((o) => findings(r.name, o))),
                    r.name,
                );
            }
            assert.doesNotThrow(() => checkResources(set, { preset: "restricted" }));
        });
    }

    it("an unknown kind with a pod-like spec is reported by no per-object rule", () => {
        const widget = {
            apiVersion: "example.com/v1",
            kind: "Widget",
            metadata: { name: "w" },
            spec: { containers: [{ name: "c", image: "x:latest" }] },
        };
        const perObject = ALL_RULES.filter((r) => r.scope === "resource").flatMap((r) => findings(r.name, widget));
        assert.deepStrictEqual(perObject, []);
    });
});
