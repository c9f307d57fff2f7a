/** The type-token prefix every component in this package uses: `k8s-workloads:index:<Class>`. */
export const TYPE_PREFIX = "k8s-workloads:index";

/**
 * The package's components, by class name: the one list the type tokens, the schema, the packaging test and the
 * generated-input cases are checked against.
 */
export const COMPONENT_NAMES = [
    "RollingDeployment",
    "BlueGreenDeployment",
    "CanaryDeployment",
    "ABTestDeployment",
    "StatefulService",
    "MySqlCluster",
    "RedisCluster",
    "LogCollector",
    "NodeExporter",
    "MigrationJob",
    "DatabaseBackup",
    "LogCleanup",
] as const;

/** A component's class name. */
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** Builds the type token Pulumi's schema inference gives a component class. */
export function typeToken(className: ComponentName): string {
    return `${TYPE_PREFIX}:${className}`;
}

/**
 * Names a child resource of a component: `${name}-${role}`, or the name itself when there is no role.
 * Child names always derive from the component name, so two instances in one stack never collide.
 */
export function childName(name: string, role?: string): string {
    return role ? `${name}-${role}` : name;
}

/** The in-cluster DNS name of a Service: `<service>.<namespace>.svc.cluster.local`. */
export function serviceDnsName(service: string, namespace: string, clusterDomain = "cluster.local"): string {
    return `${service}.${namespace}.svc.${clusterDomain}`;
}

/**
 * The stable DNS names of a StatefulSet's pods behind its headless Service:
 * `<set>-<ordinal>.<service>.<namespace>.svc.cluster.local`.
 */
export function statefulPodDnsNames(
    setName: string,
    headlessService: string,
    namespace: string,
    replicas: number,
    clusterDomain = "cluster.local",
): string[] {
    return Array.from(
        { length: replicas },
        (_, ordinal) => `${setName}-${ordinal}.${serviceDnsName(headlessService, namespace, clusterDomain)}`,
    );
}
