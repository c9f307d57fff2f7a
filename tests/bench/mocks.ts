/**
 * A small Pulumi mock monitor for the benchmarks: counts registrations, records the Kubernetes resources on demand,
 * and resolves a promise when a given number of registrations has arrived (so a timed build ends when the last
 * resource is registered, with no polling delay).
 */
import * as pulumi from "@pulumi/pulumi";

/** A Kubernetes resource as registered: its type token, Pulumi name and inputs. */
export interface RecordedK8s {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}

interface Waiter {
    readonly target: number;
    readonly resolve: () => void;
}

let registered = 0;
let recording: RecordedK8s[] | undefined;
let waiter: Waiter | undefined;

/** Installs the mocks (call once, before creating any resource). */
export function installMocks(config: Record<string, string> = {}, secretKeys: string[] = []): void {
    pulumi.runtime.setAllConfig(config, secretKeys);
    pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const inputs = args.inputs as Record<string, unknown>;
                if (recording && args.type.startsWith("kubernetes:")) {
                    recording.push({
                        type: args.type,
                        name: args.name,
                        inputs: unwrapSecrets(inputs) as Record<string, unknown>,
                    });
                }
                registered++;
                if (waiter && registered >= waiter.target) {
                    const done = waiter;
                    waiter = undefined;
                    done.resolve();
                }
                return { id: `${args.name}-id`, state: stateOf(args.name, inputs) };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                return args.inputs as Record<string, unknown>;
            },
        },
        "k8s-workloads",
        "bench",
        false,
    );
}

/** The value with every serialized secret (`{[specialSigKey]: specialSecretSig, value}`) replaced by its value. */
export function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const o = value as Record<string, unknown>;
    if (o[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) {
        return unwrapSecrets(o.value);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrapSecrets(v)]));
}

/** The state a mock returns: the inputs, with the metadata.name/namespace Kubernetes would fill in. */
function stateOf(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const metadata = (inputs.metadata ?? {}) as Record<string, unknown>;
    return {
        ...inputs,
        metadata: { ...metadata, name: metadata.name ?? name, namespace: metadata.namespace ?? "default" },
    };
}

/** The number of registrations so far (components and custom resources). */
export function registrations(): number {
    return registered;
}

/** Starts recording the Kubernetes resources registered from now on. */
export function startRecording(): void {
    recording = [];
}

/** Stops recording and returns what was recorded. */
export function stopRecording(): RecordedK8s[] {
    const out = recording ?? [];
    recording = undefined;
    return out;
}

/** Resolves when the registration count reaches `target` (immediately if it already has). */
export function untilRegistrations(target: number): Promise<void> {
    if (registered >= target) {
        return Promise.resolve();
    }
    return new Promise((resolve) => {
        waiter = { target, resolve };
    });
}

/** Waits until several turns of the event loop bring no new registration (used when the count is not known). */
export async function settle(): Promise<void> {
    let previous = -1;
    for (let quiet = 0; quiet < 3;) {
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setTimeout(resolve, 10));
        quiet = registered === previous ? quiet + 1 : 0;
        previous = registered;
    }
}
