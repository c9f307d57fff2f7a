import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    DEFAULT_SERVICE_PORT,
    LabelInput,
    WorkloadArgs,
    childName,
    createEnvSecret,
    createNetworkPolicy,
    defaultWritablePathsFor,
    known,
    setOutputs,
    validComponentType,
    withReadOnlyRoot,
    workloadLabels,
} from "../core";
import { buildStatefulServiceContainer, validateStatefulServiceArgs } from "./statefulServiceSpec";
import {
    StatefulBaseArgs,
    StatefulUpdateArgs,
    StatefulVolumeArgs,
    buildStatefulPodTemplate,
    podDnsNames,
    renderStatefulSet,
    statefulSetOptions,
} from "./common";

import {
    createSetDisruptionBudget,
    renderClientService,
    renderHeadlessService,
    serviceHost,
    setPolicyTarget,
} from "./children";
/**
 * Args of a {@link StatefulService}.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export interface StatefulServiceArgs extends WorkloadArgs, StatefulBaseArgs, StatefulUpdateArgs {
    /** The container image, pinned to a tag or digest, for example "nginx:1.21". */
    readonly image: pulumi.Input<string>;
    /**
     * Desired pods, each with a stable name (`<name>-0`, `<name>-1`, ...) and its own claims. Default: 3 (the guide's
     * value).
     * @default 3 (the guide's value)
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#scaling-a-statefulset
     */
    readonly replicas?: pulumi.Input<number>;
    /** The container port the app listens on; the headless Service publishes it under `portName`. */
    readonly port: number;
    /**
     * One persistent volume per pod for each entry: a volumeClaimTemplate plus its mount. Default: none.
     * @default none
     * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
     */
    readonly volumes?: StatefulVolumeArgs[];
    /** The app version recorded in `app.kubernetes.io/version`. Default: none. @default none */
    readonly version?: string;
    /**
     * Also create a load-balanced Service (`<name>-svc`, of `serviceType` on `servicePort`) for clients that do not
     * need a particular pod. Default: false.
     * @default false
     * @see https://kubernetes.io/docs/concepts/services-networking/service/
     */
    readonly clientService?: boolean;
    /**
     * Publish pods in the headless Service's DNS before they are ready (peer discovery for clustered software).
     * Default: false.
     * @default false
     * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec
     */
    readonly publishNotReadyAddresses?: boolean;
    /**
     * Create the PodDisruptionBudget (numbers from `disruptionBudget`). Default: true when replicas is above 1 (or not
     * known before deployment), false for a single pod.
     * @default true when replicas is above 1 (or not known before deployment), false for a single pod
     * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
     */
    readonly createDisruptionBudget?: boolean;
}

/** The guide's replica count for a StatefulSet. */
export const DEFAULT_STATEFUL_REPLICAS = 3;

/**
 * The guide's StatefulSet: stable pod names and DNS through a headless Service (`clusterIP: None`), one
 * PersistentVolumeClaim per pod and volume, ordered or parallel pod management, rolling (with maxUnavailable and
 * partition) or OnDelete updates, and claims retained on delete and scale-down.
 *
 * @example
 * new StatefulService("web", { image: "nginx:1.21", replicas: 3, port: 80, storageClassName: "ebs-gp3",
 *     volumes: [{ name: "web-storage", mountPath: "/usr/share/nginx/html", size: "10Gi" }] });
 */
export class StatefulService extends pulumi.ComponentResource {
    /** The StatefulSet's name. */
    public readonly statefulSetName!: pulumi.Output<string>;
    /** The headless Service's name (the StatefulSet's `serviceName`). */
    public readonly headlessServiceName!: pulumi.Output<string>;
    /** The headless Service's cluster DNS name. */
    public readonly headlessServiceDnsName!: pulumi.Output<string>;
    /** The stable DNS name of every pod: `web-0.web-headless.<ns>.svc.cluster.local`, ... */
    public readonly podDnsNames!: pulumi.Output<string[]>;
    /** The load-balanced Service's name, when `clientService` is on. */
    public readonly clientServiceName!: pulumi.Output<string | undefined>;

    constructor(name: string, args: StatefulServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(validComponentType("StatefulService", name, validateStatefulServiceArgs(args)), name, {}, opts);

        const labels: LabelInput = { instance: name, app: args.appName, pattern: "stateful", appVersion: args.version };
        const replicas = args.replicas ?? DEFAULT_STATEFUL_REPLICAS;
        const headlessName = childName(name, "headless");
        const objectLabels = workloadLabels(labels, args.labels);
        const portName = args.portName ?? "http";

        const ports = { port: args.port, targetPortName: portName, extraPorts: args.extraPorts };
        const headless = new k8s.core.v1.Service(
            headlessName,
            renderHeadlessService(headlessName, args, labels, ports, args.publishNotReadyAddresses ?? false),
            { parent: this },
        );

        createEnvSecret(this, name, args.namespace, objectLabels, args.env);
        const container = buildStatefulServiceContainer(args.appName ?? name, args, name);
        const statefulSet = new k8s.apps.v1.StatefulSet(
            name,
            renderStatefulSet(args, {
                identity: { name, serviceName: headlessName, labels },
                replicas,
                template: buildStatefulPodTemplate(args, {
                    labels: objectLabels,
                    containers: [container],
                    serviceAccountName: args.serviceAccountName,
                    defaultWritablePaths: defaultWritablePathsFor(withReadOnlyRoot(args.security)),
                }),
                claims: (args.volumes ?? []).map((v) => ({
                    name: v.name,
                    size: v.size,
                    storageClassName: v.storageClassName ?? args.storageClassName,
                    accessModes: v.accessModes,
                })),
                update: args,
            }),
            { ...statefulSetOptions(this, args), dependsOn: [headless] },
        );

        let clientServiceName: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (args.clientService) {
            const svcName = childName(name, "svc");
            const client = new k8s.core.v1.Service(
                svcName,
                renderClientService(
                    svcName,
                    args,
                    labels,
                    { ...ports, port: args.servicePort ?? DEFAULT_SERVICE_PORT },
                    args.serviceType ?? "ClusterIP",
                ),
                { parent: this },
            );
            clientServiceName = client.metadata.name;
        }

        createNetworkPolicy(
            this,
            setPolicyTarget(name, args, labels),
            { ports: [args.port, ...(args.extraPorts ?? []).map((p) => p.containerPort)] },
            args.networkPolicy,
        );
        const knownReplicas = known(replicas);
        if (args.createDisruptionBudget ?? (knownReplicas === undefined || knownReplicas > 1)) {
            createSetDisruptionBudget(this, childName(name, "pdb"), args, labels);
        }

        this.registerOutputs(
            setOutputs<StatefulService>(this, {
                statefulSetName: statefulSet.metadata.name,
                headlessServiceName: headless.metadata.name,
                headlessServiceDnsName: serviceHost(headless),
                podDnsNames: podDnsNames(name, headless, replicas),
                clientServiceName: clientServiceName,
            }),
        );
    }
}
