/**
 * Parsing one manifest file for `k8s-workloads check`: JSON or multi-document YAML, with errors that name the file
 * and the line. Used on the main thread and on the parse workers alike.
 */
import { readFileSync } from "fs";
import { YAMLException, loadAll } from "js-yaml";

/** An input that could not be read or parsed: the message names the file (and line). */
export class InputError extends Error {}

function firstLine(message: string): string {
    const line = message.split("\n")[0] ?? message;
    return line.replace(/ at line \d+, column \d+:?$/, "");
}

/** Parses the text of one input into documents (JSON fast path, else multi-document YAML). */
export function parseDocuments(text: string, file: string): unknown[] {
    const trimmed = text.trimStart();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
            const value: unknown = JSON.parse(text);
            return Array.isArray(value) ? value : [value];
        } catch {
            // Not JSON after all (YAML flow style, or broken): the YAML parser reports the line.
        }
    }
    // js-yaml parses large manifests several times faster than a full-fidelity YAML document model.
    let docs: unknown[];
    try {
        docs = loadAll(text, null, { filename: file });
    } catch (err) {
        if (err instanceof YAMLException) {
            const where = err.mark ? `:${err.mark.line + 1}:${err.mark.column + 1}` : "";
            throw new InputError(`${file}${where}: invalid YAML: ${firstLine(err.reason || err.message)}`);
        }
        throw err;
    }
    const out: unknown[] = [];
    for (const value of docs) {
        if (value !== null && value !== undefined) {
            out.push(value);
        }
    }
    return out;
}

/** Reads and parses one file; throws InputError when it cannot be read or does not parse. */
export function readAndParse(file: string): unknown[] {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (e) {
        throw new InputError(`${file}: cannot read (${e instanceof Error ? e.message : String(e)})`);
    }
    return parseDocuments(text, file);
}

/** What parsing one file gave: its documents, or the InputError's message. */
export type ParsedFile =
    { readonly file: string; readonly docs: unknown[] } | { readonly file: string; readonly error: string };

/** Reads and parses one file, turning an InputError into a result (any other error is a bug and is thrown). */
export function parseOrError(file: string): ParsedFile {
    try {
        return { file, docs: readAndParse(file) };
    } catch (err) {
        if (err instanceof InputError) {
            return { file, error: err.message };
        }
        throw err;
    }
}
