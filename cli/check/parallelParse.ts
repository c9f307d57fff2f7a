/**
 * Parsing the manifest files of `k8s-workloads check`. YAML parsing is most of a large check's time, and files parse
 * independently, so a large input of several files is shared out by bytes between this thread and worker threads
 * (one fewer than the machine's cores). Small inputs are parsed here, one file after another: a worker's start-up
 * would cost more than it saves.
 */
import { statSync } from "fs";
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { InputError, ParsedFile, parseOrError, readAndParse } from "./parse";

/** Below this many bytes in all, every file is parsed on the main thread. */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
/** The most parse workers, whatever the core count: past this, copying the documents back dominates. */
export const MAX_PARSE_WORKERS = 3;

/** A file and its size. */
export interface SizedFile {
    readonly file: string;
    readonly bytes: number;
}

/** How many workers to start for these files on a machine with `cores` cores: 0 to parse them all here. */
export function parseWorkerCount(files: readonly SizedFile[], cores: number): number {
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    if (bytes < PARALLEL_MIN_BYTES) {
        return 0;
    }
    return Math.max(0, Math.min(cores - 1, files.length - 1, MAX_PARSE_WORKERS));
}

/** Splits files into `parts` shares of about equal bytes (largest file first, each to the lightest share). */
export function shareByBytes(files: readonly SizedFile[], parts: number): string[][] {
    const shares = Array.from({ length: parts }, () => ({ bytes: 0, files: [] as string[] }));
    for (const f of [...files].sort((a, b) => b.bytes - a.bytes)) {
        const lightest = shares.reduce((min, share) => (share.bytes < min.bytes ? share : min));
        lightest.files.push(f.file);
        lightest.bytes += f.bytes;
    }
    return shares.map((share) => share.files);
}

function sized(file: string): SizedFile {
    try {
        return { file, bytes: statSync(file).size };
    } catch {
        return { file, bytes: 0 }; // readAndParse reports the unreadable file in its place
    }
}

/** Parses a share of the files on a worker thread. */
function parseOnWorker(files: readonly string[]): Promise<ParsedFile[]> {
    return new Promise((resolve, reject) => {
        const worker = new Worker(path.join(__dirname, "parseWorker.js"), { workerData: files });
        worker.once("message", (results: ParsedFile[]) => resolve(results));
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`a parse worker exited with code ${code} before answering`)));
    });
}

/** The documents of each file; the first bad file, in the order given, throws its InputError. */
function documentsInOrder(files: readonly string[], results: ReadonlyMap<string, ParsedFile>): Map<string, unknown[]> {
    const out = new Map<string, unknown[]>();
    for (const file of files) {
        const result = results.get(file);
        if (result === undefined) {
            throw new Error(`${file} was in no parse share`);
        }
        if ("error" in result) {
            throw new InputError(result.error);
        }
        out.set(file, result.docs);
    }
    return out;
}

/**
 * Reads and parses every file (each once, however often it is named) and returns its documents by file. Throws
 * the InputError of the first file, in the order given, that cannot be read or does not parse.
 */
export async function parseFiles(files: readonly string[]): Promise<Map<string, unknown[]>> {
    const unique = [...new Set(files)];
    const sizes = unique.map(sized);
    const workers = parseWorkerCount(sizes, os.availableParallelism());
    if (workers === 0) {
        return new Map(unique.map((file) => [file, readAndParse(file)]));
    }
    const [mine = [], ...theirs] = shareByBytes(sizes, workers + 1);
    const pending = theirs.map(parseOnWorker);
    const results = new Map<string, ParsedFile>(mine.map((file) => [file, parseOrError(file)]));
    for (const share of await Promise.all(pending)) {
        for (const result of share) {
            results.set(result.file, result);
        }
    }
    return documentsInOrder(unique, results);
}
