/**
 * The registry: every rule name has exactly one rule, in RULE_NAMES order, and its own test file; and preview-time
 * unknown values crash no rule.
 */
import * as assert from "assert";
import { existsSync } from "fs";
import * as path from "path";
import { RULE_NAMES } from "../../../contract/rules";
import { K8sObject } from "../../../policies/lib/objects";
import { JsonObject, UNKNOWN, path as at } from "../../../policies/lib/values";
import { ALL_RULES, RULES } from "../../../policies/rules";
import { changed, findings, goodNetworkPolicy, goodPdb, goodService } from "../helpers";
import { D, c0, dspec, podSpec } from "./kit";

describe("policy rules", () => {
    it("cover every rule name exactly once, in RULE_NAMES order", () => {
        assert.deepStrictEqual(
            ALL_RULES.map((r) => r.name),
            [...RULE_NAMES],
        );
        for (const r of ALL_RULES) {
            assert.ok(r.description.length > 10, `${r.name} description`);
            assert.ok(r.remediation.length > 10, `${r.name} remediation`);
        }
    });

    it("register each rule under its own name", () => {
        for (const name of RULE_NAMES) {
            assert.strictEqual(RULES[name].name, name);
        }
    });

    it("each have a test file", () => {
        const missing = RULE_NAMES.filter((name) => !existsSync(path.join(__dirname, `${name}.test.js`)));
        assert.deepStrictEqual(missing, []);
    });
});

describe("preview-time unknown values", () => {
    const unknownCases: [string, (d: K8sObject) => void][] = [
        ["containers", (d) => (podSpec(d).containers = UNKNOWN)],
        ["the whole container", (d) => ((podSpec(d).containers as unknown[])[0] = UNKNOWN)],
        ["image", (d) => (c0(d).image = UNKNOWN)],
        ["readinessProbe", (d) => (c0(d).readinessProbe = UNKNOWN)],
        ["livenessProbe (an Output-like object)", (d) => (c0(d).livenessProbe = new (class Output {})())],
        ["securityContext", (d) => (c0(d).securityContext = UNKNOWN)],
        ["pod securityContext", (d) => (podSpec(d).securityContext = UNKNOWN)],
        ["resources", (d) => (c0(d).resources = UNKNOWN)],
        ["memory limit", (d) => ((at(c0(d), "resources", "limits") as JsonObject).memory = UNKNOWN)],
        ["env", (d) => (c0(d).env = UNKNOWN)],
        ["env value", (d) => (c0(d).env = [{ name: "DB_PASSWORD", value: UNKNOWN }])],
        ["replicas", (d) => (dspec(d).replicas = UNKNOWN)],
        ["selector", (d) => (dspec(d).selector = UNKNOWN)],
        ["template labels", (d) => ((at(d, "spec", "template", "metadata") as JsonObject).labels = UNKNOWN)],
        ["strategy", (d) => (dspec(d).strategy = { rollingUpdate: { maxSurge: UNKNOWN, maxUnavailable: 0 } })],
        ["volumes", (d) => (podSpec(d).volumes = UNKNOWN)],
        ["metadata", (d) => (d.metadata = UNKNOWN)],
        ["spec", (d) => (d.spec = UNKNOWN)],
    ];
    for (const [what, change] of unknownCases) {
        it(`an unknown ${what} crashes no rule and is no violation`, () => {
            const d = changed(D(), change);
            for (const r of ALL_RULES) {
                const set = [d, goodService(), goodPdb(), goodNetworkPolicy()];
                const result = r.scope === "stack" ? findings(r.name, set) : findings(r.name, d);
                assert.deepStrictEqual(result, [], `${r.name}: ${JSON.stringify(result)}`);
            }
        });
    }
});
