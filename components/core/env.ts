import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { checkDataKey, checkObjectList, checkObjectName } from "./k8sRules";
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
    /** Start the pod even when the Secret or key is missing. Default: false. @default false */
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
    /** Start the pod even when the ConfigMap or key is missing. Default: false. @default false */
    readonly optional?: boolean;
}

/** Everything that becomes a container's environment. */
export interface EnvInput {
    /**
     * Variables, in insertion order. Plain strings are inlined; every other value (an Output, a Promise, a
     * `pulumi.secret(...)`) goes into the component-owned Secret `envSecretName` and is read through secretKeyRef.
     */
    readonly env?: Readonly<Record<string, pulumi.Input<string>>>;
    /** The component-owned Secret holding the Output-valued `env` entries (see envSecret.ts). */
    readonly envSecretName?: string;
    /** Variables from Secret keys. */
    readonly secretEnv?: readonly SecretEnvArgs[];
    /** Variables from ConfigMap keys. */
    readonly configMapEnv?: readonly ConfigMapEnvArgs[];
}

/** Environment variable names that look like credentials and so must never carry a literal value. */
export const SECRET_LIKE_ENV = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;

/**
 * The env entries whose value is not a plain string (Outputs and Promises, secret or not). Secret-ness of an
 * Output is known only asynchronously, so every such value is treated as a secret.
 */
export function outputEnv(
    env: Readonly<Record<string, pulumi.Input<string>>> | undefined,
): Record<string, pulumi.Input<string>> {
    return Object.fromEntries(Object.entries(env ?? {}).filter(([, value]) => typeof value !== "string"));
}

/** One `env` entry: a plain string inline, anything else through the component's env Secret. */
function envVar(name: string, value: pulumi.Input<string>, envSecretName?: string): k8s.types.input.core.v1.EnvVar {
    if (typeof value === "string") {
        return { name, value };
    }
    if (envSecretName === undefined) {
        throw new Error(
            `env.${name} is an Output, which is never inlined into a pod spec, but this container has no env Secret; pass a plain string, or use secretEnv`,
        );
    }
    return { name, valueFrom: { secretKeyRef: { name: envSecretName, key: name } } };
}

/**
 * Builds the `env` list: `env` first (plain strings inline, Output values from the env Secret), then Secret
 * keys, then ConfigMap keys.
 */
