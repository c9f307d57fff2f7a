import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LabelInput, ServicePortInput, objectMeta, workloadLabels } from "../core";
import type { StatefulBaseArgs } from "./args";
import { renderHeadlessService } from "./children";
import { CredentialsSecretRef, createCredentialsSecret } from "./credentials";

/** The names of a clustered database's first objects. */
export interface DatabaseFoundationNames {
    /** The credentials Secret: created under this name, or the user's existing Secret. */
    readonly secret: string;
    /** The ConfigMap holding the server configuration. */
    readonly config: string;
    /** The headless Service that gives the servers their stable DNS names. */
    readonly headless: string;
}

/** What a clustered database puts in its first objects. */
export interface DatabaseFoundationInput {
    /** The passwords, by Secret key, when the component creates the Secret; undefined with an existing Secret. */
    readonly passwords: Record<string, pulumi.Input<string>> | undefined;
    /** The ConfigMap's files, by file name. */
    readonly configData: Record<string, string>;
    /** The ports the headless Service publishes. */
    readonly ports: ServicePortInput;
}

/** The objects a clustered database's StatefulSet starts from. */
export interface DatabaseFoundation {
    /** The credentials Secret (or the reference to the existing one). */
    readonly credentials: CredentialsSecretRef;
    /** The ConfigMap with the server configuration. */
    readonly config: k8s.core.v1.ConfigMap;
    /** The headless Service. */
    readonly headless: k8s.core.v1.Service;
    /** What the StatefulSet must wait for: the created Secret, the ConfigMap and the headless Service. */
    readonly dependsOn: pulumi.Resource[];
}

/**
 * Creates what MySQL and Redis both need before their StatefulSet: the credentials Secret (passwords as Pulumi
 * secrets, or a reference to the user's Secret), the ConfigMap with the server configuration and the headless
 * Service for the servers' stable identities.
 */
export function createDatabaseFoundation(
    parent: pulumi.Resource,
    args: StatefulBaseArgs,
    names: DatabaseFoundationNames,
    labels: LabelInput,
    input: DatabaseFoundationInput,
): DatabaseFoundation {
    const credentials = createCredentialsSecret(parent, names.secret, args, labels, input.passwords);
    const config = new k8s.core.v1.ConfigMap(
        names.config,
        {
            metadata: objectMeta(names.config, args.namespace, workloadLabels(labels, args.labels), args.annotations),
            data: input.configData,
        },
        { parent },
    );
    const headless = new k8s.core.v1.Service(
        names.headless,
        renderHeadlessService(names.headless, args, labels, input.ports),
        { parent },
    );
    return { credentials, config, headless, dependsOn: [...credentials.dependsOn, config, headless] };
}
