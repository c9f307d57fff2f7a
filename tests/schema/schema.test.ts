import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { COMPONENT_NAMES as COMPONENTS } from "../../components/core/naming";

/**
 * The package's Pulumi schema, as the real `pulumi package get-schema` infers it from the TypeScript sources
 * (the schema other languages' SDKs are generated from). Needs the pulumi CLI and the Node.js language host:
 * the locally built toolchain (`npm run toolchain`) or, with K8S_WORKLOADS_USE_PATH=1, the ones on PATH.
 * Without them the suite fails; it never skips.
 */

const REPO = path.resolve(__dirname, "..", "..", "..");
const GOLDEN = path.join(REPO, "tests", "schema", "golden", "schema.json");
const TOKEN = "k8s-workloads:index:";
/** Object types the schema copies from @pulumi/kubernetes; their docs are Kubernetes'. */
const KUBERNETES_TYPES = new Set([
    "Affinity",
    "LabelSelector",
    "LabelSelectorRequirement",
    "NodeAffinity",
    "NodeSelector",
    "NodeSelectorRequirement",
    "NodeSelectorTerm",
    "PodAffinity",
    "PodAffinityTerm",
    "PodAntiAffinity",
    "PreferredSchedulingTerm",
    "Toleration",
    "WeightedPodAffinityTerm",
]);
/** Optional fields with no default by design: one of several must be given, or it is required in some modes. */
const NO_DEFAULT = new Set([
    "BlueGreenDeployment.blue",
    "BlueGreenDeployment.green",
    "MySqlCluster.rootPassword",
    "RedisCluster.password",
    "DisruptionBudgetArgs.minAvailable",
    "DisruptionBudgetArgs.maxUnavailable",
    "RolloutStep.setWeight",
    "RolloutStep.pause",
    "RolloutStep.analysis",
    "RolloutAnalysis.http",
    "RolloutAnalysis.prometheus",
    "RolloutAnalysis.job",
    "RolloutAnalysis.command",
]);

interface SchemaProperty {
    readonly type?: string;
    readonly $ref?: string;
    readonly description?: string;
    readonly items?: SchemaProperty;
}
interface SchemaObject {
    readonly type?: string;
    readonly description?: string;
    readonly isComponent?: boolean;
    readonly properties?: Record<string, SchemaProperty>;
    readonly inputProperties?: Record<string, SchemaProperty>;
    readonly requiredInputs?: string[];
    readonly required?: string[];
    readonly enum?: { readonly name: string; readonly value: string | number; readonly description?: string }[];
}
interface PackageSchema {
    readonly name: string;
    readonly resources: Record<string, SchemaObject>;
    readonly types: Record<string, SchemaObject>;
}

/**
 * Runs `pulumi package get-schema <repo>` through scripts/env.sh (the local toolchain, or PATH with
 * K8S_WORKLOADS_USE_PATH=1). It runs from a scratch directory: the repo root holds both Pulumi.yaml (the stacks)
 * and PulumiPlugin.yaml, and the CLI refuses to pick one when started there.
 */
function getSchema(): string {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "k8sw-schema-"));
    try {
        const script = [
            'source "$1/scripts/env.sh"',
            "if ! command -v pulumi >/dev/null; then",
            '  echo "pulumi is not on PATH: build the toolchain (npm run toolchain) or set K8S_WORKLOADS_USE_PATH=1 with pulumi on PATH" >&2',
            "  exit 127",
            "fi",
            'cd "$2"',
            'exec pulumi package get-schema "$1"',
        ].join("\n");
        const result = spawnSync("bash", ["-c", script, "get-schema", REPO, scratch], {
            encoding: "utf8",
            maxBuffer: 64 * 1024 * 1024,
        });
        if (result.error) {
            throw result.error;
        }
        assert.strictEqual(
            result.status,
            0,
            `pulumi package get-schema ${REPO} failed (exit ${result.status}):\n${result.stderr}`,
        );
        return result.stdout;
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}

