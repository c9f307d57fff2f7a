import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    LabelInput,
    buildHeadlessServiceSpec,
    childName,
    objectMeta,
    selectorLabels,
    setOutputs,
    validComponentType,
    workloadLabels,
} from "../core";
import { NodeAgentArgs, createAgentDaemonSet } from "./common";
import { DEFAULT_NODE_EXPORTER_NAMESPACE, DEFAULT_NODE_EXPORTER_PORT } from "./nodeExporterDefaults";
import {
    nodeExporterExemptRules,
    nodeExporterScrapeAnnotations,
    renderNodeExporterPodTemplate,
    validateNodeExporterArgs,
} from "./nodeExporterSpec";

/**
 * Args of a {@link NodeExporter}.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
export interface NodeExporterArgs extends NodeAgentArgs {
    /**
     * Namespace of the DaemonSet (and Service). It must exist. Default: "monitoring" (the guide's).
     * @default "monitoring" (the guide's)
     * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
     */
    readonly namespace?: pulumi.Input<string>;
    /**
     * The port node-exporter listens on; with `hostNetwork` it is also the host port. Default: 9100.
     * @default 9100
     * @see https://kubernetes.io/docs/concepts/configuration/overview/#services
     */
    readonly port?: number;
    /**
     * Use the node's network namespace, so the metrics describe the node's interfaces (the guide's setting). Default:
     * true.
     * @default true
     * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
     */
    readonly hostNetwork?: boolean;
    /** Use the node's PID namespace (the guide's setting). Default: true. @default true */
    readonly hostPID?: boolean;
    /** Use the node's IPC namespace (the guide's setting). Default: true. @default true */
    readonly hostIPC?: boolean;
    /**
     * Expose `port` as a host port on every node (`hostPort`). Always on with `hostNetwork`. Default: true.
     * @default true
     * @see https://kubernetes.io/docs/concepts/configuration/overview/#services
     */
    readonly hostPort?: boolean;
    /**
     * Collector flags replacing the guide's filesystem exclusions (`DEFAULT_NODE_EXPORTER_COLLECTOR_ARGS`).
     * The `--path.*` and `--web.listen-address` flags are always set. Default: the guide's mount-point and
     * filesystem-type exclusions.
     * @default the guide's mount-point and filesystem-type exclusions
     * @see https://github.com/prometheus/node_exporter#collectors
     */
    readonly collectorArgs?: string[];
    /**
     * Add `prometheus.io/scrape`, `prometheus.io/port` and `prometheus.io/path` annotations to the pods (and the
     * Service). Default: true.
     * @default true
     * @see https://kubernetes.io/docs/concepts/cluster-administration/system-metrics/
     */
    readonly scrapeAnnotations?: boolean;
    /**
     * Create a headless Service selecting the exporters, for Prometheus' endpoints discovery. Default: false.
     * @default false
     * @see https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
     */
    readonly headlessService?: boolean;
}

/**
 * The guide's node monitoring agent: a Prometheus node-exporter DaemonSet on every node (every NoSchedule taint
 * tolerated) with the host's PID, IPC and network namespaces, /proc, /sys and / mounted read-only, a host port,
 * probes on /metrics, and optionally scrape annotations and a headless Service.
 *
 * Its host access is declared as a scoped exemption (`k8s-workloads.io/exempt`) with the reason on the DaemonSet.
 *
 * @example
 * new NodeExporter("node-exporter", { namespace: "monitoring" });
 */
export class NodeExporter extends pulumi.ComponentResource {
    /** The DaemonSet's name. */
    public readonly daemonSetName!: pulumi.Output<string>;
    /** The namespace it runs in. */
    public readonly namespace!: pulumi.Output<string>;
    /** The port the metrics are served on (on every node's IP with hostNetwork). */
    public readonly port!: pulumi.Output<number>;
    /** The headless Service's name, or undefined without `headlessService`. */
    public readonly serviceName!: pulumi.Output<string | undefined>;

    constructor(name: string, args: NodeExporterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(validComponentType("NodeExporter", name, validateNodeExporterArgs(args)), name, {}, opts);

        const namespace = args.namespace ?? DEFAULT_NODE_EXPORTER_NAMESPACE;
        const port = args.port ?? DEFAULT_NODE_EXPORTER_PORT;
        const labelInput: LabelInput = {
            instance: name,
            app: args.appName,
            pattern: "daemonset",
            component: "node-exporter",
        };
        const labels = workloadLabels(labelInput, args.labels);
        const scrape = nodeExporterScrapeAnnotations(args, port);
        const daemonSet = createAgentDaemonSet(this, args, {
            name,
            namespace,
            labels,
            identity: labelInput,
            template: renderNodeExporterPodTemplate(args, labels, scrape),
            exemption: {
                rules: nodeExporterExemptRules(args),
                reason: "node-exporter reports node metrics: it reads the host's /proc, /sys and / read-only and serves them on the node's network",
            },
        });

        let serviceName: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (args.headlessService) {
            const service = new k8s.core.v1.Service(
                childName(name, "headless"),
                {
                    metadata: objectMeta(childName(name, "headless"), namespace, labels, {
                        ...(args.annotations ?? {}),
                        ...scrape,
                    }),
                    spec: buildHeadlessServiceSpec(selectorLabels(labelInput), { port, targetPortName: "scrape" }),
                },
                { parent: this },
            );
            serviceName = service.metadata.name;
        }

        this.registerOutputs(
            setOutputs<NodeExporter>(this, {
                daemonSetName: daemonSet.metadata.name,
                namespace: daemonSet.metadata.namespace,
                port: pulumi.output(port),
                serviceName: serviceName,
            }),
        );
    }
}
