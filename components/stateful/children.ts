import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    LabelInput,
    NetworkPolicyTarget,
    ObjectArgs,
    ServiceAwaitArgs,
    ServicePortInput,
    buildHeadlessServiceSpec,
    buildServiceSpec,
    objectMeta,
    renderPdb,
    selectorLabels,
    serviceAwaitAnnotations,
    serviceDnsName,
    workloadLabels,
} from "../core";
import type { StatefulBaseArgs } from "./args";
import type { ClaimInput } from "./statefulSet";
import { disruptionBudgetOf } from "./statefulSet";

/**
 * Renders the headless Service (`clusterIP: None`) that gives a StatefulSet's pods their stable DNS names. It carries
 * no await annotation: the StatefulSet's own await proves the pods ready.
 */
export function renderHeadlessService(
    name: string,
    args: ObjectArgs,
    labels: LabelInput,
    ports: ServicePortInput,
    publishNotReadyAddresses = false,
): k8s.core.v1.ServiceArgs {
    return {
        metadata: objectMeta(name, args.namespace, workloadLabels(labels, args.labels), args.annotations),
        spec: buildHeadlessServiceSpec(selectorLabels(labels), ports, publishNotReadyAddresses),
    };
}

/** Renders a load-balanced Service across a set's pods; its await follows `awaitService` (skipped by default). */
export function renderClientService(
    name: string,
    args: ObjectArgs & ServiceAwaitArgs,
    labels: LabelInput,
    ports: ServicePortInput,
    type = "ClusterIP",
): k8s.core.v1.ServiceArgs {
    return {
        metadata: objectMeta(name, args.namespace, workloadLabels(labels, args.labels), {
            ...(args.annotations ?? {}),
            ...serviceAwaitAnnotations(args.awaitService),
        }),
        spec: buildServiceSpec(selectorLabels(labels), ports, type),
    };
}

/** What a set's NetworkPolicy selects and how it is labeled: the component's own pods. */
export function setPolicyTarget(name: string, args: ObjectArgs, labels: LabelInput): NetworkPolicyTarget {
    return {
        name,
        namespace: args.namespace,
        labels: workloadLabels(labels, args.labels),
        annotations: args.annotations,
        selector: selectorLabels(labels),
    };
}

/** The one `data` claim template of a database set. */
export function dataClaim(size: string, storageClassName: pulumi.Input<string> | undefined): ClaimInput {
    return { name: "data", size, storageClassName };
}

/** Creates the set's PodDisruptionBudget `<name>` from `disruptionBudget` (default: at most one pod down). */
export function createSetDisruptionBudget(
    parent: pulumi.Resource,
    name: string,
    args: StatefulBaseArgs,
    labels: LabelInput,
): k8s.policy.v1.PodDisruptionBudget {
    return new k8s.policy.v1.PodDisruptionBudget(name, renderPdb(name, args, labels, disruptionBudgetOf(args)), {
        parent,
    });
}

/** A Service's cluster DNS name, once its name and namespace are known. */
export function serviceHost(service: k8s.core.v1.Service): pulumi.Output<string> {
    return pulumi
        .all([service.metadata.name, service.metadata.namespace])
        .apply(([svc, ns]) => serviceDnsName(svc, ns));
}
