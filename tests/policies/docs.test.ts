/**
 * Every rule is documented: a row of the rules table in policies/README.md, and a mention in the README's table.
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { RULE_NAMES } from "../../contract/rules";

const ROOT = path.resolve(__dirname, "..", "..", "..");

describe("rule documentation", () => {
    const packReadme = readFileSync(path.join(ROOT, "policies", "README.md"), "utf8");
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");

    it("policies/README.md has a table row for every rule", () => {
        const missing = RULE_NAMES.filter((name) => !packReadme.includes(`| \`${name}\` |`));
        assert.deepStrictEqual(missing, []);
    });

    it("the README's rules table names every rule", () => {
        const table = readme.split("\n").filter((line) => line.startsWith("|"));
        const missing = RULE_NAMES.filter((name) => !table.some((line) => new RegExp(`\\b${name}\\b`).test(line)));
        assert.deepStrictEqual(missing, []);
    });
});
