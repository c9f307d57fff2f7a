import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PackageSchema, checkYamlProgram } from "../../harness/yamlProgram";

/**
 * The Pulumi YAML programs of the repository (examples/yaml, the YAML template) against the golden schema, so a
 * public-API change that breaks them fails here, without the CLI. tests/schema keeps the golden file in step with
 * `pulumi package get-schema`.
 */

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
const schema = JSON.parse(
    fs.readFileSync(path.join(REPO, "tests", "schema", "golden", "schema.json"), "utf8"),
) as PackageSchema;
const TOKEN = "k8s-workloads:index:";
const PROGRAMS = ["examples/yaml/Pulumi.yaml", "templates/k8s-workloads-yaml/Pulumi.yaml"];

describe("Pulumi YAML programs against the schema", () => {
    for (const file of PROGRAMS) {
        it(`${file} uses RollingDeployment, CanaryDeployment and MySqlCluster with valid inputs and outputs`, () => {
            const text = fs.readFileSync(path.join(REPO, file), "utf8");
            const result = checkYamlProgram(text, schema);
            assert.deepStrictEqual(result.problems, []);
            assert.deepStrictEqual(
                result.components,
                ["RollingDeployment", "CanaryDeployment", "MySqlCluster"].map((c) => `${TOKEN}${c}`),
            );
            const program = YAML.parse(text) as {
                config: Record<string, { secret?: boolean }>;
                resources: Record<string, { properties: Record<string, unknown> }>;
            };
            assert.strictEqual(program.config.dbPassword?.secret, true, "dbPassword is a secret config value");
            assert.strictEqual(program.resources.mysql?.properties.rootPassword, "${dbPassword}");
        });
    }

    it("the README's YAML example is valid too", () => {
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
            .map((m) => m[1] ?? "")
            .filter((b) => b.includes(TOKEN));
        assert.strictEqual(blocks.length, 1, "one YAML example uses the components");
        const result = checkYamlProgram(blocks[0] ?? "", schema);
        assert.deepStrictEqual(result.problems, []);
        assert.strictEqual(result.components.length, 3);
    });

    it("the check finds an unknown input, a missing required input, a bad enum value and a dangling reference", () => {
        const bad = [
            "name: bad",
            "runtime: yaml",
            "resources:",
            "  web:",
            `    type: ${TOKEN}RollingDeployment`,
            "    properties: { image: nginx:1.25.3, ports: 8080 }",
            "  shop:",
            `    type: ${TOKEN}CanaryDeployment`,
            "    properties: { port: 80, stable: { image: a:1 }, canary: { tag: b }, traffic: envoy }",
            "  other:",
            `    type: ${TOKEN}NoSuchThing`,
            "outputs:",
            "  a: ${web.serviceUrl}",
            "  b: ${missing}",
        ].join("\n");
        assert.deepStrictEqual(checkYamlProgram(bad, schema).problems, [
            "web: the required input port is missing",
            `web: ports is not an input (known: ${Object.keys(
                schema.resources[`${TOKEN}RollingDeployment`]?.inputProperties ?? {},
            )
                .sort()
                .join(", ")})`,
            "shop.canary: the required input image is missing",
            "shop.canary: tag is not an input (known: env, image, podLabels, resources)",
            'shop.traffic: "envoy" is not one of replicas, nginx, istio',
            `other: the package has no type ${TOKEN}NoSuchThing`,
            `\${web.serviceUrl}: ${TOKEN}RollingDeployment has no output serviceUrl`,
            "${missing}: missing is neither config, a variable nor a resource",
        ]);
    });
});
