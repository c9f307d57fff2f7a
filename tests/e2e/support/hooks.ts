/**
 * Mocha root hooks of the end-to-end tier, loaded by .mocharc.e2e.json and scripts/e2e.sh (`--require`).
 *
 * Before every scenario, the local volumes whose claims are gone are freed (see freeUnclaimedVolumes): the cluster's
 * volumes are pre-provisioned with reclaim policy Retain, and every stack a scenario, the demo or an earlier run
 * destroyed leaves its volumes behind. Without this, the 40 volumes run out part-way through the tier and a
 * StatefulSet waits for a claim that never binds.
 */
import { Kube, freeUnclaimedVolumes } from "./kube";

let cluster: Kube | undefined;

export const mochaHooks = {
    async beforeEach(): Promise<void> {
        cluster ??= new Kube();
        await freeUnclaimedVolumes(cluster);
    },
};
