import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { isDns1123Subdomain } from "../../contract";
import { LabelInput, Problems, known, objectMeta, show, workloadLabels } from "../core";
import { StatefulBaseArgs } from "./args";

/** A password given as a Pulumi input, or a key of an existing Secret. */
export interface PasswordSource {
    /** The field name of the password arg, for messages (for example "rootPassword"). */
    readonly field: string;
    readonly value: pulumi.Input<string> | undefined;
    /** For a Secret key: the key used when none is given, so that collisions with the defaults are found too. */
    readonly defaultValue?: string;
}

/**
 * Validates where passwords come from: either every required password is given (the component creates a Secret)
 * or an existing Secret is named; never both, never neither.
 */
export function validatePasswordSource(
    problems: Problems,
    required: PasswordSource,
    existingSecretName: string | undefined,
    keys: readonly PasswordSource[],
): void {
    const given = required.value !== undefined && required.value !== null && known(required.value) !== "";
    if (required.value !== undefined && known(required.value) === "") {
        problems.add(
            required.field,
            `${required.field} must not be empty (got ""); pass a real password such as config.requireSecret("dbPassword"), or name an existing Secret with existingSecretName`,
        );
    } else if (!given && existingSecretName === undefined) {
        problems.add(
            required.field,
            `${required.field} is required when existingSecretName is not set (got undefined); pass ${required.field}: config.requireSecret("dbPassword"), or name an existing Secret with existingSecretName`,
        );
    }
    if (given && existingSecretName !== undefined) {
        problems.add(
            "existingSecretName",
            `existingSecretName and ${required.field} must not both be set (got existingSecretName ${show(existingSecretName)} and a ${required.field}); give the password, or name the Secret that holds it`,
        );
    }
    if (existingSecretName !== undefined) {
        checkDnsSubdomainSecret(problems, existingSecretName);
    }
    for (const key of keys) {
        const value = known(key.value);
        if (value !== undefined && !/^[-._a-zA-Z0-9]+$/.test(value)) {
            problems.add(
                key.field,
                `${key.field} must be a Secret key: letters, digits, '-', '_' and '.' (got ${show(value)}); for example "password"`,
            );
        }
    }
    checkDistinctKeys(problems, keys);
}

/** Two passwords stored under one key of one Secret would overwrite each other: every key must differ. */
function checkDistinctKeys(problems: Problems, keys: readonly PasswordSource[]): void {
    const seen = new Map<string, string>();
    for (const key of keys) {
        const value = known(key.value) ?? key.defaultValue;
        if (typeof value !== "string") {
            continue;
        }
        const first = seen.get(value);
        if (first !== undefined) {
            problems.add(
                key.field,
                `${key.field} must differ from ${first} (both are ${show(value)}); two passwords under one key of the Secret would overwrite each other, so give each its own key`,
            );
        } else {
            seen.set(value, key.field);
        }
    }
}

function checkDnsSubdomainSecret(problems: Problems, name: string): void {
    if (!isDns1123Subdomain(name)) {
        problems.add(
            "existingSecretName",
            `existingSecretName must be a Secret name: lower-case letters, digits, '-' and '.' (got ${show(name)}); for example "mysql-credentials"`,
        );
    }
}

/** A Secret created from Pulumi secret inputs: stringData stays secret end to end. */
export function renderCredentialsSecret(
    secretName: string,
    args: StatefulBaseArgs,
    labels: LabelInput,
    data: Record<string, pulumi.Input<string>>,
): k8s.core.v1.SecretArgs {
    const stringData: Record<string, pulumi.Output<string>> = {};
    for (const [key, value] of Object.entries(data)) {
        stringData[key] = pulumi.secret(value);
    }
    return {
        metadata: objectMeta(secretName, args.namespace, workloadLabels(labels, args.labels), args.annotations),
        type: "Opaque",
        stringData,
    };
}

/** The credentials Secret a component creates from passwords it was given: the Secret, or none with a name given. */
export interface CredentialsSecretRef {
    /** The Secret's name, as an output (the given existing Secret's name when none was created). */
    readonly name: pulumi.Output<string>;
    /** What the workload must wait for: the created Secret, or nothing. */
    readonly dependsOn: pulumi.Resource[];
}

/**
 * Creates the credentials Secret (`data` as Pulumi secrets) when `data` is given, under `secretName`; otherwise
 * refers to the existing Secret of that name. MySQL and Redis share it.
 */
export function createCredentialsSecret(
    parent: pulumi.Resource,
    secretName: string,
    args: StatefulBaseArgs,
    labels: LabelInput,
    data: Record<string, pulumi.Input<string>> | undefined,
): CredentialsSecretRef {
    if (data === undefined) {
        return { name: pulumi.output(secretName), dependsOn: [] };
    }
    const secret = new k8s.core.v1.Secret(secretName, renderCredentialsSecret(secretName, args, labels, data), {
        parent,
    });
    return { name: secret.metadata.name, dependsOn: [secret] };
}
