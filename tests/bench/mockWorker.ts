/**
 * Child process of the mock benchmark (one process per configuration, so peak RSS is per configuration):
 *
 *   node mockWorker.js record <workloads> <out.json>       records the Kubernetes resources the components register
 *   node mockWorker.js components <workloads> <runs> <warmups>
 *   node mockWorker.js raw <records.json> <runs> <warmups>
 *
 * Prints one JSON line: {@link WorkerReport}.
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { msSince } from "./common";
import { installMocks, registrations, settle, startRecording, stopRecording, untilRegistrations } from "./mocks";
import { buildRaw } from "./rawResources";
import { buildWorkloads } from "./workloads";

/** What a worker reports. */
export interface WorkerReport {
    /** Milliseconds of each timed build (from the first constructor call to the last registration). */
    readonly samples: number[];
    /** Registrations per build (components and Kubernetes resources). */
    readonly registrations: number;
    /** Peak resident set size of the worker process, KiB. */
    readonly maxRssKiB: number;
}

type Build = (prefix: string) => unknown;

/** Runs `build` warm-up + timed times; each build ends when its registrations have all arrived. */
async function measure(build: Build, runs: number, warmups: number): Promise<WorkerReport> {
    // The first warm-up learns how many registrations one build makes.
    const before = registrations();
    let keep = build("warm0-");
    await settle();
    const perBuild = registrations() - before;
    for (let i = 1; i < warmups; i++) {
        keep = build(`warm${i}-`);
        await untilRegistrations(registrations() + perBuild);
    }
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
        const target = registrations() + perBuild;
        const start = process.hrtime.bigint();
        keep = build(`run${i}-`);
        await untilRegistrations(target);
        samples.push(msSince(start));
    }
    void keep;
    return { samples, registrations: perBuild, maxRssKiB: process.resourceUsage().maxRSS };
}

function componentsBuild(workloads: number): Build {
    const password = pulumi.secret("bench-password");
    return (prefix) => buildWorkloads(workloads, prefix, { namespace: "bench", password });
}

async function record(workloads: number, out: string): Promise<WorkerReport> {
    startRecording();
    const before = registrations();
    componentsBuild(workloads)("");
    await settle();
    const records = stopRecording();
    fs.writeFileSync(out, JSON.stringify(records));
    return { samples: [], registrations: registrations() - before, maxRssKiB: process.resourceUsage().maxRSS };
}

async function main(argv: string[]): Promise<WorkerReport> {
    const [mode, arg, runs = "0", warmups = "1"] = argv;
    installMocks();
    switch (mode) {
        case "record":
            return record(Number(arg), runs);
        case "components":
            return measure(componentsBuild(Number(arg)), Number(runs), Math.max(1, Number(warmups)));
        case "raw": {
            const records = JSON.parse(fs.readFileSync(arg ?? "", "utf8")) as Parameters<typeof buildRaw>[0];
            return measure((prefix) => buildRaw(records, prefix), Number(runs), Math.max(1, Number(warmups)));
        }
        default:
            throw new Error(`unknown mode "${mode ?? ""}" (record, components, raw)`);
    }
}

main(process.argv.slice(2)).then(
    (report) => {
        process.stdout.write(`${JSON.stringify(report)}\n`);
        process.exit(0);
    },
    (err: unknown) => {
        process.stderr.write(`mockWorker: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
    },
);
