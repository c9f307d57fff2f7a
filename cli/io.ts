/**
 * The streams the CLI reads and writes; tests pass their own.
 */
/** Streams the CLI writes to. */
export interface CliIo {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    /** Reads all of standard input (for `check -`). */
    readonly readStdin: () => Promise<string>;
}

/** The process's own streams. */
export const processIo: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) {
            chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
        }
        return Buffer.concat(chunks).toString("utf8");
    },
};
