import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Problems, checkEnvName, checkRequired, known, show } from "./validation";

/**
 * A key of an existing Kubernetes Secret.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
 */
export interface SecretKeyRefArgs {
    /** The Secret's name. */
    readonly secretName: string;
    /** The key inside the Secret. */
    readonly key: string;
}

/** An environment variable read from a Secret key. */
export interface SecretEnvArgs extends SecretKeyRefArgs {
    /** The environment variable's name. */
    readonly name: string;
    /** Start the pod even when the Secret or key is missing. @default false */
    readonly optional?: boolean;
}

/** An environment variable read from a ConfigMap key. */
export interface ConfigMapEnvArgs {
    /** The environment variable's name. */
    readonly name: string;
    /** The ConfigMap's name. */
    readonly configMapName: string;
    /** The key inside the ConfigMap. */
    readonly key: string;
    /** Start the pod even when the ConfigMap or key is missing. @default false */
    readonly optional?: boolean;
}

/** Everything that becomes a container's environment. */
export interface EnvInput {
    /** Literal variables, in insertion order. Never put secrets here: use `secretEnv`. */
    readonly env?: Readonly<Record<string, pulumi.Input<string>>>;
    /** Variables from Secret keys. */
    readonly secretEnv?: readonly SecretEnvArgs[];
    /** Variables from ConfigMap keys. */
    readonly configMapEnv?: readonly ConfigMapEnvArgs[];
}

/** Environment variable names that look like credentials and so must never carry a literal value. */
export const SECRET_LIKE_ENV = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;

/** Builds the `env` list: literal variables first, then Secret keys, then ConfigMap keys. */
export function buildEnv(input: EnvInput): k8s.types.input.core.v1.EnvVar[] {
    const literal = Object.entries(input.env ?? {}).map(([name, value]) => ({ name, value }));
    const fromSecrets = (input.secretEnv ?? []).map((ref) => ({
        name: ref.name,
        valueFrom: { secretKeyRef: secretKeyRef(ref, ref.optional) },
    }));
    const fromConfigMaps = (input.configMapEnv ?? []).map((ref) => ({
        name: ref.name,
        valueFrom: {
            configMapKeyRef: {
                name: ref.configMapName,
                key: ref.key,
                ...(ref.optional ? { optional: true } : {}),
            },
        },
    }));
    return [...literal, ...fromSecrets, ...fromConfigMaps];
}

/** A `secretKeyRef` for a Secret key. */
export function secretKeyRef(ref: SecretKeyRefArgs, optional?: boolean): k8s.types.input.core.v1.SecretKeySelector {
    return { name: ref.secretName, key: ref.key, ...(optional ? { optional: true } : {}) };
}

/** Builds `envFrom` for whole Secrets and ConfigMaps. */
export function buildEnvFrom(
    secrets: readonly string[] = [],
    configMaps: readonly string[] = [],
): k8s.types.input.core.v1.EnvFromSource[] {
    return [
        ...configMaps.map((name) => ({ configMapRef: { name } })),
        ...secrets.map((name) => ({ secretRef: { name } })),
    ];
}

/** Validates a Secret key reference: both the Secret's name and the key are required. */
export function validateSecretKeyRef(problems: Problems, field: string, ref: SecretKeyRefArgs | undefined): void {
    if (!ref) {
        problems.add(field, `${field} is required (got undefined); give { secretName: "db-credentials", key: "url" }`);
        return;
    }
    checkRequired(
        problems,
        `${field}.secretName`,
        ref.secretName,
        `name the Secret that holds the value, for example "db-credentials"`,
    );
    checkRequired(problems, `${field}.key`, ref.key, `name the key inside the Secret, for example "url"`);
}

/**
 * Validates env names, and rejects literal values for credential-like names.
 * @param prefix property-path prefix, for example "" or "variants[1]."
 */
export function validateEnv(problems: Problems, prefix: string, input: EnvInput): void {
    for (const [name, value] of Object.entries(input.env ?? {})) {
        const field = `${prefix}env.${name}`;
        checkEnvName(problems, field, name);
        const plain = known(value);
        if (typeof plain === "string" && plain !== "" && SECRET_LIKE_ENV.test(name)) {
            problems.add(
                field,
                `${field} looks like a credential and must not be a literal value (got a ${plain.length}-character literal); use secretEnv: [{ name: ${show(name)}, secretName: "...", key: "..." }]`,
            );
        }
    }
    (input.secretEnv ?? []).forEach((ref, i) => {
        checkEnvName(problems, `${prefix}secretEnv[${i}].name`, ref.name);
        validateSecretKeyRef(problems, `${prefix}secretEnv[${i}]`, ref);
    });
    (input.configMapEnv ?? []).forEach((ref, i) => {
        const field = `${prefix}configMapEnv[${i}]`;
        checkEnvName(problems, `${field}.name`, ref.name);
        checkRequired(problems, `${field}.configMapName`, ref.configMapName, "name the ConfigMap");
        checkRequired(problems, `${field}.key`, ref.key, "name the key inside the ConfigMap");
    });
}
