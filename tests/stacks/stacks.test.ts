import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, render } from "../harness/mocks";
import { checkPulumiResources } from "../../policies/engine";

/** Fake secrets for the stacks; golden files show them as "[secret]". */
export const TEST_SECRETS: Record<string, string> = {
    "k8s-workloads:dbPassword": "golden-db-password-7f3a",
    "k8s-workloads:databaseUrl": "postgres://app:golden-url-password-9c1d@db:5432/app",
};

const REPO = path.resolve(__dirname, "..", "..", "..");
const GOLDEN_DIR = path.join(REPO, "tests", "stacks", "golden");
const STACK_DIR = path.join(REPO, "bin", "stacks");

/** Renders the stack program for an environment under mocks. */
export async function renderStack(env: string, extraConfig: Record<string, string> = {}): Promise<RecordedResource[]> {
    pulumi.runtime.setAllConfig(
        { "k8s-workloads:environment": env, ...TEST_SECRETS, ...extraConfig },
        Object.keys(TEST_SECRETS),
    );
    for (const id of Object.keys(require.cache)) {
        if (id.startsWith(STACK_DIR)) {
            delete require.cache[id];
        }
    }
    // The stack program runs at module load, so each environment needs a fresh load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return render(() => require(path.join(STACK_DIR, "index.js")));
}

/** A stable, secret-free JSON rendering of resources for golden files. */
export function goldenJson(resources: readonly RecordedResource[]): string {
    const sorted = [...resources].sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
    let text = JSON.stringify(sorted, null, 2) + "\n";
    for (const secret of Object.values(TEST_SECRETS)) {
        text = text.split(secret).join("[secret]");
    }
    return text;
}

describe("stacks", () => {
    for (const env of ["dev", "staging", "prod"]) {
        it(`renders the ${env} stack as its golden file`, async () => {
            const actual = goldenJson(await renderStack(env));
            const file = path.join(GOLDEN_DIR, `${env}.json`);
            if (process.env.UPDATE_GOLDEN === "1") {
                fs.writeFileSync(file, actual);
            }
            assert.ok(fs.existsSync(file), `missing ${file}: run UPDATE_GOLDEN=1 npm run test:unit`);
            const expected = fs.readFileSync(file, "utf8");
            assert.ok(
                actual === expected,
                `${env} stack differs from ${file}; review the change and run UPDATE_GOLDEN=1 npm run test:unit`,
            );
        });
    }

    it("keeps secrets out of every non-Secret resource", async () => {
        for (const env of ["dev", "staging", "prod"]) {
            for (const resource of await renderStack(env)) {
                if (resource.type === "kubernetes:core/v1:Secret") {
                    continue;
                }
                const text = JSON.stringify(resource.inputs);
                for (const secret of Object.values(TEST_SECRETS)) {
                    assert.ok(!text.includes(secret), `${env}: ${resource.type} ${resource.name} holds a secret value`);
                }
            }
        }
    });

    const presets: Array<[string, "baseline" | "restricted"]> = [
        ["dev", "baseline"],
        ["staging", "baseline"],
        ["staging", "restricted"],
        ["prod", "baseline"],
        ["prod", "restricted"],
    ];
    for (const [env, preset] of presets) {
        it(`the ${env} stack passes the policy pack's ${preset} preset`, async () => {
            const resources = await renderStack(env);
            const mandatory = checkPulumiResources(
                resources.map((r) => ({ type: r.type, props: r.inputs })),
                { preset, environment: env },
            ).filter((v) => v.enforcementLevel === "mandatory");
            assert.deepStrictEqual(
                mandatory.map((v) => `${v.policy} ${v.kind}/${v.name}: ${v.message}`),
                [],
            );
        });
    }

    it("rejects an unknown environment", async () => {
        await assert.rejects(
            async () => renderStack("qa"),
            /environment must be one of dev, staging, prod \(got "qa"\)/,
        );
    });
});
