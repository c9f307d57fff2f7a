/**
 * The floor of `policy-vs-parse`: a process that only reads and parses the checker's input files with the same YAML
 * parser (js-yaml `loadAll`, as `cli/check/parse.ts` does) and prints how many documents it read, as JSON.
 *
 *   node bin/tests/bench/parseOnly.js <file.yaml>...
 */
import * as fs from "fs";
import { loadAll } from "js-yaml";

/** Reads and parses every file; returns the number of non-empty documents. */
export function parseFiles(files: readonly string[]): number {
    let documents = 0;
    for (const file of files) {
        for (const doc of loadAll(fs.readFileSync(file, "utf8"))) {
            if (doc !== null && doc !== undefined) {
                documents++;
            }
        }
    }
    return documents;
}

if (require.main === module) {
    process.stdout.write(`${JSON.stringify({ documents: parseFiles(process.argv.slice(2)) })}\n`);
}
