import { ruleSettings, stringListSetting } from "../lib/config";
import { configurableResourceRule, containerFinding, eachContainer } from "../lib/rulekit";
import { K8sObject, kindOf } from "../lib/objects";
import { JsonObject, isUnknown, obj, objects, str } from "../lib/values";
import { Finding, ResourceRule } from "../types";
import { credentialKind } from "../lib/credentials";

/** Config of `secret-values`. */
export interface SecretValuesConfig {
    /** Env var or ConfigMap key names (exact) whose values are never reported. */
    readonly allowedNames: readonly string[];
}

const SETTINGS = ruleSettings({
    allowedNames: stringListSetting("Env var or ConfigMap key names whose values are never reported."),
});

/** What credential a value of a name looks like, or undefined (no value, an allowed name, no credential). */
function credentialIn(name: string, value: string | undefined, config: SecretValuesConfig): string | undefined {
    return value === undefined || config.allowedNames.includes(name) ? undefined : credentialKind(name, value);
}

function envFindings(o: K8sObject, config: SecretValuesConfig): Finding[] {
    return eachContainer(o, (ref, _pod, out) => {
        for (const env of objects(ref.container.env)) {
            const name = str(env.name) ?? "";
            const found = credentialIn(name, str(env.value), config);
            if (found !== undefined) {
                out.push(
                    containerFinding(
                        ref,
                        `env ${name} holds what looks like ${found} in plain text: move it to a Secret and use valueFrom.secretKeyRef`,
                    ),
                );
            }
        }
    });
}

function configMapFindings(o: K8sObject, config: SecretValuesConfig): Finding[] {
    const data: JsonObject | undefined = isUnknown(o.data) ? undefined : obj(o.data);
    return Object.entries(data ?? {}).flatMap(([key, raw]) => {
        const found = credentialIn(key, str(raw), config);
        return found === undefined
            ? []
            : [
                  {
                      message: `data.${key} holds what looks like ${found}: ConfigMaps are not secret; move it to a Secret`,
                  },
              ];
    });
}

/**
 * `secret-values`: env values and ConfigMap data that look like credentials, whatever their key is called: PEM
 * private keys, cloud and SaaS access keys (AWS, GitHub, Slack, Google), JWTs, URLs with a password, and long
 * random tokens under credential-like names.
 */
export const secretValues: ResourceRule<SecretValuesConfig> = configurableResourceRule("secret-values", SETTINGS, {
    check: (o, config) => (kindOf(o) === "ConfigMap" ? configMapFindings(o, config) : envFindings(o, config)),
});
