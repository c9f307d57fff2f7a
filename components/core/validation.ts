import * as pulumi from "@pulumi/pulumi";
import { isDns1123Label, isDns1123Subdomain, isPortName, parseCountOrPercent, parseQuantity } from "../../contract";

export { choiceValues } from "../../contract";

/**
 * One problem found in a component's args: the field (as a property path), the bad value and how to fix it.
 */
export interface Problem {
    /** Property path of the bad arg, for example `variants[1].name`. */
    readonly field: string;
    /** The full, human-readable message: names the field, the value and the fix. */
    readonly message: string;
}

/**
 * Returns the plain value of an input when it is known synchronously (not an Output or a Promise).
 * Args given as Outputs cannot be validated before the deployment; they are passed through as they are.
 */
export function known<T>(value: pulumi.Input<T> | undefined): T | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return undefined;
    }
    return value;
}

/**
 * The plain value of an input that defaults to `fallback` when left out: `fallback` when it is undefined, its value
 * when known, and undefined when it is an Output or a Promise (see {@link known}).
 */
export function knownOr<T>(value: pulumi.Input<T> | undefined, fallback: T): T | undefined {
    return value === undefined ? fallback : known(value);
}

/**
 * Renders a value for an error message: strings quoted, numbers as written (NaN and Infinity included), Outputs
 * named, everything else as JSON.
 */
export function show(value: unknown): string {
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "symbol") {
        return String(value);
    }
    if (value === undefined || typeof value === "function") {
        return value === undefined ? "undefined" : "a function";
    }
    if (pulumi.Output.isInstance(value)) {
        return "an Output";
    }
    try {
        return JSON.stringify(value, (_key, v: unknown) =>
            typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
        );
    } catch {
        return "an object that cannot be printed";
    }
}

/**
 * Collects problems so that all of them are reported at once, before any child resource exists.
 */
export class Problems {
    private readonly items: Problem[] = [];

    /** Records a problem with the given field and full message. */
    add(field: string, message: string): void {
        this.items.push({ field, message });
    }

    /** Merges problems found by another validator. */
    addAll(problems: readonly Problem[]): void {
        this.items.push(...problems);
    }

    /** All problems found so far. */
    list(): readonly Problem[] {
        return this.items;
    }
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Checks a DNS-1123 label (Kubernetes object and port names, volume names). */
export function checkDnsLabel(
    problems: Problems,
    field: string,
    value: string | undefined,
    example = "web-storage",
): void {
    if (value !== undefined && !isDns1123Label(value)) {
        problems.add(
            field,
            `${field} must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (got ${show(value)}); use a name such as "${example}"`,
        );
    }
}

/** Checks a DNS-1123 subdomain (namespaces are labels; hosts and most object names are subdomains). */
export function checkDnsSubdomain(problems: Problems, field: string, value: string | undefined): void {
    if (value !== undefined && !isDns1123Subdomain(value)) {
        problems.add(
            field,
            `${field} must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters (got ${show(value)}); use a name such as "shop.example.com"`,
        );
    }
}

/** Checks a container or Service port name (an IANA service name, as Kubernetes requires). */
export function checkPortName(problems: Problems, field: string, value: string | undefined): void {
    if (value !== undefined && !isPortName(value)) {
        problems.add(
            field,
            `${field} must be a DNS-1123 label of at most 15 characters with at least one letter and no "--" (got ${show(value)}); for example "http" or "metrics"`,
        );
    }
}

/**
 * Checks a resource quantity such as `100m`, `128Mi` or `10Gi`, above zero: a zero or negative CPU, memory or
 * storage amount is never what a workload needs (Kubernetes rejects negative ones, and zero-sized claims).
 */
export function checkQuantity(problems: Problems, field: string, value: string | undefined): void {
    if (value === undefined) {
        return;
    }
    const parsed = parseQuantity(value);
    if (parsed === undefined) {
        problems.add(
            field,
            `${field} must be a Kubernetes quantity such as "500m", "256Mi" or "10Gi" (got ${show(value)})`,
        );
    } else if (parsed <= 0) {
        problems.add(
            field,
            `${field} must be above zero (got ${show(value)}); give a positive quantity such as "500m", "256Mi" or "10Gi"`,
        );
    }
}

/** Validates a claim size: a quantity above zero. */
export function checkStorageSize(problems: Problems, field: string, value: string | undefined): void {
    if (value === undefined) {
        return;
    }
    const parsed = parseQuantity(value);
    if (parsed === undefined || parsed <= 0) {
        problems.add(
            field,
            `${field} must be a storage quantity above zero such as "1Gi" or "10Gi" (got ${show(value)}); use a number with a binary suffix: Mi, Gi or Ti`,
        );
    }
}

/** Checks a count-or-percentage string such as `"1"` or `"25%"` (0..100 for percentages). */
export function checkCountOrPercent(problems: Problems, field: string, value: string | undefined): void {
    if (value === undefined) {
        return;
    }
    const parsed = parseCountOrPercent(value);
    if (!parsed) {
        problems.add(
            field,
            `${field} must be a whole number such as "1" or a percentage such as "25%" (got ${show(value)})`,
        );
    } else if (parsed.kind === "percent" && parsed.value > 100) {
        problems.add(field, `${field} must be a percentage between 0% and 100% (got ${show(value)})`);
    }
}

/** Checks a TCP/UDP port number: a whole number from 1 to 65535. */
export function checkPort(problems: Problems, field: string, value: number | undefined): void {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= 65535)) {
        problems.add(field, `${field} must be a port number from 1 to 65535 (got ${show(value)})`);
    }
}

