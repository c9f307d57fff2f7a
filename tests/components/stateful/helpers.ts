import * as pulumi from "@pulumi/pulumi";
import { RecordedResource } from "../../harness/mocks";

/** Type tokens of the resources the stateful components create. */
export const T = {
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    service: "kubernetes:core/v1:Service",
    configMap: "kubernetes:core/v1:ConfigMap",
    secret: "kubernetes:core/v1:Secret",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    job: "kubernetes:batch/v1:Job",
} as const;

/** A password that must never show up outside a Secret. */
export const PASSWORD = "Sup3r-S3cret-Pa55word";

/** The resource options each child was registered with, captured by a transformation on the component. */
export interface CapturedOptions {
    readonly type: string;
    readonly name: string;
    readonly opts: pulumi.ResourceOptions;
}

/** Component options whose transformation records the options of every child. */
export function captureOptions(into: CapturedOptions[]): pulumi.ComponentResourceOptions {
    return {
        transformations: [
            (args) => {
                into.push({ type: args.type, name: args.name, opts: args.opts });
                return undefined;
            },
        ],
    };
}

/** The message line of a validation error that mentions `field`, or the whole message when no line matches. */
export function problemLine(message: string, startsWith: string): string {
    const line = message
        .split("\n")
        .map((l) => l.replace(/^ {2}- /, ""))
        .find((l) => l.startsWith(startsWith));
    return line ?? message;
}

/** The resources whose inputs contain the text (Secrets are allowed to). */
export function leaks(resources: readonly RecordedResource[], text: string): string[] {
    return resources
        .filter((r) => r.type !== T.secret)
        .filter((r) => JSON.stringify(r.inputs).includes(text))
        .map((r) => `${r.type} ${r.name}`);
}

/** The names of a container's env variables that carry a literal value. */
export function literalEnvNames(container: unknown): string[] {
    const env = (container as { env?: { name: string; value?: unknown }[] }).env ?? [];
    return env.filter((e) => e.value !== undefined).map((e) => e.name);
}

/** The plain value of a recorded input: secret wrappers (`{ <sig>: ..., value }`) are unwrapped, recursively. */
export function plain(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(plain);
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (SECRET_SIG in record) {
            return plain(record.value);
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plain(v)]));
    }
    return value;
}

/** The key the Pulumi runtime marks serialized secrets with. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
