import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/**
 * Runs a compiled program under Node mocks and prints `type name` of every registration, one a line, then `done`.
 * Usage: node runTemplateProgram.js <compiled index.js> <project> <KEY=VALUE secret config>...
 * Used by tests/templates/templates.test.ts on a project instantiated from templates/k8s-workloads-typescript. The
 * program's own @pulumi/pulumi must be this one (the instance's node_modules links to the repository's).
 */

const [entry = "", project = "", ...secrets] = process.argv.slice(2);
const config: Record<string, string> = {};
for (const pair of secrets) {
    const at = pair.indexOf("=");
    config[`${project}:${pair.slice(0, at)}`] = pair.slice(at + 1);
}
pulumi.runtime.setAllConfig(config, Object.keys(config));
const seen: string[] = [];
pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            seen.push(`${args.type} ${args.name}`);
            return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            return args.inputs as Record<string, unknown>;
        },
    },
    project,
    "test",
    false,
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(path.resolve(entry));
setTimeout(() => {
    console.log(seen.join("\n"));
    console.log("done");
}, 1500);
