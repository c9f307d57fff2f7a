/**
 * Output of `k8s-workloads check`: a text table with a summary line, or one JSON object.
 */
import { Violation } from "../../policies/types";

/** A violation with the file of the object it is about. */
export interface FileViolation extends Violation {
    readonly file: string;
}

/** The JSON output: exactly this shape. */
export interface CheckJson {
    readonly resources: number;
    readonly violations: {
        readonly policy: string;
        readonly enforcementLevel: "advisory" | "mandatory";
        readonly kind: string;
        readonly namespace: string | null;
        readonly name: string | null;
        readonly container: string | null;
        readonly message: string;
        readonly file: string;
    }[];
}

/** Builds the JSON output object. */
export function toJson(resources: number, violations: readonly FileViolation[]): CheckJson {
    return {
        resources,
        violations: violations.map((v) => ({
            policy: v.policy,
            enforcementLevel: v.enforcementLevel,
            kind: v.kind,
            namespace: v.namespace ?? null,
            name: v.name ?? null,
            container: v.container ?? null,
            message: v.message,
            file: v.file,
        })),
    };
}

const MAX_MESSAGE_WIDTH = 100;

function resourceOf(v: Violation): string {
    return `${v.kind}/${v.namespace ?? "-"}/${v.name ?? "-"}`;
}

/** Counts of violations by level. */
export function countLevels(violations: readonly Violation[]): { mandatory: number; advisory: number } {
    let mandatory = 0;
    for (const v of violations) {
        if (v.enforcementLevel === "mandatory") {
            mandatory++;
        }
    }
    return { mandatory, advisory: violations.length - mandatory };
}

/** The summary line. */
export function summaryLine(resources: number, skipped: number, violations: readonly Violation[]): string {
    const { mandatory, advisory } = countLevels(violations);
    const skippedText = skipped > 0 ? ` (${skipped} skipped: unknown or missing kind)` : "";
    const verdict = mandatory > 0 ? "FAIL" : "PASS";
    return `${verdict}: ${resources} resources checked${skippedText}, ${mandatory} mandatory and ${advisory} advisory violations`;
}

/** The text table: one row per violation (rule, level, kind/namespace/name, container, message, fix). */
export function toTable(violations: readonly FileViolation[]): string {
    if (violations.length === 0) {
        return "";
    }
    const header = ["RULE", "LEVEL", "RESOURCE", "CONTAINER", "MESSAGE", "FIX"];
    const rows = violations.map((v) => [
        v.policy,
        v.enforcementLevel,
        resourceOf(v),
        v.container ?? "-",
        v.message,
        v.fix,
    ]);
    const widths = header.map((h, i) =>
        Math.min(
            i === 4 ? MAX_MESSAGE_WIDTH : Number.MAX_SAFE_INTEGER,
            Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)),
        ),
    );
    const line = (cells: readonly string[]): string =>
        cells
            .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
            .join("  ")
            .trimEnd();
    return [line(header), ...rows.map(line)].join("\n") + "\n";
}
