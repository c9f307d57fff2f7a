import { ruleSettings, stringListSetting } from "../lib/config";
import { ContainerRef } from "../lib/podspec";
import { configurableContainerRule, containerFinding } from "../lib/rulekit";
import { objects, str } from "../lib/values";
import { Finding, ResourceRule } from "../types";
import { oncePerObject } from "../lib/memo";

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

const SETTINGS = ruleSettings({
    extraSecretNamePatterns: stringListSetting("Extra case-insensitive regular expressions for secret-like env names."),
    allowedNames: stringListSetting("Env names never reported."),
});

const compiled: (config: PlaintextSecretsConfig) => Compiled = oncePerObject(
    (config: PlaintextSecretsConfig): Compiled => ({
        secretName: [SECRET_NAME, ...config.extraSecretNamePatterns.map((p) => new RegExp(p, "i"))],
        allowed: new Set(config.allowedNames.map((n) => n.toUpperCase())),
    }),
);

/** Values that are feature flags, not credentials (`ENABLE_PASSWORD_AUTH=true`). */
const FLAG_VALUE = /^(true|false|yes|no|on|off|enabled|disabled)$/i;

/** Env names that look secret-like but are not (`PWD` is the working directory). */
const NOT_SECRET_NAMES: ReadonlySet<string> = new Set(["PWD", "OLDPWD"]);

/** True for `$(OTHER_VAR)` references, which are not literals. */
function isReference(value: string): boolean {
    return /^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$/.test(value.trim());
}

/** The finding of one literal env entry, or undefined: an auth-disabling switch, or a secret-like name with a value. */
function envFinding(name: string, value: string, c: Compiled): string | undefined {
    const upper = name.toUpperCase();
    if (INSECURE_SWITCHES.has(upper)) {
        const bad = INSECURE_SWITCHES.get(upper);
        const hit = bad === undefined ? value !== "" : bad.includes(value.toLowerCase());
        return hit ? `env ${name}="${value}" disables authentication` : undefined;
    }
    if (isReference(value) || NOT_A_SECRET.test(name) || NOT_SECRET_NAMES.has(upper) || FLAG_VALUE.test(value)) {
        return undefined;
    }
    if (!c.secretName.some((re) => re.test(name))) {
        return undefined;
    }
    return value === ""
        ? `env ${name} is set to an empty literal: an empty credential`
        : `env ${name} has a literal value: secrets must come from a Secret (valueFrom.secretKeyRef)`;
}

/** The findings of one container's literal env values. */
function checkEnv(ref: ContainerRef, c: Compiled, out: Finding[]): void {
    for (const env of objects(ref.container.env)) {
        const name = str(env.name);
        const value = str(env.value);
        if (name === undefined || value === undefined || c.allowed.has(name.toUpperCase())) {
            continue;
        }
        const message = envFinding(name, value, c);
        if (message !== undefined) {
            out.push(containerFinding(ref, message));
        }
    }
}

/**
 * `no-plaintext-secrets`: no literal values for password/token/secret-like env names, and no env settings that
 * switch authentication off (MYSQL_ALLOW_EMPTY_PASSWORD, POSTGRES_HOST_AUTH_METHOD=trust and the like).
 */
export const noPlaintextSecrets: ResourceRule<PlaintextSecretsConfig> = configurableContainerRule(
    "no-plaintext-secrets",
    SETTINGS,
    { containers: "all", visit: (ref, _pod, out, config) => checkEnv(ref, compiled(config), out) },
);
