import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { renderStack } from "./stacks.test";

const REPO = path.resolve(__dirname, "..", "..", "..");
const STACK_INDEX = path.join(REPO, "bin", "stacks", "index.js");

/** The stack outputs the README documents, in the order of its table. */
const DOCUMENTED_OUTPUTS = [
    "environment",
    "appNamespace",
    "api",
    "webapp",
    "shop",
    "experiment",
    "web",
    "mysql",
    "redis",
    "logCollector",
    "nodeExporter",
    "migrationJob",
    "backup",
    "logCleanup",
    "verifyNamespaces",
];

/** The names the README's "Stack outputs" table lists (its first column, in backticks). */
function readmeOutputs(): string[] {
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    const section = readme.split("### Stack outputs")[1]?.split("\n#")[0] ?? "";
    return [...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1] ?? "");
}

describe("stack outputs", () => {
    for (const env of ["dev", "staging", "prod"]) {
        it(`the ${env} stack exports exactly the documented outputs, and no function`, async () => {
            await renderStack(env);
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const exported = require(STACK_INDEX) as Record<string, unknown>;
            assert.deepStrictEqual(Object.keys(exported).sort(), [...DOCUMENTED_OUTPUTS].sort());
            const functions = Object.entries(exported).filter(([, value]) => typeof value === "function");
            assert.deepStrictEqual(
                functions.map(([key]) => key),
                [],
            );
        });
    }

    it("the README's Stack outputs table lists every output", () => {
        assert.deepStrictEqual(readmeOutputs(), DOCUMENTED_OUTPUTS);
    });
});
