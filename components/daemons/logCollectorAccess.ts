import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { childName, objectMeta } from "../core";
import { renderClusterRoleBinding } from "./logCollectorSpec";

/** What the Kubernetes metadata filter reads. */
export const LOG_COLLECTOR_RBAC_RULES: k8s.types.input.rbac.v1.PolicyRule[] = [
    { apiGroups: [""], resources: ["pods", "namespaces"], verbs: ["get", "list", "watch"] },
];

/** The collector's API access: its ServiceAccount, and the ClusterRole (with its binding) that reads pods and namespaces. */
export interface LogCollectorAccess {
    readonly serviceAccount: k8s.core.v1.ServiceAccount;
    readonly clusterRole: k8s.rbac.v1.ClusterRole;
}

/**
 * Creates the collector's ServiceAccount `<name>` in its namespace, and the cluster-wide ClusterRole and
 * ClusterRoleBinding `<namespace>-<name>` (cluster-scoped names, so two collectors in two namespaces never collide).
 */
export function createLogCollectorAccess(
    parent: pulumi.Resource,
    name: string,
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
    annotations: Record<string, string> | undefined,
): LogCollectorAccess {
    const serviceAccount = new k8s.core.v1.ServiceAccount(
        childName(name, "sa"),
        { metadata: objectMeta(name, namespace, labels, annotations) },
        { parent },
    );
    const clusterRoleName = pulumi.output(namespace).apply((ns) => `${ns}-${name}`);
    const clusterRole = new k8s.rbac.v1.ClusterRole(
        childName(name, "role"),
        { metadata: objectMeta(clusterRoleName, undefined, labels, annotations), rules: LOG_COLLECTOR_RBAC_RULES },
        { parent },
    );
    new k8s.rbac.v1.ClusterRoleBinding(
        childName(name, "binding"),
        renderClusterRoleBinding(clusterRoleName, labels, annotations, clusterRole, serviceAccount),
        { parent },
    );
    return { serviceAccount, clusterRole };
}
