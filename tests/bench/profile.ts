/**
 * Summarizes a V8 CPU profile (from `node --cpu-prof`): self time by function and by package/file, so that a
 * missed goal is explained from measurements. Usage:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof <program...>
 *   node bin/tests/bench/profile.js /tmp/prof/<file>.cpuprofile [top=15]
 */
import * as fs from "fs";

/** The parts of a `.cpuprofile` this summary reads. */
interface CpuProfile {
    readonly nodes: readonly {
        readonly id: number;
        readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    }[];
    readonly samples: readonly number[];
    readonly timeDeltas: readonly number[];
}

/** Self time (ms) per key, largest first. */
export type Breakdown = [string, number][];

/** Where a script URL belongs: its npm package, a file of this repository, node internals or V8. */
export function area(url: string): string {
    if (url === "") {
        return "(native/gc/idle)";
    }
    if (url.startsWith("node:")) {
        return "node:internal";
    }
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg?.[1]) {
        return pkg[1];
    }
    return url.replace(/^file:\/\//, "").replace(/^.*\/work\/main\//, "");
}

/** Self time per function and per area. */
export function summarize(profile: CpuProfile): { functions: Breakdown; areas: Breakdown; totalMs: number } {
    const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    const functions = new Map<string, number>();
    const areas = new Map<string, number>();
    let totalMs = 0;
    profile.samples.forEach((id, i) => {
        const ms = (profile.timeDeltas[i] ?? 0) / 1000;
        const frame = byId.get(id);
        if (!frame) {
            return;
        }
        totalMs += ms;
        const where = area(frame.url);
        const fn = `${frame.functionName || "(anonymous)"} ${where}:${frame.lineNumber + 1}`;
        functions.set(fn, (functions.get(fn) ?? 0) + ms);
        areas.set(where, (areas.get(where) ?? 0) + ms);
    });
    const sorted = (m: Map<string, number>): Breakdown => [...m].sort((a, b) => b[1] - a[1]);
    return { functions: sorted(functions), areas: sorted(areas), totalMs };
}

function print(title: string, rows: Breakdown, totalMs: number, top: number): void {
    process.stdout.write(`${title}\n`);
    for (const [key, ms] of rows.slice(0, top)) {
        process.stdout.write(
            `  ${ms.toFixed(0).padStart(7)} ms ${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${key}\n`,
        );
    }
}

if (require.main === module) {
    const [file, top = "15"] = process.argv.slice(2);
    if (file === undefined) {
        process.stderr.write("usage: node bin/tests/bench/profile.js <file.cpuprofile> [top]\n");
        process.exit(2);
    }
    const { functions, areas, totalMs } = summarize(JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile);
    process.stdout.write(`total sampled: ${totalMs.toFixed(0)} ms\n`);
    print("self time by package/file:", areas, totalMs, Number(top));
    print("self time by function:", functions, totalMs, Number(top));
}
