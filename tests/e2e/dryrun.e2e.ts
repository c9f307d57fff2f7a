import * as assert from "assert";
import { spawn } from "child_process";
import { RecordedResource, render } from "../harness/mocks";
import { CASES, Rng, edgeNetworkPolicy } from "../components/generated/cases";

/** The fixed seed of the sample; set K8S_WORKLOADS_SEED to replay another. */
const SEED = Number(process.env.K8S_WORKLOADS_SEED ?? 20240612);
/** Valid-edge samples per component. */
const SAMPLES = 2;
/** The key of Pulumi's secret wrapper in mock inputs. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Replaces Pulumi's secret wrappers by their values, so the object is plain Kubernetes JSON. */
function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (SECRET_SIG in record) {
            return unwrapSecrets(record.value);
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/** The Kubernetes objects a render produced, as manifests in the `default` namespace (or cluster-scoped). */
function manifests(resources: readonly RecordedResource[]): Record<string, unknown>[] {
    return resources
        .filter((r) => r.type.startsWith("kubernetes:"))
        .map((r) => unwrapSecrets(r.inputs) as Record<string, unknown>);
}

/** Pipes a List through `kubectl apply --dry-run=server` (nothing is created); resolves with its output. */
function dryRun(items: readonly Record<string, unknown>[]): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
        const child = spawn("kubectl", ["apply", "--dry-run=server", "-o", "name", "-f", "-"]);
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        child.on("close", (code) => resolve({ code: code ?? 1, out }));
        child.stdin.end(JSON.stringify({ apiVersion: "v1", kind: "List", items }));
    });
}

describe("server-side dry run of generated valid-edge args", () => {
    for (const c of CASES) {
        it(`${c.type}: every rendered object is accepted by the API server`, async () => {
            for (let run = 0; run < SAMPLES; run++) {
                const rng = new Rng(SEED + 300 + run);
                const name = rng.name(run === 0 ? c.maxName : rng.int(1, c.maxName));
                const args = {
                    ...c.base(),
                    namespace: "default",
                    labels: { [`example.com/${rng.name(rng.int(1, 63))}`]: rng.name(rng.int(1, 63)) },
                    ...(c.networkPolicy ? { networkPolicy: edgeNetworkPolicy(rng) } : {}),
                };
                const items = manifests(await render(() => c.build(name, args)));
                assert.ok(items.length > 0, `${c.type} rendered nothing`);
                const result = await dryRun(items);
                assert.strictEqual(
                    result.code,
                    0,
                    `${c.type} (seed ${SEED + 300 + run}, name ${JSON.stringify(name)}):\n${result.out}`,
                );
            }
        });
    }
});
