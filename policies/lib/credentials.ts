/**
 * What a credential looks like: known key formats, and random tokens under credential-like names. Shared by
 * `secret-values`; kept apart so the detectors can be read (and tested) on their own.
 */

/** Known credential formats, each with what it is called in a message. */
const FORMATS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
    { what: "a PEM private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
    { what: "an AWS access key id", pattern: /\b(?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{16}\b/ },
    { what: "a GitHub token", pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b/ },
    { what: "a GitHub token", pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}\b/ },
    { what: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
    { what: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
    { what: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** scheme://user:password@host, the password not a `$(VAR)`/`${VAR}` reference. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:([^\s@/]+)@/i;

/** Names that say a value is a credential. */
const CREDENTIAL_NAME = /(pass(word|wd)?|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential|auth)/i;

/** Names that say a value is a reference or a digest, not a credential. */
const NOT_A_CREDENTIAL_NAME = /(_file|_path|_dir|_url|_uri|_host|_user(name)?|checksum|sha\d*|hash|digest|_id$)/i;

const TOKEN = /^[A-Za-z0-9+/=_.-]{20,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_DIGEST = /^(?:sha\d+:)?[0-9a-f]{32,128}$/i;

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
    const counts = new Map<string, number>();
    for (const c of value) {
        counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    let bits = 0;
    for (const n of counts.values()) {
        const p = n / value.length;
        bits -= p * Math.log2(p);
    }
    return bits;
}

/**
 * True for a long random-looking token: 20+ token characters mixing upper case, lower case and digits with high
 * entropy; never a UUID or a hex digest.
 */
export function isRandomToken(value: string): boolean {
    return (
        TOKEN.test(value) &&
        !UUID.test(value) &&
        !HEX_DIGEST.test(value) &&
        /[0-9]/.test(value) &&
        /[a-z]/.test(value) &&
        /[A-Z]/.test(value) &&
        entropy(value) >= 3.5
    );
}

function isReference(password: string): boolean {
    return /^\$[({][A-Za-z_][A-Za-z0-9_]*[)}]$/.test(password);
}

/** What kind of credential `value` (found under `name`) looks like, or undefined when it looks like none. */
export function credentialKind(name: string, value: string): string | undefined {
    const format = FORMATS.find((f) => f.pattern.test(value));
    if (format !== undefined) {
        return format.what;
    }
    const url = URL_PASSWORD.exec(value);
    if (url !== null && url[1] !== undefined && !isReference(url[1])) {
        return "a URL with a password";
    }
    const credentialName = CREDENTIAL_NAME.test(name) && !NOT_A_CREDENTIAL_NAME.test(name);
    return credentialName && isRandomToken(value.trim())
        ? `a random token under the credential-like name ${name}`
        : undefined;
}
