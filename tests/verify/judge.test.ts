import * as assert from "assert";
import type * as k8s from "@kubernetes/client-node";
import {
    daemonSetRollout,
    deploymentRollout,
    jobComplete,
    podReady,
    serviceConnectivity,
    statefulSetRollout,
} from "../../cli/verify/judge";
import { namespacesFromStackOutputs, parseDuration, parseVerifyArgs } from "../../cli/verify";

const deployment = (status: k8s.V1DeploymentStatus, replicas = 3, generation = 2): k8s.V1Deployment => ({
    metadata: { name: "api", generation },
    spec: { replicas, selector: { matchLabels: { app: "api" } }, template: {} },
    status,
});

describe("verify judgements", () => {
    describe("Deployment rollout", () => {
        const done = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };
        it("is done when every replica is updated and available", () => {
            assert.deepStrictEqual(deploymentRollout(deployment(done)), {
                done: true,
                message: "3/3 updated, 3/3 ready, 3/3 available",
            });
        });
        it("waits for the controller, new replicas, old replicas and availability", () => {
            assert.strictEqual(deploymentRollout(deployment({ ...done, observedGeneration: 1 })).done, false);
            assert.match(
                deploymentRollout(deployment({ ...done, updatedReplicas: 2 })).message,
                /waiting for new replicas/,
            );
            assert.match(
                deploymentRollout(deployment({ ...done, replicas: 4 })).message,
                /1 old replicas pending termination/,
            );
            assert.match(
                deploymentRollout(deployment({ ...done, availableReplicas: 2 })).message,
                /waiting for updated replicas/,
            );
        });
        it("fails for good past the progress deadline", () => {
            const stalled = deploymentRollout(
                deployment({
                    ...done,
                    updatedReplicas: 1,
                    conditions: [
                        {
                            type: "Progressing",
                            status: "False",
                            reason: "ProgressDeadlineExceeded",
                            message: "timed out",
                        },
                    ],
                }),
            );
            assert.deepStrictEqual(stalled, {
                done: false,
                failed: true,
                message: "rollout exceeded its progress deadline: timed out",
            });
        });
    });

    describe("StatefulSet rollout", () => {
        const set = (status: Partial<k8s.V1StatefulSetStatus>, partition?: number): k8s.V1StatefulSet => ({
            metadata: { generation: 1 },
            spec: {
                replicas: 3,
                serviceName: "web",
                selector: {},
                template: {},
                updateStrategy:
                    partition === undefined
                        ? { type: "RollingUpdate" }
                        : { type: "RollingUpdate", rollingUpdate: { partition } },
            },
            status: { replicas: 3, observedGeneration: 1, ...status },
        });
        it("needs every pod ready and on the update revision", () => {
            assert.strictEqual(
                statefulSetRollout(
                    set({ readyReplicas: 3, updatedReplicas: 3, currentRevision: "r1", updateRevision: "r1" }),
                ).done,
                true,
            );
            assert.strictEqual(statefulSetRollout(set({ readyReplicas: 2, updatedReplicas: 3 })).done, false);
            assert.strictEqual(
                statefulSetRollout(
                    set({ readyReplicas: 3, updatedReplicas: 3, currentRevision: "r1", updateRevision: "r2" }),
                ).done,
                false,
            );
        });
        it("honours a partition", () => {
            assert.strictEqual(
                statefulSetRollout(
                    set({ readyReplicas: 3, updatedReplicas: 1, currentRevision: "r1", updateRevision: "r2" }, 2),
                ).done,
                true,
            );
            assert.strictEqual(statefulSetRollout(set({ readyReplicas: 3, updatedReplicas: 0 }, 2)).done, false);
        });
    });

    it("judges DaemonSets by scheduled, updated and available pods", () => {
        const ds = (status: Partial<k8s.V1DaemonSetStatus>): k8s.V1DaemonSet => ({
            metadata: { generation: 1 },
            status: {
                observedGeneration: 1,
                currentNumberScheduled: 4,
                desiredNumberScheduled: 4,
                numberMisscheduled: 0,
                numberReady: 4,
                ...status,
            },
        });
        assert.strictEqual(daemonSetRollout(ds({ updatedNumberScheduled: 4, numberAvailable: 4 })).done, true);
        assert.strictEqual(daemonSetRollout(ds({ updatedNumberScheduled: 3, numberAvailable: 3 })).done, false);
        assert.strictEqual(
            daemonSetRollout(ds({ desiredNumberScheduled: 0 })).message,
            "no node is eligible for this DaemonSet",
        );
    });

    it("judges pods and Jobs", () => {
        assert.strictEqual(
            podReady({ status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } }).done,
            true,
        );
        assert.strictEqual(
            podReady({ status: { phase: "Running", conditions: [{ type: "Ready", status: "False" }] } }).done,
            false,
        );
        assert.strictEqual(podReady({ status: { phase: "Succeeded" } }).done, true);
        assert.strictEqual(podReady({ status: { phase: "Failed" } }).failed, true);
        assert.strictEqual(
            jobComplete({ status: { succeeded: 1, conditions: [{ type: "Complete", status: "True" }] } }).done,
            true,
        );
        assert.strictEqual(
            jobComplete({
                status: { conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded" }] },
            }).failed,
            true,
        );
        assert.strictEqual(jobComplete({ status: { active: 1 } }).done, false);
    });

    describe("Service connectivity", () => {
        const svc: k8s.V1Service = {
            metadata: { name: "webapp" },
            spec: { selector: { app: "webapp", version: "green" } },
        };
        const slice = (pod: string, ready = true): k8s.V1EndpointSlice => ({
            addressType: "IPv4",
            endpoints: [{ addresses: ["10.0.0.1"], conditions: { ready }, targetRef: { kind: "Pod", name: pod } }],
        });
        const labels = new Map([
            ["webapp-green-1", { app: "webapp", version: "green" }],
            ["webapp-blue-1", { app: "webapp", version: "blue" }],
        ]);
        it("passes with ready endpoints of selected pods", () => {
            assert.strictEqual(serviceConnectivity(svc, [slice("webapp-green-1")], labels).done, true);
        });
        it("fails without ready endpoints, or with endpoints of other pods", () => {
            assert.deepStrictEqual(serviceConnectivity(svc, [slice("webapp-green-1", false)], labels), {
                done: false,
                message: "no ready endpoints",
            });
            assert.strictEqual(serviceConnectivity(svc, [slice("webapp-blue-1")], labels).failed, true);
        });
    });
});

