/**
 * `k8s-workloads check` parses large inputs on worker threads too: the shares, the worker itself, and that the
 * documents and errors are those of a file-by-file read.
 */
import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { stringify } from "yaml";
import {
    MAX_PARSE_WORKERS,
    PARALLEL_MIN_BYTES,
    SizedFile,
    parseFiles,
    parseWorkerCount,
    shareByBytes,
} from "../../cli/check/parallelParse";
import { InputError, ParsedFile, readAndParse } from "../../cli/check/parse";

const dir = mkdtempSync(path.join(tmpdir(), "k8s-workloads-parallel-"));

/** A ConfigMap document of about `bytes` bytes. */
function configMap(name: string, bytes: number): string {
    return stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { blob: "x".repeat(bytes) } });
}

/** A file of `docs` ConfigMaps, `bytes` bytes each. */
function manifestFile(name: string, docs: number, bytes: number): string {
    const file = path.join(dir, name);
    const text = Array.from({ length: docs }, (_, i) => configMap(`${name.replace(/\W/g, "-")}-${i}`, bytes));
    writeFileSync(file, text.join("---\n"));
    return file;
}

function sized(bytes: readonly number[]): SizedFile[] {
    return bytes.map((b, i) => ({ file: `f${i}`, bytes: b }));
}

describe("check: parsing on worker threads", () => {
    // Four files of 200 documents of 4 kB: about 3.2 MB, above the threshold.
    const large = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"].map((n) => manifestFile(n, 200, 4000));

    it("starts no worker for small inputs, and at most one fewer than the cores (and the files)", () => {
        assert.strictEqual(parseWorkerCount(sized([1000, 1000]), 8), 0);
        assert.strictEqual(parseWorkerCount(sized([PARALLEL_MIN_BYTES]), 8), 0, "one file: nothing to share");
        assert.strictEqual(parseWorkerCount(sized([PARALLEL_MIN_BYTES, 10]), 2), 1);
        assert.strictEqual(parseWorkerCount(sized([PARALLEL_MIN_BYTES, 10]), 1), 0, "one core");
        assert.strictEqual(parseWorkerCount(sized([PARALLEL_MIN_BYTES, 1, 1]), 8), 2, "files - 1");
        assert.strictEqual(parseWorkerCount(sized(Array(20).fill(PARALLEL_MIN_BYTES)), 64), MAX_PARSE_WORKERS);
    });

    it("shares the files out by bytes, each file exactly once", () => {
        const shares = shareByBytes(sized([90, 10, 50, 40, 10]), 2);
        assert.deepStrictEqual(shares.flat().sort(), ["f0", "f1", "f2", "f3", "f4"]);
        // Largest first, each to the lightest share (the first of equals): 90+10 against 50+40+10.
        assert.deepStrictEqual(shares, [
            ["f0", "f1"],
            ["f2", "f3", "f4"],
        ]);
    });

    it("a worker posts each file's documents, in order, and a bad file's error in its place", async () => {
        const broken = path.join(dir, "broken.yaml");
        writeFileSync(broken, "kind: ConfigMap\nmetadata: {name: x\n");
        const files = [large[0] ?? "", broken];
        const posted = await new Promise<ParsedFile[]>((resolve, reject) => {
            const worker = new Worker(path.join(__dirname, "..", "..", "cli", "check", "parseWorker.js"), {
                workerData: files,
            });
            worker.once("message", resolve);
            worker.once("error", reject);
        });
        assert.deepStrictEqual(
            posted.map((p) => p.file),
            files,
        );
        const [first, second] = posted;
        assert.ok(first && "docs" in first && second && "error" in second);
        assert.deepStrictEqual(first.docs, readAndParse(files[0] ?? ""));
        assert.match(second.error, /broken\.yaml:\d+:\d+: invalid YAML: /);
    });

    it("gives the documents of a file-by-file read for a large input", async () => {
        const parsed = await parseFiles(large);
        assert.deepStrictEqual([...parsed.keys()], large);
        for (const file of large) {
            assert.deepStrictEqual(parsed.get(file), readAndParse(file));
        }
    });

    it("reports the first bad file in the order given, as a file-by-file read would", async () => {
        const first = path.join(dir, "first-bad.yaml");
        const second = path.join(dir, "second-bad.yaml");
        writeFileSync(first, "a: [1, 2\n");
        writeFileSync(second, "b: {c\n");
        await assert.rejects(
            parseFiles([...large, second, first]),
            (err: unknown) => err instanceof InputError && err.message.startsWith(`${second}:`),
        );
        await assert.rejects(
            parseFiles([first, ...large, second]),
            (err: unknown) => err instanceof InputError && err.message.startsWith(`${first}:`),
        );
    });
});
