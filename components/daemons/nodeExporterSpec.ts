import * as k8s from "@pulumi/kubernetes";
import { RuleName } from "../../contract";
import {
    buildContainer,
    buildPodTemplateFor,
    checkPort,
    hostVolumeMounts,
    hostVolumes,
    POLICY_RULES,
    Problems,
    show,
} from "../core";
import { DEFAULT_AGENT_GRACE_PERIOD_SECONDS, agentProbes, validateAgentProbes, validateNodeAgentArgs } from "./common";
import {
    DEFAULT_NODE_EXPORTER_COLLECTOR_ARGS,
    DEFAULT_NODE_EXPORTER_IMAGE,
    DEFAULT_NODE_EXPORTER_PORT,
    NODE_EXPORTER_METRICS_PATH,
    NODE_EXPORTER_MOUNTS,
    NODE_EXPORTER_RESOURCES,
    NODE_EXPORTER_USER,
    TOLERATE_ALL_NO_SCHEDULE,
} from "./nodeExporterDefaults";
import type { NodeExporterArgs } from "./nodeExporter";

/** Validates {@link NodeExporterArgs}; returns every problem found. */
export function validateNodeExporterArgs(args: NodeExporterArgs): Problems {
    const problems = new Problems();
    validateNodeAgentArgs(problems, args, NODE_EXPORTER_RESOURCES);
    checkPort(problems, "port", args.port);
    if (args.hostNetwork !== false && args.hostPort === false) {
        problems.add(
            "hostPort",
            `hostPort cannot be false while hostNetwork is on (got hostPort false, hostNetwork ${show(args.hostNetwork ?? true)}); with the node's network the port is always a host port: set hostNetwork: false too`,
        );
    }
    (args.collectorArgs ?? []).forEach((arg, i) => {
        if (!arg.startsWith("--")) {
            problems.add(
                `collectorArgs[${i}]`,
                `collectorArgs[${i}] must be a flag starting with "--" (got ${show(arg)}); join flag and value with "=", for example "--collector.systemd"`,
            );
        }
    });
    validateAgentProbes(problems, args);
    return problems;
}

/** The node-exporter arguments: host paths, the listen address, then the collector flags. */
export function nodeExporterArgs(port: number, collectorArgs: readonly string[]): string[] {
    return [
        "--path.procfs=/host/proc",
        "--path.sysfs=/host/sys",
        "--path.rootfs=/host/root",
        `--web.listen-address=:${port}`,
        ...collectorArgs,
    ];
}

/** The policy rules node-exporter's host access breaks, for the settings in use. */
export function nodeExporterExemptRules(args: NodeExporterArgs): RuleName[] {
    const hostNetwork = args.hostNetwork ?? true;
    const namespaces = hostNetwork || (args.hostPID ?? true) || (args.hostIPC ?? true);
    const hostPort = hostNetwork || (args.hostPort ?? true);
    return [
        ...(namespaces ? [POLICY_RULES.hostNamespaces] : []),
        POLICY_RULES.hostPath,
        POLICY_RULES.volumeTypes,
        ...(hostPort ? [POLICY_RULES.hostPorts] : []),
    ];
}

/** The Prometheus scrape hints on the pods and the Service, unless turned off. */
export function nodeExporterScrapeAnnotations(args: NodeExporterArgs, port: number): Record<string, string> {
    return args.scrapeAnnotations === false
        ? {}
        : {
              "prometheus.io/scrape": "true",
              "prometheus.io/port": String(port),
              "prometheus.io/path": NODE_EXPORTER_METRICS_PATH,
          };
}

/** The node-exporter pod: host namespaces, read-only host mounts, a host port and the non-root user. */
export function renderNodeExporterPodTemplate(
    args: NodeExporterArgs,
    labels: Record<string, string>,
    scrape: Record<string, string>,
): k8s.types.input.core.v1.PodTemplateSpec {
    const port = args.port ?? DEFAULT_NODE_EXPORTER_PORT;
    const hostNetwork = args.hostNetwork ?? true;
    const container = buildContainer({
        name: "node-exporter",
        image: args.image ?? DEFAULT_NODE_EXPORTER_IMAGE,
        port,
        portName: "scrape",
        hostPort: hostNetwork || (args.hostPort ?? true) ? port : undefined,
        args: nodeExporterArgs(port, args.collectorArgs ?? DEFAULT_NODE_EXPORTER_COLLECTOR_ARGS),
        imagePullPolicy: args.imagePullPolicy,
        resources: args.resources,
        resourceDefaults: NODE_EXPORTER_RESOURCES,
        ...agentProbes(args, NODE_EXPORTER_METRICS_PATH),
        security: {
            runAsNonRoot: true,
            runAsUser: NODE_EXPORTER_USER,
            runAsGroup: NODE_EXPORTER_USER,
            readOnlyRootFilesystem: true,
        },
        volumeMounts: hostVolumeMounts(NODE_EXPORTER_MOUNTS),
    });
    return buildPodTemplateFor(args, {
        labels,
        defaultAnnotations: scrape,
        containers: [container],
        volumes: hostVolumes(NODE_EXPORTER_MOUNTS),
        security: { runAsNonRoot: true },
        hostNetwork,
        hostPID: args.hostPID ?? true,
        hostIPC: args.hostIPC ?? true,
        dnsPolicy: hostNetwork ? "ClusterFirstWithHostNet" : undefined,
        terminationGracePeriodSeconds: args.terminationGracePeriodSeconds ?? DEFAULT_AGENT_GRACE_PERIOD_SECONDS,
        scheduling: { tolerations: [...TOLERATE_ALL_NO_SCHEDULE, ...(args.tolerations ?? [])] },
    });
}
