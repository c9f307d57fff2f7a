import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, render } from "../../harness/mocks";
import { COMPONENT_NAMES } from "../../../components/core/naming";
import { apiServerProblems } from "./apiRules";
import {
    CASES,
    ComponentCase,
    Rng,
    edgeNetworkPolicy,
    nameMutations,
    networkPolicyMutations,
    sharedMutations,
    trackEnvMutations,
} from "./cases";

/** The fixed seed; set K8S_WORKLOADS_SEED to replay another run. */
const SEED = Number(process.env.K8S_WORKLOADS_SEED ?? 20240612);
/** A secret env value that must appear in no object but a Secret. */
const SECRET = "s3cr3t-generated-value";
/** Generated inputs per component and kind (invalid names, invalid args, valid edges). */
const RUNS = 3;

/** Builds a component inside render, returning the error it threw (if any) and what was registered. */
async function attempt(
    c: ComponentCase,
    name: string,
    args: Record<string, unknown>,
): Promise<{ error: unknown; resources: RecordedResource[] }> {
    let error: unknown;
    const resources = await render(() => {
        try {
            c.build(name, args);
        } catch (err) {
            error = err;
        }
    });
    return { error, resources };
}

/** Asserts a named InputPropertiesError for `field`, raised before anything (the component included) registered. */
function assertRejected(
    c: ComponentCase,
    seed: string,
    field: string,
    error: unknown,
    resources: RecordedResource[],
): void {
    const context = `${c.type} (seed ${seed})`;
    assert.ok(
        pulumi.InputPropertiesError.isInstance(error),
        `${context}: expected InputPropertiesError, got ${String(error)}`,
    );
    const paths = error.errors.map((e) => e.propertyPath);
    assert.ok(
        paths.some((p) => p === field || p.startsWith(`${field}[`) || p.startsWith(`${field}.`)),
        `${context}: expected an error naming ${field}, got ${paths.join(", ")}`,
    );
    // Nothing at all: validation runs inside the constructor's super(...) call, before the component registers.
    assert.deepStrictEqual(
        resources.map((r) => `${r.type} ${r.name}`),
        [],
        `${context}: resources (the component or its children) registered before the error`,
    );
}

/** The track field (`blue`, `canary`, `variants[0]`...) the first error names: the track env problem's owner. */
function trackField(error: unknown): string {
    if (!pulumi.InputPropertiesError.isInstance(error) || error.errors.length === 0) {
        return "a track's env";
    }
    const path = error.errors[0].propertyPath;
    assert.match(path, /^(blue|green|stable|canary|variants\[\d\])\.env\./, `expected a track env field, got ${path}`);
    return path.slice(0, path.indexOf(".env."));
}

describe("generated inputs (seeded)", () => {
    it("has one case per component", () => {
        assert.deepStrictEqual(
            CASES.map((c) => c.type),
            [...COMPONENT_NAMES],
        );
    });
    for (const c of CASES) {
        describe(c.type, () => {
            it("rejects invalid names, naming `name`, before any child exists", async () => {
                for (let run = 0; run < RUNS; run++) {
                    const rng = new Rng(SEED + run);
                    for (const bad of nameMutations(rng, c.maxName, c.service)) {
                        const { error, resources } = await attempt(c, bad, c.base());
                        assertRejected(c, `${SEED + run}, name ${JSON.stringify(bad)}`, "name", error, resources);
                    }
                }
            });

            it("rejects invalid shared args, naming the field, before any child exists", async () => {
                for (let run = 0; run < RUNS; run++) {
                    const rng = new Rng(SEED + 100 + run);
                    for (const mutation of sharedMutations(rng)) {
                        const { error, resources } = await attempt(c, rng.name(8), mutation.apply(c.base()));
                        assertRejected(c, `${SEED + 100 + run}, ${mutation.field}`, mutation.field, error, resources);
                    }
                }
            });

            if (c.trackEnv) {
                it("rejects invalid per-track env like the shared env, before any child exists", async () => {
                    for (let run = 0; run < RUNS; run++) {
                        const rng = new Rng(SEED + 500 + run);
                        for (const mutation of trackEnvMutations(rng, c)) {
                            const { error, resources } = await attempt(c, rng.name(8), mutation.apply(c.base()));
                            const field = trackField(error);
                            assertRejected(c, `${SEED + 500 + run}, track env`, field, error, resources);
                        }
                    }
                });
            }

            if (c.networkPolicy) {
                it("rejects invalid networkPolicy selectors, naming the field, before any child exists", async () => {
                    for (let run = 0; run < RUNS; run++) {
                        const rng = new Rng(SEED + 400 + run);
                        for (const mutation of networkPolicyMutations(rng)) {
                            const { error, resources } = await attempt(c, rng.name(8), mutation.apply(c.base()));
                            assertRejected(
                                c,
                                `${SEED + 400 + run}, ${mutation.field}`,
                                mutation.field,
                                error,
                                resources,
                            );
                        }
                    }
                });
            }

            it("renders valid edge args (longest names, edge labels) into objects the API server accepts", async () => {
                for (let run = 0; run < RUNS; run++) {
                    const rng = new Rng(SEED + 200 + run);
                    const name = rng.name(rng.pick([1, c.maxName, rng.int(2, c.maxName)]));
                    const args = {
                        ...c.base(),
                        labels: { [`example.com/${rng.name(rng.int(1, 63))}`]: rng.name(rng.int(1, 63)) },
                        annotations: { "example.com/note": "any text, even with spaces" },
                        // /tmp is already a mount of some components (DatabaseBackup): it keeps that mount.
                        writablePaths: ["/tmp", `/var/cache/${rng.name(rng.int(1, 40))}`],
                        ...(c.env ? { env: { PLAIN: "visible", DB_PASSWORD: pulumi.secret(SECRET) } } : {}),
                        ...(c.networkPolicy ? { networkPolicy: edgeNetworkPolicy(rng) } : {}),
                    };
                    const withTracks = c.trackEnv ? c.trackEnv(args, { TRACK_TOKEN: pulumi.secret(SECRET) }) : args;
                    const { error, resources } = await attempt(c, name, withTracks);
                    const context = `${c.type} (seed ${SEED + 200 + run}, name ${JSON.stringify(name)})`;
                    assert.strictEqual(error, undefined, `${context}: ${String(error)}`);
                    assert.ok(
                        resources.some((r) => r.type.startsWith("kubernetes:")),
                        `${context}: nothing rendered`,
                    );
                    assert.deepStrictEqual(apiServerProblems(resources), [], context);
                    assert.strictEqual(
                        resources.some((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy"),
                        c.networkPolicy,
                        `${context}: a NetworkPolicy is rendered exactly when networkPolicy is enabled`,
                    );
                    const leaks = resources.filter(
                        (r) => r.type !== "kubernetes:core/v1:Secret" && JSON.stringify(r.inputs).includes(SECRET),
                    );
                    assert.deepStrictEqual(
                        leaks.map((r) => `${r.type} ${r.name}`),
                        [],
                        `${context}: secret env leaked`,
                    );
                }
            });
        });
    }
});
