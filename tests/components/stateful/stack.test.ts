import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { at, find, ofType, render } from "../../harness/mocks";
import { deployStateful } from "../../../stacks/stateful";
import { EnvironmentName, StackSettings } from "../../../stacks/settings";
import { CapturedOptions, PASSWORD, T, captureOptions, leaks } from "./helpers";
import { parseQuantity } from "../../../contract";

function settings(env: EnvironmentName): StackSettings {
    return {
        env,
        namespace: `apps-${env}`,
        config: new pulumi.Config(),
        protect: env === "prod",
        networkPolicies: env !== "dev",
    };
}

function claimSizes(
    resources: Awaited<ReturnType<typeof render>>,
): { set: string; size: string; storageClass: unknown }[] {
    return ofType(resources, T.statefulSet).flatMap((r) =>
        (at(r.inputs, "spec.volumeClaimTemplates") as unknown[]).map((c) => ({
            set: r.name,
            size: at(c, "spec.resources.requests.storage") as string,
            storageClass: at(c, "spec.storageClassName"),
        })),
    );
}

describe("stacks/stateful.ts", () => {
    let saved: Record<string, string> = {};
    before(() => {
        saved = pulumi.runtime.allConfig();
        pulumi.runtime.setConfig("k8s-workloads:dbPassword", PASSWORD);
    });
    after(() => pulumi.runtime.setAllConfig(saved));

    it("dev: small claims on the default StorageClass, 1 MySQL server, 3+3 Redis, no protect", async () => {
        const captured: CapturedOptions[] = [];
        const resources = await render(() => deployStateful(settings("dev"), captureOptions(captured)));
        const claims = claimSizes(resources);
        assert.ok(claims.length > 0);
        for (const claim of claims) {
            assert.strictEqual(claim.storageClass, undefined, `${claim.set} sets a StorageClass`);
            assert.ok((parseQuantity(claim.size) ?? Infinity) <= 5 * 1024 ** 3, `${claim.set} claims ${claim.size}`);
        }
        assert.strictEqual(at(find(resources, T.statefulSet, "mysql").inputs, "spec.replicas"), 1);
        assert.strictEqual(at(find(resources, T.statefulSet, "redis").inputs, "spec.replicas"), 6);
        assert.strictEqual(at(find(resources, T.statefulSet, "web").inputs, "metadata.namespace"), "apps-dev");
        assert.deepStrictEqual(leaks(resources, PASSWORD), []);
        assert.ok(captured.filter((c) => c.type === T.statefulSet).every((c) => c.opts.protect !== true));
    });

    it("staging: between dev and prod", async () => {
        const resources = await render(() => deployStateful(settings("staging")));
        assert.strictEqual(at(find(resources, T.statefulSet, "mysql").inputs, "spec.replicas"), 2);
        assert.ok(claimSizes(resources).every((c) => c.storageClass === "ebs-gp3"));
    });

    it("prod: the guide's sizes, ebs-gp3 and protect on every StatefulSet", async () => {
        const captured: CapturedOptions[] = [];
        const resources = await render(() => deployStateful(settings("prod"), captureOptions(captured)));
        assert.strictEqual(at(find(resources, T.statefulSet, "web").inputs, "spec.replicas"), 3);
        assert.strictEqual(at(find(resources, T.statefulSet, "mysql").inputs, "spec.replicas"), 3);
        const bySet = (a: { set: string; size: string }, b: { set: string; size: string }) =>
            `${a.set}/${a.size}`.localeCompare(`${b.set}/${b.size}`);
        assert.deepStrictEqual(
            claimSizes(resources).sort(bySet),
            [
                { set: "web", size: "10Gi", storageClass: "ebs-gp3" },
                { set: "web", size: "1Gi", storageClass: "ebs-gp3" },
                { set: "mysql", size: "10Gi", storageClass: "ebs-gp3" },
                { set: "redis", size: "1Gi", storageClass: "ebs-gp3" },
            ].sort(bySet),
        );
        const sets = captured.filter((c) => c.type === T.statefulSet);
        assert.strictEqual(sets.length, 3);
        assert.ok(sets.every((c) => c.opts.protect === true));
        assert.deepStrictEqual(leaks(resources, PASSWORD), []);
    });

    it("reads the storage class and sizes from config", async () => {
        const before = pulumi.runtime.allConfig();
        pulumi.runtime.setConfig("k8s-workloads:statefulStorageClass", "fast");
        pulumi.runtime.setConfig("k8s-workloads:mysqlStorageSize", "3Gi");
        pulumi.runtime.setConfig("k8s-workloads:redisNodes", "8");
        try {
            const resources = await render(() => deployStateful(settings("dev")));
            const mysql = find(resources, T.statefulSet, "mysql").inputs;
            assert.strictEqual(at(mysql, "spec.volumeClaimTemplates.0.spec.storageClassName"), "fast");
            assert.strictEqual(at(mysql, "spec.volumeClaimTemplates.0.spec.resources.requests.storage"), "3Gi");
            assert.strictEqual(at(find(resources, T.statefulSet, "redis").inputs, "spec.replicas"), 8);
        } finally {
            pulumi.runtime.setAllConfig(before);
        }
    });
});
