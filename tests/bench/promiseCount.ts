/**
 * A deterministic profile of the Pulumi SDK's bookkeeping: preloaded into a benchmark worker, it counts the promises
 * the SDK wraps with `debuggablePromise` (each captures a stack trace, the largest single cost in the mock build's CPU
 * profile), by context label, and prints the counts to stderr at exit. Counts do not depend on machine load, so the
 * components' build and the raw resources can be compared on a busy machine:
 *
 *   node -r ./bin/tests/bench/promiseCount.js bin/tests/bench/mockWorker.js components 100 1 1 >/dev/null
 *   node -r ./bin/tests/bench/promiseCount.js bin/tests/bench/mockWorker.js raw <records.json> 1 1 >/dev/null
 *
 * It replaces an export of an internal SDK module (`@pulumi/pulumi/runtime/debuggable`), which the SDK calls through
 * its exports object; it is a profiling aid, never loaded by the benchmark itself.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
};

const counts = new Map<string, number>();
let total = 0;
const original = debuggable.debuggablePromise;

/** The context label without its resource-specific part (`monitor.registerResource(urn...)` → `monitor.registerResource`). */
export function contextLabel(ctx: unknown): string {
    return String(ctx).replace(/\(.*$/s, "").slice(0, 60);
}

debuggable.debuggablePromise = <T>(p: Promise<T>, ctx: unknown): Promise<T> => {
    total++;
    const label = contextLabel(ctx);
    counts.set(label, (counts.get(label) ?? 0) + 1);
    return original(p, ctx);
};

process.on("exit", () => {
    const rows = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 15);
    process.stderr.write(`promises: ${total}\n${rows.map(([label, n]) => `  ${n}  ${label}`).join("\n")}\n`);
});
