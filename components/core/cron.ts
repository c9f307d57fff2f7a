import { Problems, show } from "./validation";

/**
 * The schedule macros a CronJob accepts (the Kubernetes controller uses robfig/cron's standard parser).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
 */
export const CRON_MACROS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"] as const;

/** One field of a 5-field cron expression: its name, range and optional names. */
interface CronField {
    readonly name: string;
    readonly min: number;
    readonly max: number;
    /** Upper-case names mapped to numbers (JAN..DEC, SUN..SAT). */
    readonly names?: Readonly<Record<string, number>>;
    /** `?` is accepted (day-of-month and day-of-week only). */
    readonly question?: boolean;
}

const MONTHS: Record<string, number> = {
    JAN: 1,
    FEB: 2,
    MAR: 3,
    APR: 4,
    MAY: 5,
    JUN: 6,
    JUL: 7,
    AUG: 8,
    SEP: 9,
    OCT: 10,
    NOV: 11,
    DEC: 12,
};
const DAYS: Record<string, number> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

/** The five fields in order, with the ranges the Kubernetes CronJob controller accepts. */
export const CRON_FIELDS: readonly CronField[] = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day-of-month", min: 1, max: 31, question: true },
    { name: "month", min: 1, max: 12, names: MONTHS },
    { name: "day-of-week", min: 0, max: 6, names: DAYS, question: true },
];

const NUMBER = /^[0-9]+$/;

/** Parses one value of a field (a number or a name) or returns why it is not valid. */
function parseValue(field: CronField, text: string): number | string {
    const upper = text.toUpperCase();
    if (field.names && upper in field.names) {
        return field.names[upper];
    }
    if (!NUMBER.test(text)) {
        const names = field.names ? ` or a name such as ${Object.keys(field.names)[0]}` : "";
        return `${field.name} value ${show(text)} is not a number${names}`;
    }
    const value = Number(text);
    if (value < field.min || value > field.max) {
        return `${field.name} ${value} is out of range ${field.min}-${field.max}`;
    }
    return value;
}

/** Checks one comma-separated item of a field: `*`, `?`, `a`, `a-b`, each with an optional `/step`. */
function itemProblem(field: CronField, item: string): string | undefined {
    if (item === "") {
        return `${field.name} has an empty list item`;
    }
    const parts = item.split("/");
    if (parts.length > 2) {
        return `${field.name} item ${show(item)} has more than one "/"`;
    }
    const [range, step] = parts;
    if (step !== undefined) {
        if (!NUMBER.test(step) || Number(step) < 1) {
            return `${field.name} step ${show(step)} must be a whole number of at least 1`;
        }
        if (Number(step) > field.max - field.min + 1) {
            return `${field.name} step ${step} is larger than the field's range ${field.min}-${field.max}`;
        }
    }
    if (range === "*" || (range === "?" && field.question)) {
        return undefined;
    }
    if (range === "?") {
        return `${field.name} does not accept "?" (only day-of-month and day-of-week do)`;
    }
    const bounds = range.split("-");
    if (bounds.length > 2) {
        return `${field.name} range ${show(range)} has more than one "-"`;
    }
    const values: number[] = [];
    for (const bound of bounds) {
        const parsed = parseValue(field, bound);
        if (typeof parsed === "string") {
            return parsed;
        }
        values.push(parsed);
    }
    if (values.length === 2 && values[0] > values[1]) {
        return `${field.name} range ${show(range)} starts after it ends`;
    }
    return undefined;
}

/**
 * Explains why a CronJob schedule is invalid, or returns undefined for a valid one. Accepts the strict standard
 * 5-field syntax (minute, hour, day-of-month, month, day-of-week) with lists (`1,15`), ranges (`1-5`), steps
 * (`*\/15`, `0-30/10`), month and weekday names (`JAN`, `MON-FRI`, any case), `?` in the day fields, and the
 * macros in {@link CRON_MACROS}. Rejects `TZ=`/`CRON_TZ=` prefixes (use the CronJob's `timeZone` field) and
 * 6-field (seconds) expressions, which Kubernetes rejects too.
 */
export function cronScheduleProblem(schedule: string): string | undefined {
    const trimmed = schedule.trim();
    if (trimmed === "") {
        return "it is empty";
    }
    if (/^(CRON_)?TZ=/.test(trimmed)) {
        return "time zone prefixes are not allowed in the schedule; set timeZone instead";
    }
    if (trimmed.startsWith("@")) {
        return (CRON_MACROS as readonly string[]).includes(trimmed.toLowerCase())
            ? undefined
            : `unknown macro ${show(trimmed)}; use one of ${CRON_MACROS.join(", ")}`;
    }
    const fields = trimmed.split(/\s+/);
    if (fields.length !== CRON_FIELDS.length) {
        return `it has ${fields.length} field${fields.length === 1 ? "" : "s"}, not 5`;
    }
    for (let i = 0; i < CRON_FIELDS.length; i++) {
        for (const item of fields[i].split(",")) {
            const problem = itemProblem(CRON_FIELDS[i], item);
            if (problem) {
                return problem;
            }
        }
    }
    return undefined;
}

/** True when the schedule is a valid CronJob schedule (see {@link cronScheduleProblem}). */
export function isValidCronSchedule(schedule: string): boolean {
    return cronScheduleProblem(schedule) === undefined;
}

/**
 * Checks a CronJob schedule and records a problem that names the field, echoes the schedule, says what is wrong
 * and how to write it.
 */
export function checkCronSchedule(problems: Problems, field: string, schedule: string | undefined): void {
    if (schedule === undefined) {
        return;
    }
    const problem = typeof schedule === "string" ? cronScheduleProblem(schedule) : "it is not a string";
    if (problem) {
        problems.add(
            field,
            `${field} must be a 5-field cron expression "minute hour day-of-month month day-of-week" or a macro such as "@daily" (got ${show(schedule)}: ${problem}); for example "0 2 * * *" runs daily at 02:00`,
        );
    }
}

/** The IANA name Node's time zone database resolves a name to, or undefined when it knows no such zone. */
function resolveTimeZone(name: string): string | undefined {
    try {
        return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
    } catch {
        return undefined;
    }
}

/**
 * Checks a CronJob `timeZone`: a zone of the IANA database, spelled with its exact case (the CronJob controller
 * loads it from tzdata, which is case-sensitive). `Local` and unknown names are rejected.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
 */
export function checkTimeZone(problems: Problems, field: string, value: unknown): void {
    if (value === undefined) {
        return;
    }
    const resolved =
        typeof value === "string" && /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)
            ? resolveTimeZone(value)
            : undefined;
    if (resolved === undefined) {
        problems.add(
            field,
            `${field} must be an IANA time zone name (got ${show(value)}); for example "Etc/UTC" or "Europe/Berlin"`,
        );
    } else if (resolved !== value && resolved.toLowerCase() === (value as string).toLowerCase()) {
        problems.add(
            field,
            `${field} must be spelled as in the IANA time zone database (got ${show(value)}); write ${show(resolved)}`,
        );
    }
}
