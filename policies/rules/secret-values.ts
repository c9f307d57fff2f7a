import { configStrings } from "../lib/config";
import { K8sObject, kindOf } from "../lib/objects";
import { containersOf, podTemplateOf } from "../lib/podspec";
import { JsonObject, isUnknown, obj, objects, str } from "../lib/values";
import { Finding, ResourceRule } from "../types";
import { credentialKind } from "../lib/credentials";

/** Config of `secret-values`. */
export interface SecretValuesConfig {
    /** Env var or ConfigMap key names (exact) whose values are never reported. */
    readonly allowedNames: readonly string[];
}

function envFindings(o: K8sObject, config: SecretValuesConfig): Finding[] {
    const pod = podTemplateOf(o);
    if (pod === undefined) {
        return [];
    }
    const out: Finding[] = [];
    for (const ref of containersOf(pod.spec)) {
        for (const env of objects(ref.container.env)) {
            const name = str(env.name) ?? "";
            const value = str(env.value);
            const found =
                value === undefined || config.allowedNames.includes(name) ? undefined : credentialKind(name, value);
            if (found !== undefined) {
                out.push({
                    container: ref.name,
                    message: `env ${name} holds what looks like ${found} in plain text: move it to a Secret and use valueFrom.secretKeyRef`,
                });
            }
        }
    }
    return out;
}

function configMapFindings(o: K8sObject, config: SecretValuesConfig): Finding[] {
    const data: JsonObject | undefined = isUnknown(o.data) ? undefined : obj(o.data);
    const out: Finding[] = [];
    for (const [key, raw] of Object.entries(data ?? {})) {
        const value = str(raw);
        const found = value === undefined || config.allowedNames.includes(key) ? undefined : credentialKind(key, value);
        if (found !== undefined) {
            out.push({
                message: `data.${key} holds what looks like ${found}: ConfigMaps are not secret; move it to a Secret`,
            });
        }
    }
    return out;
}

/**
 * `secret-values`: env values and ConfigMap data that look like credentials, whatever their key is called: PEM
 * private keys, cloud and SaaS access keys (AWS, GitHub, Slack, Google), JWTs, URLs with a password, and long
 * random tokens under credential-like names.
 */
export const secretValues: ResourceRule<SecretValuesConfig> = {
    scope: "resource",
    name: "secret-values",
    description:
        "Env values and ConfigMap data must not hold credentials (private keys, access keys, tokens, passwords in URLs).",
    remediation:
        "Put the credential in a Secret (or an external secret store) and reference it with env[].valueFrom.secretKeyRef or a secret volume; rotate a credential that was committed.",
    defaultLevel: "mandatory",
    configSchema: {
        allowedNames: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Env var or ConfigMap key names whose values are never reported.",
        },
    },
    parseConfig: (raw: JsonObject) => ({ allowedNames: configStrings(raw, "allowedNames", []) }),
    check: (o, config) => (kindOf(o) === "ConfigMap" ? configMapFindings(o, config) : envFindings(o, config)),
};
