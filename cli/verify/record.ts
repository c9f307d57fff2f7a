/**
 * Runs checks: polls a judgement until it is done, failed for good, or the deadline passes, and records the result.
 */
import type { Judgement } from "./judge";
import { CheckResult, Judge, Record, errorText } from "./types";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a judgement until it is done, failed for good, or the deadline passes. */
async function waitFor(deadline: number, judge: () => Promise<Judgement>): Promise<Judgement> {
    for (;;) {
        let judgement: Judgement;
        try {
            judgement = await judge();
        } catch (err) {
            judgement = { done: false, message: errorText(err) };
        }
        if (judgement.done || judgement.failed || Date.now() >= deadline) {
            return judgement;
        }
        await sleep(1000);
    }
}

/** The status and message of one check. */
async function judgeUntil(deadline: number, judge: Judge): Promise<Pick<CheckResult, "status" | "message">> {
    const first = await judge().catch((err: unknown): Judgement => ({ done: false, message: errorText(err) }));
    if (first === "skip") {
        return { status: "skip", message: "nothing to check" };
    }
    const judgement =
        first.done || first.failed
            ? first
            : await waitFor(deadline, async () => {
                  const next = await judge();
                  return next === "skip" ? { done: true, message: "nothing to check" } : next;
              });
    return { status: judgement.done ? "pass" : "fail", message: judgement.message };
}

/** A recorder that collects results into `results` and reports each as it completes. */
export function recorder(deadline: number, results: CheckResult[], report: (result: CheckResult) => void): Record {
    return async (check, kind, namespace, name, judge) => {
        const started = Date.now();
        const outcome = await judgeUntil(deadline, judge);
        const result: CheckResult = {
            check,
            kind,
            namespace,
            name,
            ...outcome,
            seconds: (Date.now() - started) / 1000,
        };
        results.push(result);
        report(result);
    };
}