/** Checks a whole number within [min, max] (max optional). */
export function checkInteger(
    problems: Problems,
    field: string,
    value: number | undefined,
    min: number,
    max?: number,
    fix?: string,
): void {
    if (value === undefined) {
        return;
    }
    const inRange = Number.isInteger(value) && value >= min && (max === undefined || value <= max);
    if (!inRange) {
        const range = max === undefined ? `a whole number of at least ${min}` : `between ${min} and ${max}`;
        problems.add(field, `${field} must be ${range} (got ${show(value)})${fix ? `; ${fix}` : ""}`);
    }
}

/** Checks an environment variable name (the C_IDENTIFIER-like rule Kubernetes applies). */
export function checkEnvName(problems: Problems, field: string, value: unknown): void {
    if (typeof value !== "string" || !ENV_NAME.test(value)) {
        problems.add(
            field,
            `${field} must be a valid environment variable name: letters, digits, '_', '-' and '.', not starting with a digit (got ${show(value)})`,
        );
    }
}

/** Checks that a required string is present and non-empty. */
export function checkRequired(problems: Problems, field: string, value: unknown, fix: string): void {
    if (value === undefined || value === null || value === "") {
        problems.add(field, `${field} is required (got ${show(value)}); ${fix}`);
    }
}

/** Checks that an optional field, when given, is not empty: `null` and `""` are refused with `fix`. */
export function checkNotEmpty(problems: Problems, field: string, value: unknown, fix: string): void {
    if (value !== undefined) {
        checkRequired(problems, field, value, fix);
    }
}

/** Checks that a closed-choice string is one of the allowed values. */
export function checkOneOf(
    problems: Problems,
    field: string,
    value: string | undefined,
    allowed: readonly string[],
): void {
    if (value !== undefined && !allowed.includes(value)) {
        problems.add(field, `${field} must be one of ${allowed.map((a) => `"${a}"`).join(", ")} (got ${show(value)})`);
    }
}

/**
 * Throws one `pulumi.InputPropertiesError` listing every problem, or does nothing when there are none.
 * The message starts with the component type and name so that it points at the right resource.
 */
export function throwIfInvalid(typeName: string, name: string, problems: Problems | readonly Problem[]): void {
    const list = problems instanceof Problems ? problems.list() : problems;
    if (list.length === 0) {
        return;
    }
    const lines = list.map((p) => `  - ${p.message}`).join("\n");
    throw new pulumi.InputPropertiesError({
        message: `${typeName} "${name}" has invalid args:\n${lines}`,
        errors: list.map((p) => ({ propertyPath: p.field, reason: p.message })),
    });
}
