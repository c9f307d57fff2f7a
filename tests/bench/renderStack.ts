/**
 * Child process: renders a benchmark stack's Kubernetes objects as one multi-document YAML (to stdout), by running
 * its program under mocks: `dev` is the stack program (bin/stacks/index.js) with the benchmark's config (`dev-real`
 * with realNode=true), `scale` the
 * program of scaleProgram.ts. Namespaces come first so that `kubectl apply -f` creates them before the objects
 * inside them.
 *
 *   node renderStack.js [dev|dev-real|scale] > manifests.yaml
 */
import * as path from "path";
import { dump } from "js-yaml";
import { REPO } from "./common";
import { RecordedK8s, installMocks, settle, startRecording, stopRecording } from "./mocks";
import { scaleProgram } from "./scaleProgram";
import { BENCH_SECRETS } from "./settings";

/** The manifest of a recorded resource (metadata.name filled in when Pulumi would have auto-named it). */
function toManifest(r: RecordedK8s): Record<string, unknown> {
    const metadata = (r.inputs.metadata ?? {}) as Record<string, unknown>;
    return { ...r.inputs, metadata: { ...metadata, name: metadata.name ?? r.name } };
}

/** Runs the dev stack program under mocks with the benchmark's config (realNode: the web workloads on real-0). */
function runDevProgram(realNode: boolean): void {
    installMocks(
        {
            "k8s-workloads:environment": "dev",
            "k8s-workloads:dbPassword": BENCH_SECRETS.dbPassword,
            "k8s-workloads:databaseUrl": BENCH_SECRETS.databaseUrl,
            "k8s-workloads:realNode": String(realNode),
        },
        ["k8s-workloads:dbPassword", "k8s-workloads:databaseUrl"],
    );
    startRecording();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(REPO, "bin", "stacks", "index.js"));
}

async function main(program: string): Promise<string> {
    if (program === "dev" || program === "dev-real") {
        runDevProgram(program === "dev-real");
    } else if (program === "scale") {
        installMocks();
        startRecording();
        await scaleProgram();
    } else {
        throw new Error(`unknown program "${program}" (dev, dev-real, scale)`);
    }
    await settle();
    const records = stopRecording();
    const ordered = [
        ...records.filter((r) => r.type === "kubernetes:core/v1:Namespace"),
        ...records.filter((r) => r.type !== "kubernetes:core/v1:Namespace"),
    ];
    return ordered.map((r) => `---\n${dump(toManifest(r), { noRefs: true })}`).join("");
}

main(process.argv[2] ?? "dev").then(
    (yaml) => {
        // Exit only once the YAML is flushed: stdout is a pipe, and exiting at once cut the 1.7 MB scale render
        // short after 219 kB (kubectl then met a Service without its port).
        process.stdout.write(yaml, () => process.exit(0));
    },
    (err: unknown) => {
        process.stderr.write(`renderStack: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
    },
);
