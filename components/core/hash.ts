import * as crypto from "crypto";

/** A short hash (10 hex digits of SHA-256) of some texts, for names and annotations that change with content. */
export function contentHash(...parts: string[]): string {
    const hash = crypto.createHash("sha256");
    for (const part of parts) {
        hash.update(part);
        hash.update("\0");
    }
    return hash.digest("hex").slice(0, 10);
}
