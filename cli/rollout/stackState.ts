/**
 * Finds a component and its children in a stack's exported state (`pulumi stack export`), as plain data. Pure.
 */
import { ComponentInfo, ROLLOUT_KINDS, RolloutKind } from "./engine";

/** A resource of an exported deployment (the fields the driver reads). */
export interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly parent?: string;
    readonly outputs?: Record<string, unknown>;
}

/** A Deployment of the component, by its Pulumi name (`shop-canary`) and its Kubernetes name and namespace. */
export interface ChildDeployment {
    readonly resourceName: string;
    readonly name: string;
    readonly namespace: string;
    readonly selector: Record<string, string>;
    readonly containerPort?: number;
}

/** What the cluster side of the engine needs to know about the component. */
export interface ComponentResources {
    readonly info: ComponentInfo;
    readonly deployments: readonly ChildDeployment[];
    /** The Service every request of a "service" gate goes to, and the blue-green preview Service. */
    readonly serviceName?: string;
    readonly previewServiceName?: string;
}

const DRIVABLE_TYPES: Record<string, RolloutKind> = {
    "k8s-workloads:index:CanaryDeployment": ROLLOUT_KINDS.canary,
    "k8s-workloads:index:BlueGreenDeployment": ROLLOUT_KINDS.blueGreen,
};

/** The name part of a URN (`urn:pulumi:dev::proj::type::name` → `name`). */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

const record = (value: unknown): Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function childDeployment(resource: StateResource): ChildDeployment {
    const outputs = record(resource.outputs);
    const metadata = record(outputs.metadata);
    const spec = record(outputs.spec);
    const podSpec = record(record(record(spec.template).spec));
    const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
    const ports = record(containers[0]).ports;
    const port = Array.isArray(ports) ? record(ports[0]).containerPort : undefined;
    const labels = record(record(spec.selector).matchLabels);
    return {
        resourceName: urnName(resource.urn),
        name: text(metadata.name) ?? urnName(resource.urn),
        namespace: text(metadata.namespace) ?? "default",
        selector: Object.fromEntries(Object.entries(labels).filter(([, v]) => typeof v === "string")) as Record<
            string,
            string
        >,
        containerPort: typeof port === "number" ? port : undefined,
    };
}

/**
 * Finds a CanaryDeployment or BlueGreenDeployment by name; throws an Error naming what the stack has instead.
 */
export function findComponent(resources: readonly StateResource[], name: string, stack: string): ComponentResources {
    const components = resources.filter((r) => r.type.startsWith("k8s-workloads:index:"));
    const matches = components.filter((r) => urnName(r.urn) === name);
    const drivable = matches.find((r) => DRIVABLE_TYPES[r.type] !== undefined);
    if (!drivable) {
        const other = matches[0];
        if (other) {
            throw new Error(
                `${name} in stack ${stack} is a ${other.type.split(":").pop() ?? other.type}; rollout drives CanaryDeployment and BlueGreenDeployment components`,
            );
        }
        const candidates = components
            .filter((r) => DRIVABLE_TYPES[r.type] !== undefined)
            .map((r) => `${urnName(r.urn)} (${r.type.split(":").pop() ?? ""})`);
        throw new Error(
            `no CanaryDeployment or BlueGreenDeployment named "${name}" in stack ${stack}; ${candidates.length > 0 ? `the stack has ${candidates.join(", ")}` : "the stack has none (run pulumi up first)"}`,
        );
    }
    const deployments = resources
        .filter((r) => r.parent === drivable.urn && r.type === "kubernetes:apps/v1:Deployment")
        .map(childDeployment);
    const outputs = record(drivable.outputs);
    const kind = DRIVABLE_TYPES[drivable.type];
    return {
        info: {
            name,
            kind,
            namespace: deployments[0]?.namespace ?? "default",
            recordedPlan: outputs.rolloutPlan,
            activeColor: text(outputs.activeColor),
        },
        deployments,
        serviceName: text(outputs.serviceName),
        previewServiceName: text(outputs.previewServiceName),
    };
}