/** Stable text of a schema: two-space JSON and a final newline, so that a golden diff is one line per change. */
export function schemaText(schema: unknown): string {
    return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Every property of every resource input and object type, as `[owner, name, property]`. */
function properties(schema: PackageSchema): [string, string, SchemaProperty][] {
    const all: [string, string, SchemaProperty][] = [];
    for (const [token, resource] of Object.entries(schema.resources)) {
        for (const [name, p] of Object.entries(resource.inputProperties ?? {})) {
            all.push([token.slice(TOKEN.length), name, p]);
        }
    }
    for (const [token, type] of Object.entries(schema.types)) {
        for (const [name, p] of Object.entries(type.properties ?? {})) {
            all.push([token.slice(TOKEN.length), name, p]);
        }
    }
    return all;
}

function enumOf(schema: PackageSchema, owner: SchemaObject | undefined, property: string): (string | number)[] {
    const p = owner?.inputProperties?.[property] ?? owner?.properties?.[property];
    const ref = p?.$ref ?? p?.items?.$ref ?? "";
    assert.ok(ref.startsWith(`#/types/${TOKEN}`), `${property} refers to a type (got ${JSON.stringify(p)})`);
    const type = schema.types[ref.slice("#/types/".length)];
    assert.ok(type?.enum, `${ref} is an enum`);
    return type.enum.map((member) => member.value);
}

describe("the Pulumi schema (pulumi package get-schema)", function () {
    this.timeout(5 * 60 * 1000);
    let text: string;
    let schema: PackageSchema;

    before(() => {
        schema = JSON.parse(getSchema()) as PackageSchema;
        text = schemaText(schema);
    });

    it("matches its golden file", () => {
        if (process.env.UPDATE_GOLDEN === "1") {
            fs.writeFileSync(GOLDEN, text);
        }
        assert.ok(fs.existsSync(GOLDEN), `missing ${GOLDEN}: run UPDATE_GOLDEN=1 npm run test:schema`);
        assert.ok(
            text === fs.readFileSync(GOLDEN, "utf8"),
            `the schema differs from ${GOLDEN}; review the public-API change (git diff) and run UPDATE_GOLDEN=1 npm run test:schema`,
        );
    });

    it("has all 12 components, as component resources with the conventional type tokens", () => {
        assert.strictEqual(schema.name, "k8s-workloads");
        assert.deepStrictEqual(Object.keys(schema.resources).sort(), COMPONENTS.map((c) => `${TOKEN}${c}`).sort());
        for (const [token, resource] of Object.entries(schema.resources)) {
            assert.strictEqual(resource.isComponent, true, `${token} is a component`);
            assert.ok(resource.description, `${token} has a description`);
        }
    });

    it("turns the closed choices into enums", () => {
        const r = (c: string): SchemaObject | undefined => schema.resources[`${TOKEN}${c}`];
        const t = (c: string): SchemaObject | undefined => schema.types[`${TOKEN}${c}`];
        const cases: [SchemaObject | undefined, string, (string | number)[]][] = [
            [r("CanaryDeployment"), "traffic", ["replicas", "nginx", "istio"]],
            [r("BlueGreenDeployment"), "activeColor", ["blue", "green"]],
            [r("ABTestDeployment"), "routing", ["none", "nginx", "istio"]],
            [r("StatefulService"), "updateStrategy", ["RollingUpdate", "OnDelete"]],
            [r("StatefulService"), "podManagementPolicy", ["OrderedReady", "Parallel"]],
            [r("StatefulService"), "pvcRetentionWhenDeleted", ["Retain", "Delete"]],
            [r("RollingDeployment"), "imagePullPolicy", ["Always", "IfNotPresent", "Never"]],
            [r("RollingDeployment"), "serviceType", ["ClusterIP", "NodePort", "LoadBalancer"]],
            [r("MySqlCluster"), "flavor", ["mysql", "mariadb"]],
            [r("DatabaseBackup"), "concurrencyPolicy", ["Forbid", "Allow", "Replace"]],
            [t("ProbeArgs"), "type", ["http", "tcp", "exec", "grpc"]],
            [t("ProbeArgs"), "scheme", ["HTTP", "HTTPS"]],
            [t("PortArgs"), "protocol", ["TCP", "UDP", "SCTP"]],
            [
                t("StatefulVolumeArgs"),
                "accessModes",
                ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"],
            ],
            [t("ElasticsearchArgs"), "scheme", ["http", "https"]],
            [t("HttpAnalysis"), "target", ["canary", "service"]],
        ];
        for (const [owner, property, values] of cases) {
            assert.deepStrictEqual(new Set(enumOf(schema, owner, property)), new Set(values), property);
        }
    });

    it("keeps the docs as plain text that states each default", () => {
        assert.ok(!text.includes("[object Object]"), "an inline TSDoc tag ({@link}) leaked into a description");
        const undocumented: string[] = [];
        const noDefault: string[] = [];
        for (const [owner, name, p] of properties(schema)) {
            if (KUBERNETES_TYPES.has(owner)) {
                continue;
            }
            const description = p.description ?? "";
            if (description === "") {
                undocumented.push(`${owner}.${name}`);
            }
            const required = [
                ...(schema.resources[`${TOKEN}${owner}`]?.requiredInputs ?? []),
                ...(schema.types[`${TOKEN}${owner}`]?.required ?? []),
            ];
            if (!required.includes(name) && !/Default:/.test(description) && !NO_DEFAULT.has(`${owner}.${name}`)) {
                noDefault.push(`${owner}.${name}`);
            }
        }
        assert.deepStrictEqual(undocumented, [], "every property has a description");
        assert.deepStrictEqual(noDefault, [], 'every optional property says "Default: ..." in its description');
    });
});