describe("verify options", () => {
    it("parses durations and options", () => {
        assert.strictEqual(parseDuration("300s"), 300);
        assert.strictEqual(parseDuration("5m"), 300);
        assert.strictEqual(parseDuration("90"), 90);
        assert.strictEqual(parseDuration("soon"), undefined);
        const options = parseVerifyArgs([
            "--stack",
            "dev",
            "--timeout",
            "2m",
            "--format",
            "json",
            "--http",
            "-n",
            "a",
            "--namespace",
            "b",
        ]);
        assert.deepStrictEqual(options, {
            stack: "dev",
            kubeconfig: undefined,
            context: undefined,
            namespaces: ["a", "b"],
            timeoutSeconds: 120,
            format: "json",
            http: true,
            triggerCronJobs: true,
        });
        assert.throws(() => parseVerifyArgs(["--format", "xml"]), /--format must be text or json \(got "xml"\)/);
        assert.throws(() => parseVerifyArgs(["--timeout", "soon"]), /--timeout must be a duration/);
        assert.throws(() => parseVerifyArgs(["--bogus"]), /unknown option "--bogus"/);
    });
    it("reads the namespaces from stack outputs", () => {
        assert.deepStrictEqual(
            namespacesFromStackOutputs({ verifyNamespaces: ["a", "kube-system"], appNamespace: "a" }),
            ["a", "kube-system"],
        );
        assert.deepStrictEqual(namespacesFromStackOutputs({ appNamespace: "a" }), ["a"]);
        assert.deepStrictEqual(namespacesFromStackOutputs({}), []);
    });
});
