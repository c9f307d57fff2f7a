import { configStrings } from "../lib/config";
import { eachContainer, containerFinding } from "../lib/rulekit";
import { JsonObject, objects, str } from "../lib/values";
import { ResourceRule } from "../types";

/** Config of `no-plaintext-secrets`. */
export interface PlaintextSecretsConfig {
    /** Extra regular expressions (case-insensitive) for secret-like env names, on top of the built-in ones. */
    readonly extraSecretNamePatterns: readonly string[];
    /** Env names never reported (exact, case-insensitive). */
    readonly allowedNames: readonly string[];
}

interface Compiled {
    readonly secretName: readonly RegExp[];
    readonly allowed: ReadonlySet<string>;
}

/** Env-name words that mark a secret: `DB_PASSWORD`, `API_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `PRIVATE_KEY`. */
const SECRET_NAME =
    /(^|_)(PASSWORD|PASSWD|PASSPHRASE|PASS|PWD|SECRET|SECRETS|TOKEN|APIKEY|API_KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?|CLIENT_SECRET)(_|$)/i;

/** Suffixes that name something about a secret, not the secret: `PASSWORD_FILE`, `TOKEN_URL`, `ACCESS_KEY_ID`. */
const NOT_A_SECRET =
    /_(FILE|PATH|DIR|URL|URI|ENDPOINT|NAME|ID|REF|TTL|LENGTH|SIZE|EXPIRY|HEADER|TYPE|METHOD|ENABLED)$/i;

/**
 * Env settings that switch authentication off, with the values that do it (`undefined`: any non-empty value).
 */
const INSECURE_SWITCHES: ReadonlyMap<string, readonly string[] | undefined> = new Map([
    ["MYSQL_ALLOW_EMPTY_PASSWORD", undefined],
    ["MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", undefined],
    ["MARIADB_ALLOW_EMPTY_PASSWORD", undefined],
    ["ALLOW_EMPTY_PASSWORD", ["yes", "true", "1"]],
    ["POSTGRES_HOST_AUTH_METHOD", ["trust"]],
    ["MONGO_INITDB_ROOT_PASSWORD", [""]],
    ["REDIS_DISABLE_AUTH", ["yes", "true", "1"]],
    ["GF_AUTH_ANONYMOUS_ENABLED", ["true"]],
]);

const cache = new WeakMap<PlaintextSecretsConfig, Compiled>();

function compiled(config: PlaintextSecretsConfig): Compiled {
    let c = cache.get(config);
    if (c === undefined) {
        c = {
            secretName: [SECRET_NAME, ...config.extraSecretNamePatterns.map((p) => new RegExp(p, "i"))],
            allowed: new Set(config.allowedNames.map((n) => n.toUpperCase())),
        };
        cache.set(config, c);
    }
    return c;
}

/** Values that are feature flags, not credentials (`ENABLE_PASSWORD_AUTH=true`). */
const FLAG_VALUE = /^(true|false|yes|no|on|off|enabled|disabled)$/i;

/** Env names that look secret-like but are not (`PWD` is the working directory). */
const NOT_SECRET_NAMES: ReadonlySet<string> = new Set(["PWD", "OLDPWD"]);

/** True for `$(OTHER_VAR)` references, which are not literals. */
function isReference(value: string): boolean {
    return /^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$/.test(value.trim());
}

/**
 * `no-plaintext-secrets`: no literal values for password/token/secret-like env names, and no env settings that
 * switch authentication off (MYSQL_ALLOW_EMPTY_PASSWORD, POSTGRES_HOST_AUTH_METHOD=trust and the like).
 */
export const noPlaintextSecrets: ResourceRule<PlaintextSecretsConfig> = {
    scope: "resource",
    name: "no-plaintext-secrets",
    description:
        "No literal values for secret-like env names, and no env switches that disable authentication (MYSQL_ALLOW_EMPTY_PASSWORD, ...).",
    remediation:
        "Store the value in a Secret and reference it with env[].valueFrom.secretKeyRef (or envFrom.secretRef); set a real password instead of allowing an empty one.",
    defaultLevel: "mandatory",
    configSchema: {
        extraSecretNamePatterns: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Extra case-insensitive regular expressions for secret-like env names.",
        },
        allowedNames: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Env names never reported.",
        },
    },
    parseConfig: (raw: JsonObject) => ({
        extraSecretNamePatterns: configStrings(raw, "extraSecretNamePatterns", []),
        allowedNames: configStrings(raw, "allowedNames", []),
    }),
    check: (o, config) => {
        const c = compiled(config);
        return eachContainer(o, (ref, _pod, out) => {
            for (const env of objects(ref.container.env)) {
                const name = str(env.name);
                const value = str(env.value);
                if (name === undefined || value === undefined || c.allowed.has(name.toUpperCase())) {
                    continue;
                }
                const upper = name.toUpperCase();
                if (INSECURE_SWITCHES.has(upper)) {
                    const bad = INSECURE_SWITCHES.get(upper);
                    const hit = bad === undefined ? value !== "" : bad.includes(value.toLowerCase());
                    if (hit) {
                        out.push(containerFinding(ref, `env ${name}="${value}" disables authentication`));
                    }
                    continue;
                }
                if (
                    isReference(value) ||
                    NOT_A_SECRET.test(name) ||
                    NOT_SECRET_NAMES.has(upper) ||
                    FLAG_VALUE.test(value)
                ) {
                    continue;
                }
                if (c.secretName.some((re) => re.test(name))) {
                    out.push(
                        containerFinding(
                            ref,
                            value === ""
                                ? `env ${name} is set to an empty literal: an empty credential`
                                : `env ${name} has a literal value: secrets must come from a Secret (valueFrom.secretKeyRef)`,
                        ),
                    );
                }
            }
        });
    },
};
