/**
 * The `k8s-workloads` CrossGuard policy pack: `pulumi preview --policy-pack policies`
 * (optionally `--policy-pack-config policies/presets/restricted.json`). Run `npm run build` first: Pulumi loads the
 * compiled `bin/policies/index.js` through policies/package.json's "main".
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, buildPolicies } from "./crossguard";

new PolicyPack(PACK_NAME, {
    description:
        "Kubernetes workload policies: probes, resources, image pinning, pod security, rollout safety, disruption budgets, batch limits and progressive delivery.",
    policies: buildPolicies(),
});
