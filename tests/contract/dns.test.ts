/**
 * The contract's name checks against Kubernetes' own rules, with the edge cases that differ between them.
 */
import * as assert from "assert";
import {
    isDns1035Label,
    isDns1123Label,
    isDns1123Subdomain,
    isLabelValue,
    isPortName,
    isQualifiedName,
} from "../../contract/dns";

function checks(fn: (value: string) => boolean, pass: readonly string[], fail: readonly string[]): void {
    for (const value of pass) {
        it(`accepts ${JSON.stringify(value)}`, () => assert.strictEqual(fn(value), true));
    }
    for (const value of fail) {
        it(`rejects ${JSON.stringify(value)}`, () => assert.strictEqual(fn(value), false));
    }
}

describe("contract: DNS-1123 labels", () => {
    checks(
        isDns1123Label,
        ["web", "a", "9web", "web-1", "a".repeat(63)],
        ["", "Web", "-web", "web-", "a.b", "a".repeat(64)],
    );
});

describe("contract: DNS-1123 subdomains", () => {
    checks(
        isDns1123Subdomain,
        ["example.com", "a-b.c-d", "a", `${"a".repeat(63)}.${"b".repeat(63)}`],
        ["", ".a", "a.", "a..b", "A.com", "a_b", "a".repeat(254)],
    );
});

describe("contract: DNS-1035 labels (Service names)", () => {
    checks(isDns1035Label, ["web", "w1", "a".repeat(63)], ["1web", "9", "", "web-", "a".repeat(64), "we.b"]);
});

describe("contract: port names (IANA service names)", () => {
    checks(
        isPortName,
        ["http", "h2c", "grpc-web", "a".repeat(15)],
        ["", "8080", "http--alt", "-http", "http-", "HTTP", "a".repeat(16)],
    );
});

describe("contract: qualified names (label and annotation keys)", () => {
    checks(
        isQualifiedName,
        ["app", "app.kubernetes.io/name", "k8s-workloads.io/exempt", "A_b.c-d", `example.com/${"a".repeat(63)}`],
        ["", "/name", "Example.com/name", "a/b/c", "-app", "app-", `example.com/${"a".repeat(64)}`, "example.com/"],
    );
});

describe("contract: label values", () => {
    checks(
        isLabelValue,
        ["", "v1", "blue", "1.4.2", "A_b-c.d", "a".repeat(63)],
        ["-v", "v-", "a b", "a/b", "a".repeat(64)],
    );
});
