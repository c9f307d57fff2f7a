/** `secret-values`: its pass and fail cases, with ordinary config values that must not be flagged. */
import { K8sObject } from "../../../policies/lib/objects";
import { changed } from "../helpers";
import { D, c0, ruleSuite } from "./kit";

function env(name: string, value: string): () => K8sObject {
    return () => changed(D(), (d) => (c0(d).env = [{ name, value }]));
}

function configMap(data: Record<string, string>): () => K8sObject {
    return () => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "apps" }, data });
}

const PEM =
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMbRvI0MBZhpF\n-----END RSA PRIVATE KEY-----";
const JWT =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

ruleSuite("secret-values", {
    passing: [
        {
            name: "a URL without credentials",
            objects: env("UPSTREAM", "https://api.example.com:8443/v1/items?limit=10"),
        },
        {
            name: "a URL with a password reference",
            objects: env("DATABASE_URL", "postgres://app:$(DB_PASSWORD)@db:5432/app"),
        },
        { name: "a UUID", objects: env("TENANT_ID", "3f2504e0-4f89-41d3-9a0c-0305e82c3301") },
        {
            name: "an image reference",
            objects: env("SIDECAR_IMAGE", "registry.example.com/team/proxy:1.27.3@sha256:4c2a9f1e"),
        },
        { name: "base64 of short text", objects: env("GREETING", "aGVsbG8gd29ybGQ=") },
        {
            name: "a hash labelled as a checksum",
            objects: env("CONFIG_CHECKSUM", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        },
        {
            name: "a sha digest under a token-ish name",
            objects: env("TOKEN_SHA256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        },
        { name: "a long path", objects: env("SECRET_PATH", "/var/run/secrets/kubernetes.io/serviceaccount/token") },
        { name: "a password file path", objects: env("DB_PASSWORD_FILE", "/run/secrets/db") },
        {
            name: "JSON config",
            objects: configMap({ "config.json": '{"logLevel":"info","features":{"beta":true},"timeoutMs":3000}' }),
        },
        { name: "a low-entropy value under a credential name", objects: env("AUTH_MODE", "oauth2-client-credentials") },
        { name: "a ConfigMap of ordinary settings", objects: configMap({ LOG_LEVEL: "debug", REGION: "eu-west-1" }) },
        { name: "an allow-listed name", config: { allowedNames: ["TEST_JWT"] }, objects: env("TEST_JWT", JWT) },
    ],
    failing: [
        { name: "a PEM private key in env", objects: env("TLS", PEM), message: "PEM private key" },
        { name: "a PEM private key in a ConfigMap", objects: configMap({ "tls.key": PEM }), message: "data.tls.key" },
        { name: "an AWS access key id", objects: env("S3_CONFIG", "AKIAIOSFODNN7EXAMPLE"), message: "AWS" },
        { name: "an AWS session key id", objects: configMap({ id: "ASIAY34FZKBOKMUTVV7A" }), message: "AWS" },
        {
            name: "a GitHub classic token",
            objects: env("GH", "ghp_1A2b3C4d5E6f7G8h9I0jK1l2M3n4O5p6Q7r8"),
            message: "GitHub",
        },
        {
            name: "a GitHub fine-grained token",
            objects: env("X", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"),
            message: "GitHub",
        },
        {
            name: "a Slack token",
            objects: env("HOOK", "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp"),
            message: "Slack",
        },
        {
            name: "a Google API key",
            objects: env("MAPS", "AIzaSyA-1234567890abcdefghijklmnopqrstu"),
            message: "Google",
        },
        { name: "a JWT", objects: env("SESSION", JWT), message: "JSON Web Token" },
        {
            name: "a URL with a password",
            objects: env("DATABASE_URL", "postgres://app:s3cr3t-pw@db:5432/app"),
            message: "URL with a password",
        },
        {
            name: "a random token under an API key name",
            objects: env("PAYMENT_API_KEY", "q8Vd2LmZ7xK4pN9rT3wB6yH1sF5gJ0cE"),
            message: "PAYMENT_API_KEY",
        },
        {
            name: "a random token in a ConfigMap under a secret name",
            objects: configMap({ clientSecret: "Zk3Qp9Lw2Xv8Rt5Ny7Bm4Hc6Jd1Fs0Ga" }),
        },
    ],
});
