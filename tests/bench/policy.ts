/**
 * Benchmark 2: the offline checker (`k8s-workloads check`) over a generated corpus of rendered resources, against
 * kube-score on the same manifests.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { dump, loadAll } from "js-yaml";
import { checkResources, resolveConfig } from "../../policies/engine";
import {
    BenchOptions,
    BenchResult,
    REPO,
    log,
    machine,
    median,
    msSince,
    round,
    runChild,
    skipped,
    versusMs,
} from "./common";
import { RecordedK8s } from "./mocks";

/** The corpus size the issue asks for. */
export const CORPUS_SIZE = 10_000;
/** The corpus size of a smoke run. */
const SMOKE_CORPUS_SIZE = 500;
const DOCS_PER_FILE = 500;
const GOAL_RATE = 10_000;

/** Where kube-score is built by scripts/toolchain.sh. */
export const KUBE_SCORE = path.join(os.homedir(), ".cache", "k8s-workloads", "bin", "kube-score");

/** Turns a recorded resource into a manifest named with a copy suffix (so the corpus has no duplicates). */
function manifest(r: RecordedK8s, copy: number): Record<string, unknown> {
    const metadata = (r.inputs.metadata ?? {}) as Record<string, unknown>;
    const name = typeof metadata.name === "string" ? metadata.name : r.name;
    return { ...r.inputs, metadata: { ...metadata, name: `${name}-c${copy}` } };
}

/**
 * Writes `size` manifests, cycling through the recorded resources, as multi-document YAML files in a new temporary
 * directory; returns the file paths.
 */
export function writeCorpus(records: readonly RecordedK8s[], size: number): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8sw-bench-corpus-"));
    const files: string[] = [];
    for (let start = 0; start < size; start += DOCS_PER_FILE) {
        const docs: string[] = [];
        for (let i = start; i < Math.min(size, start + DOCS_PER_FILE); i++) {
            const record = records[i % records.length];
            if (record) {
                docs.push(dump(manifest(record, Math.floor(i / records.length)), { noRefs: true }));
            }
        }
        const file = path.join(dir, `corpus-${files.length}.yaml`);
        fs.writeFileSync(file, docs.map((d) => `---\n${d}`).join(""));
        files.push(file);
    }
    return files;
}

/** Runs a command warm-up + timed times and returns the median wall time (ms) and the last output. */
async function timeCommand(
    command: string,
    args: readonly string[],
    options: BenchOptions,
): Promise<{ ms: number; stdout: string; code: number }> {
    const samples: number[] = [];
    let last = { stdout: "", code: 0 };
    for (let i = 0; i < options.warmups + options.runs; i++) {
        const result = await runChild(command, args);
        last = result;
        if (i >= options.warmups) {
            samples.push(result.ms);
        }
    }
    return { ms: median(samples), stdout: last.stdout, code: last.code };
}

/** The engine alone, in this process (parsing excluded): median ms to check all objects. */
function engineMs(files: readonly string[], options: BenchOptions): number {
    const objects = files.flatMap((f) => loadAll(fs.readFileSync(f, "utf8")));
    const resolved = resolveConfig({ preset: "baseline" });
    const samples: number[] = [];
    for (let i = 0; i < options.warmups + options.runs; i++) {
        const start = process.hrtime.bigint();
        checkResources(objects, resolved);
        if (i >= options.warmups) {
            samples.push(msSince(start));
        }
    }
    return median(samples);
}

