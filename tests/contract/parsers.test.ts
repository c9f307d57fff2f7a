/**
 * The contract's parsers: IntOrString values and resource quantities, valid and invalid.
 */
import * as assert from "assert";
import {
    parseCountOrPercent,
    parseIntOrString,
    resolveCountOrPercent,
    toIntOrString,
} from "../../contract/intOrString";
import { parseQuantity } from "../../contract/quantity";
import { RULE_NAMES, isRuleName } from "../../contract/rules";

describe("contract: count-or-percentage", () => {
    it("parses counts and percentages, ignoring surrounding white space", () => {
        assert.deepStrictEqual(parseCountOrPercent("2"), { kind: "count", value: 2 });
        assert.deepStrictEqual(parseCountOrPercent(" 25% "), { kind: "percent", value: 25 });
        assert.deepStrictEqual(parseCountOrPercent("0%"), { kind: "percent", value: 0 });
    });
    it("rejects anything else", () => {
        for (const bad of ["", "%", "-1", "1.5", "25 %", "x%", "abc", "1e3"]) {
            assert.strictEqual(parseCountOrPercent(bad), undefined, bad);
        }
    });
    it("takes non-negative integer numbers and rejects other numbers and types", () => {
        assert.deepStrictEqual(parseIntOrString(3), { kind: "count", value: 3 });
        assert.deepStrictEqual(parseIntOrString("50%"), { kind: "percent", value: 50 });
        for (const bad of [-1, 1.5, Number.NaN, null, undefined, true, {}, []]) {
            assert.strictEqual(parseIntOrString(bad), undefined, JSON.stringify(bad));
        }
    });
    it("converts counts to numbers and keeps percentages as strings", () => {
        assert.strictEqual(toIntOrString("2"), 2);
        assert.strictEqual(toIntOrString("25%"), "25%");
    });
    it("resolves percentages against a total, rounding as asked", () => {
        assert.strictEqual(resolveCountOrPercent({ kind: "percent", value: 25 }, 3, "up"), 1);
        assert.strictEqual(resolveCountOrPercent({ kind: "percent", value: 25 }, 3, "down"), 0);
        assert.strictEqual(resolveCountOrPercent({ kind: "count", value: 2 }, 10, "down"), 2);
    });
});

describe("contract: quantities", () => {
    it("parses the suffixes Kubernetes accepts", () => {
        assert.strictEqual(parseQuantity("100m"), 0.1);
        assert.strictEqual(parseQuantity("128Mi"), 128 * 1024 ** 2);
        assert.strictEqual(parseQuantity("1G"), 1e9);
        assert.strictEqual(parseQuantity("1e3"), 1000);
        assert.strictEqual(parseQuantity(".5"), 0.5);
        assert.strictEqual(parseQuantity(2), 2);
    });
    it("rejects what is not a quantity", () => {
        for (const bad of ["", "abc", "1MB", "1 Mi", "Mi", "1.2.3", Number.POSITIVE_INFINITY, null, {}]) {
            assert.strictEqual(parseQuantity(bad), undefined, JSON.stringify(bad));
        }
    });
});

describe("contract: rule names", () => {
    it("are unique DNS-style names", () => {
        assert.strictEqual(new Set(RULE_NAMES).size, RULE_NAMES.length);
        for (const name of RULE_NAMES) {
            assert.match(name, /^[a-z]+(-[a-z]+)*$/);
        }
    });
    it("recognise only the pack's names", () => {
        assert.strictEqual(isRuleName("pdb-required"), true);
        assert.strictEqual(isRuleName("no-such-rule"), false);
        assert.strictEqual(isRuleName(""), false);
    });
});
