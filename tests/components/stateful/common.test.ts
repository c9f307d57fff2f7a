import * as assert from "assert";
import { Problems } from "../../../components/core";
import {
    buildRetentionPolicy,
    buildStatefulUpdateStrategy,
    buildVolumeClaimTemplate,
    downwardApiEnv,
    statefulSetOptions,
    validatePasswordSource,
} from "../../../components/internal";
import { fillTemplate } from "../../../components/stateful/templates";

describe("stateful builders", () => {
    it("retains claims by default", () => {
        assert.deepStrictEqual(buildRetentionPolicy({}), { whenDeleted: "Retain", whenScaled: "Retain" });
        assert.deepStrictEqual(buildRetentionPolicy({ pvcRetentionWhenScaled: "Delete" }), {
            whenDeleted: "Retain",
            whenScaled: "Delete",
        });
    });

    it("builds rolling and OnDelete update strategies", () => {
        assert.deepStrictEqual(buildStatefulUpdateStrategy({}), {
            type: "RollingUpdate",
            rollingUpdate: { partition: 0 },
        });
        assert.deepStrictEqual(buildStatefulUpdateStrategy({ maxUnavailable: "25%", partition: 3 }), {
            type: "RollingUpdate",
            rollingUpdate: { maxUnavailable: "25%", partition: 3 },
        });
        assert.deepStrictEqual(buildStatefulUpdateStrategy({ updateStrategy: "OnDelete" }), { type: "OnDelete" });
        assert.throws(
            // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
            () => buildStatefulUpdateStrategy({ updateStrategy: "Recreate" }),
            /unknown updateStrategy "Recreate"/,
        );
    });

    it("builds claim templates with and without a StorageClass", () => {
        assert.deepStrictEqual(buildVolumeClaimTemplate({ name: "data", size: "1Gi" }, { app: "x" }), {
            metadata: { name: "data", labels: { app: "x" } },
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
        });
        assert.deepStrictEqual(
            buildVolumeClaimTemplate(
                { name: "d", size: "2Gi", storageClassName: "gp3", accessModes: ["ReadWriteOncePod"] },
                {},
            ).spec,
            { accessModes: ["ReadWriteOncePod"], storageClassName: "gp3", resources: { requests: { storage: "2Gi" } } },
        );
    });

    it("gives the guide's downward-API env", () => {
        assert.deepStrictEqual(
            downwardApiEnv().map((e) => [
                e.name,
                (e.valueFrom as { fieldRef: { fieldPath: string } }).fieldRef.fieldPath,
            ]),
            [
                ["MY_POD_NAME", "metadata.name"],
                ["MY_POD_NAMESPACE", "metadata.namespace"],
                ["MY_POD_IP", "status.podIP"],
            ],
        );
    });

    it("passes protect and retainOnDelete only when set", () => {
        const parent = {} as never;
        assert.deepStrictEqual(statefulSetOptions(parent, {}), { parent });
        assert.deepStrictEqual(statefulSetOptions(parent, { protect: true, retainOnDelete: false }), {
            parent,
            protect: true,
            retainOnDelete: false,
        });
    });

    it("accepts a password or an existing Secret", () => {
        const withPassword = new Problems();
        validatePasswordSource(withPassword, { field: "password", value: "x" }, undefined, []);
        assert.deepStrictEqual(withPassword.list(), []);
        const withSecret = new Problems();
        validatePasswordSource(withSecret, { field: "password", value: undefined }, "redis-auth", []);
        assert.deepStrictEqual(withSecret.list(), []);
    });

    it("fills script templates and refuses missing values", () => {
        assert.strictEqual(fillTemplate("{{A}}-{{B}}", { A: "1", B: "2" }), "1-2");
        assert.throws(() => fillTemplate("{{A}}", {}), /no value for template placeholder \{\{A\}\}/);
    });
});