/** The checker figures: `policy-throughput`, `policy-vs-parse` and `policy-vs-kube-score`. */
export async function policyBenchmarks(records: readonly RecordedK8s[], options: BenchOptions): Promise<BenchResult[]> {
    const size = options.smoke ? SMOKE_CORPUS_SIZE : CORPUS_SIZE;
    const files = writeCorpus(records, size);
    try {
        log(`policy: checker over ${size} resources in ${files.length} files`);
        const cli = path.join(REPO, "cli", "k8s-workloads.js");
        const ours = await timeCommand(process.execPath, [cli, "check", ...files, "--format", "json"], options);
        const checked = (JSON.parse(ours.stdout) as { resources: number; violations: unknown[] }).resources;
        const violations = (JSON.parse(ours.stdout) as { violations: unknown[] }).violations.length;
        const rate = (checked / ours.ms) * 1000;
        const engine = engineMs(files, options);
        const throughput: BenchResult = {
            name: "policy-throughput",
            value: round(rate, 0),
            unit: "resources/s",
            baseline: GOAL_RATE,
            ratio: round(rate / GOAL_RATE),
            notes:
                `\`k8s-workloads check <${files.length} files> --format json\` as a process (node start, js-yaml parse, all rules, JSON out): ` +
                `${checked} resources in ${round(ours.ms, 0)} ms (median of ${options.runs} after ${options.warmups} warm-up), ` +
                `${violations} violations, exit ${ours.code}; the engine alone (checkResources, parsed objects) takes ` +
                `${round(engine, 0)} ms = ${round((checked / engine) * 1000, 0)} resources/s. Baseline = the goal ` +
                `(${GOAL_RATE}/s), ratio = value/goal (goal: ratio >= 1). Corpus: the kubernetes resources of the ` +
                `100-workload mock build, copied with renamed objects. ${machine()}`,
        };
        return [
            throughput,
            await versusParse(files, ours.ms, checked, options),
            await versusKubeScore(files, ours.ms, options),
        ];
    } finally {
        fs.rmSync(path.dirname(files[0] ?? os.tmpdir() + "/none"), { recursive: true, force: true });
    }
}

/**
 * `policy-vs-parse`: the checker's wall time against a process that only reads and parses the same files with the
 * same YAML parser (`parseOnly.ts`), the floor of any checker that reads YAML this way.
 */
async function versusParse(
    files: readonly string[],
    oursMs: number,
    checked: number,
    options: BenchOptions,
): Promise<BenchResult> {
    log("policy: parse-only process over the same files");
    const parseOnly = path.join(REPO, "bin", "tests", "bench", "parseOnly.js");
    const floor = await timeCommand(process.execPath, [parseOnly, ...files], options);
    const documents = (JSON.parse(floor.stdout) as { documents: number }).documents;
    if (documents !== checked) {
        throw new Error(`policy-vs-parse: the parse-only process read ${documents} documents, the checker ${checked}`);
    }
    return versusMs(
        "policy-vs-parse",
        oursMs,
        floor.ms,
        `value = \`k8s-workloads check <${files.length} files> --format json\` (wall time, as above), baseline = ` +
            `\`node bin/tests/bench/parseOnly.js <same files>\` (node start, read, js-yaml loadAll, print a count: ` +
            `${documents} documents), both as processes, median of ${options.runs} after ${options.warmups} warm-up; ` +
            `ratio = checker / parse floor (goal <= 1.5). ${machine()}`,
    );
}

async function versusKubeScore(files: readonly string[], oursMs: number, options: BenchOptions): Promise<BenchResult> {
    if (!fs.existsSync(KUBE_SCORE)) {
        return skipped(
            "policy-vs-kube-score",
            "ms",
            `kube-score not found at ${KUBE_SCORE} (run scripts/toolchain.sh)`,
        );
    }
    log("policy: kube-score over the same files");
    const ks = await timeCommand(KUBE_SCORE, ["score", ...files, "--output-format", "ci"], options);
    const lines = ks.stdout.split("\n").filter((l) => l.trim() !== "").length;
    return versusMs(
        "policy-vs-kube-score",
        oursMs,
        ks.ms,
        `value = our checker's wall time, baseline = \`kube-score score <same ${files.length} files> --output-format ci\` ` +
            `(v1.20.0, built from its Go module; exit ${ks.code}, ${lines} output lines), both as processes, median of ` +
            `${options.runs} after ${options.warmups} warm-up; ratio = ours / kube-score (goal <= 0.1). ${machine()}`,
    );
}
