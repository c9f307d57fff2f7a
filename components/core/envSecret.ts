import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { outputEnv } from "./env";
import { objectMeta } from "./metadata";

/**
 * The name of the Secret a workload owns for its Output-valued env: `<owner>-env`, where the owner is the
 * Deployment, StatefulSet or DaemonSet the env belongs to (for example `webapp-blue-env`).
 */
export function envSecretName(owner: string): string {
    return `${owner}-env`;
}

/**
 * The component-owned Secret holding every Output-valued env value (keyed by the variable's name), or undefined
 * when every value is a plain string. Values are marked secret, so they are encrypted in the Pulumi state too.
 */
export function renderEnvSecret(
    owner: string,
    namespace: pulumi.Input<string> | undefined,
    labels: Record<string, string>,
    env: Readonly<Record<string, pulumi.Input<string>>> | undefined,
): k8s.core.v1.SecretArgs | undefined {
    const values = outputEnv(env);
    const keys = Object.keys(values);
    if (keys.length === 0) {
        return undefined;
    }
    const stringData: Record<string, pulumi.Output<string>> = {};
    for (const key of keys) {
        stringData[key] = pulumi.secret(values[key]);
    }
    return { metadata: objectMeta(envSecretName(owner), namespace, labels), type: "Opaque", stringData };
}

/**
 * Creates the Secret of {@link renderEnvSecret} as a child of `parent` when the env has Output values.
 * The pod template references it through `secretKeyRef` (see {@link buildEnv}), so no Output ever lands in a
 * pod spec in plain text.
 */
export function createEnvSecret(
    parent: pulumi.Resource,
    owner: string,
    namespace: pulumi.Input<string> | undefined,
    labels: Record<string, string>,
    env: Readonly<Record<string, pulumi.Input<string>>> | undefined,
): k8s.core.v1.Secret | undefined {
    const secret = renderEnvSecret(owner, namespace, labels, env);
    return secret ? new k8s.core.v1.Secret(envSecretName(owner), secret, { parent }) : undefined;
}
