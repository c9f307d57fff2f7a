/**
 * The scale stack's program, shared by the stack worker (a real `pulumi up`) and the manifest renderer (the same
 * objects under mocks, for `kubectl apply`): SCALE_WORKLOADS workloads in the namespace `bench-scale`, cycling through
 * every deployment strategy (rolling, blue-green, canary, A/B) and a LogCleanup CronJob. The local API server's
 * Service range (K8SW_SERVICE_CIDR, a /16) holds the 3-4 Services of each multi-Service strategy at this size.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SCALE_NAMESPACE, SCALE_WORKLOADS } from "./settings";
import { DEPLOYMENT_FACTORIES, LOG_CLEANUP_FACTORY, buildWorkloads } from "./workloads";

/** The strategies of the scale stack, in the order the workloads cycle through them. */
export const SCALE_FACTORIES = [...DEPLOYMENT_FACTORIES, LOG_CLEANUP_FACTORY];

/** Registers the scale stack's namespace and workloads. */
export function scaleProgram(): Promise<void> {
    const ns = new k8s.core.v1.Namespace("bench-scale", { metadata: { name: SCALE_NAMESPACE } });
    buildWorkloads(
        SCALE_WORKLOADS,
        "s",
        { namespace: ns.metadata.name, password: pulumi.secret("unused") },
        SCALE_FACTORIES,
    );
    return Promise.resolve();
}
