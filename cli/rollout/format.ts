/** Progress lines: one per step, gate and measurement, as text or as one JSON object per line. */
import type { ProgressEvent } from "./engine";

/** The output formats of `rollout`. */
export const FORMATS = ["text", "json"] as const;
/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

const STATUS_WORDS: Record<ProgressEvent["status"], string> = {
    ok: "OK",
    failed: "FAIL",
    paused: "PAUSE",
    running: "RUN",
    aborted: "ABORT",
    completed: "DONE",
};

/** Renders one event as a line of text: elapsed time, status, step and message. */
export function formatText(event: ProgressEvent): string {
    const elapsed = `[${event.elapsedSeconds.toFixed(1).padStart(6)}s]`;
    const indent = event.event === "measurement" ? "  " : "";
    const step = event.step ? `${event.step}: ` : "";
    return `${elapsed} ${STATUS_WORDS[event.status].padEnd(5)} ${indent}${step}${event.message}\n`;
}

/** Renders one event in a format. */
export function formatEvent(event: ProgressEvent, format: Format): string {
    return format === "json" ? JSON.stringify(event) + "\n" : formatText(event);
}
