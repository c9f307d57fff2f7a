/**
 * A parse worker of `k8s-workloads check` (see parallelParse.ts): parses the files it is given and posts back one
 * {@link ParsedFile} per file, in order.
 */
import { parentPort, workerData } from "worker_threads";
import { parseOrError } from "./parse";

const files: readonly string[] = Array.isArray(workerData) ? workerData.map(String) : [];
parentPort?.postMessage(files.map(parseOrError));
