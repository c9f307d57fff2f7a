/**
 * The two single places of a rule's declarations: the rule catalog (level, description, remediation) and the
 * settings (schema, default and reader written once per setting).
 */
import * as assert from "assert";
import { RULE_NAMES } from "../../contract/rules";
import { RULE_CATALOG } from "../../policies/catalog";
import * as config from "../../policies/lib/config";
import { JsonObject } from "../../policies/lib/values";
import { RULES } from "../../policies/rules";

describe("rule catalog", () => {
    it("gives every rule its level, description and remediation", () => {
        for (const name of RULE_NAMES) {
            const { defaultLevel, description, remediation } = RULES[name];
            assert.deepStrictEqual({ defaultLevel, description, remediation }, RULE_CATALOG[name], name);
        }
    });
});

describe("rule settings", () => {
    it("parse an empty config into every rule's schema defaults", () => {
        for (const name of RULE_NAMES) {
            const rule = RULES[name];
            const defaults: JsonObject = {};
            for (const [key, schema] of Object.entries(rule.configSchema)) {
                defaults[key] = schema.default;
            }
            assert.deepStrictEqual(rule.parseConfig({}), defaults, name);
        }
    });

    const settings = config.ruleSettings({
        names: config.stringListSetting("Names.", ["a"], { normalize: (s) => s.toUpperCase() }),
        choices: config.stringListSetting("Choices.", [], { choices: ["x", "y"] }),
        text: config.stringSetting("Text.", "t"),
        mode: config.choiceSetting("Mode.", ["on", "off"], "on"),
        count: config.numberSetting("Count.", 2, { integer: true, minimum: 1 }),
        weights: config.numberMapSetting("Weights."),
    });

    it("declare one schema property per setting, in order, with its default", () => {
        assert.deepStrictEqual(settings.configSchema, {
            names: { type: "array", items: { type: "string" }, default: ["a"], description: "Names." },
            choices: {
                type: "array",
                items: { type: "string", enum: ["x", "y"] },
                default: [],
                description: "Choices.",
            },
            text: { type: "string", default: "t", description: "Text." },
            mode: { type: "string", enum: ["on", "off"], default: "on", description: "Mode." },
            count: { type: "integer", minimum: 1, default: 2, description: "Count." },
            weights: { type: "object", additionalProperties: { type: "number" }, default: {}, description: "Weights." },
        });
    });

    it("read configured values, normalised, and fall back to the default on a value of the wrong type", () => {
        assert.deepStrictEqual(
            settings.parseConfig({
                names: ["b", 3, "c"],
                choices: "x",
                text: "u",
                mode: "sideways",
                count: 5,
                weights: { prod: 10, dev: "high" },
            }),
            { names: ["B", "C"], choices: [], text: "u", mode: "on", count: 5, weights: { prod: 10 } },
        );
        assert.deepStrictEqual(settings.parseConfig({ text: 1, count: "5", weights: [] }), {
            names: ["A"],
            choices: [],
            text: "t",
            mode: "on",
            count: 2,
            weights: {},
        });
    });
});