export function buildEnv(input: EnvInput): k8s.types.input.core.v1.EnvVar[] {
    const literal = Object.entries(input.env ?? {}).map(([name, value]) => envVar(name, value, input.envSecretName));
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

/** True for an Output or a Promise: a value known only during the deployment. */
function isEventual(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/**
 * Validates a Secret key reference: a plain `{ secretName, key }` object with a DNS-1123 Secret name and a valid
 * key. A string or an Output (for example `pulumi.secret(url)`) is rejected: it would otherwise produce an empty
 * `secretKeyRef`, or put the value in plain text.
 */
export function validateSecretKeyRef(problems: Problems, field: string, ref: SecretKeyRefArgs | undefined): void {
    const fix = `give { secretName: "db-credentials", key: "url" } naming an existing Secret key`;
    if (ref === undefined || ref === null) {
        problems.add(
            field,
            `${field} is required (got ${show(ref)}); give { secretName: "db-credentials", key: "url" }`,
        );
        return;
    }
    if (typeof ref !== "object" || isEventual(ref) || Array.isArray(ref)) {
        const got = isEventual(ref) ? "an Output" : show(ref);
        problems.add(
            field,
            `${field} must be a Secret key reference, not a value (got ${got}); store the value in a Secret and ${fix}`,
        );
        return;
    }
    checkRequired(
        problems,
        `${field}.secretName`,
        ref.secretName,
        `name the Secret that holds the value, for example "db-credentials"`,
    );
    checkRequired(problems, `${field}.key`, ref.key, `name the key inside the Secret, for example "url"`);
    checkObjectName(problems, `${field}.secretName`, ref.secretName, "db-credentials");
    checkDataKey(problems, `${field}.key`, ref.key);
}

/**
 * Validates env names, and rejects literal values for credential-like names.
 * @param prefix property-path prefix, for example "" or "variants[1]."
 */
export function validateEnv(problems: Problems, prefix: string, input: EnvInput): void {
    if (checkEnvMap(problems, `${prefix}env`, input.env)) {
        validateEnvValues(problems, prefix, input.env ?? {});
    }
    validateSecretEnv(problems, prefix, input.secretEnv);
    validateConfigMapEnv(problems, prefix, input.configMapEnv);
}

/** Checks that `env` is a map of names to values (not a list or a string); true when its entries can be read. */
function checkEnvMap(problems: Problems, field: string, env: unknown): boolean {
    if (env === undefined || env === null) {
        return false;
    }
    if (typeof env !== "object" || Array.isArray(env) || isEventual(env)) {
        problems.add(
            field,
            `${field} must be a map of variable names to values (got ${isEventual(env) ? "an Output" : show(env)}); for example { LOG_LEVEL: "info" }`,
        );
        return false;
    }
    return true;
}

/** Checks each `env` entry: a valid name, a string or Output value, no literal credential. */
function validateEnvValues(
    problems: Problems,
    prefix: string,
    env: Readonly<Record<string, pulumi.Input<string>>>,
): void {
    for (const [name, value] of Object.entries(env)) {
        const field = `${prefix}env.${name}`;
        checkEnvName(problems, field, name);
        if (typeof value !== "string" && !isEventual(value)) {
            problems.add(
                field,
                `${field} must be a string or an Output of one (got ${show(value)}); quote it, for example "${show(value)}"`,
            );
            continue;
        }
        const plain = known(value);
        if (typeof plain === "string" && plain !== "" && SECRET_LIKE_ENV.test(name)) {
            problems.add(
                field,
                `${field} looks like a credential and must not be a literal value (got a ${plain.length}-character literal); use secretEnv: [{ name: ${show(name)}, secretName: "...", key: "..." }]`,
            );
        }
    }
}

/** Checks `secretEnv`: a list of `{ name, secretName, key }` objects. */
function validateSecretEnv(problems: Problems, prefix: string, secretEnv: unknown): void {
    const example = `[{ name: "DB_PASSWORD", secretName: "db-credentials", key: "password" }]`;
    if (!checkObjectList(problems, `${prefix}secretEnv`, secretEnv, example)) {
        return;
    }
    ((secretEnv ?? []) as SecretEnvArgs[]).forEach((ref, i) => {
        checkEnvName(problems, `${prefix}secretEnv[${i}].name`, ref.name);
        validateSecretKeyRef(problems, `${prefix}secretEnv[${i}]`, ref);
    });
}

/** Checks `configMapEnv`: a list of `{ name, configMapName, key }` objects. */
function validateConfigMapEnv(problems: Problems, prefix: string, configMapEnv: unknown): void {
    const example = `[{ name: "LOG_LEVEL", configMapName: "app-config", key: "log-level" }]`;
    if (!checkObjectList(problems, `${prefix}configMapEnv`, configMapEnv, example)) {
        return;
    }
    ((configMapEnv ?? []) as ConfigMapEnvArgs[]).forEach((ref, i) => {
        const field = `${prefix}configMapEnv[${i}]`;
        checkEnvName(problems, `${field}.name`, ref.name);
        checkRequired(problems, `${field}.configMapName`, ref.configMapName, "name the ConfigMap");
        checkRequired(problems, `${field}.key`, ref.key, "name the key inside the ConfigMap");
        checkObjectName(problems, `${field}.configMapName`, ref.configMapName, "app-config");
        checkDataKey(problems, `${field}.key`, ref.key);
    });
}
