import * as pulumi from "@pulumi/pulumi";

/** A resource registered while a program ran under mocks. */
export interface RecordedResource {
    /** The Pulumi type token, for example `kubernetes:apps/v1:Deployment`. */
    readonly type: string;
    /** The Pulumi resource name. */
    readonly name: string;
    /** The inputs as the engine would receive them (secrets unwrapped). */
    readonly inputs: Record<string, unknown>;
}

const recorded: RecordedResource[] = [];

/** Object state the mocks return: inputs, plus metadata.name/namespace defaults Kubernetes would fill in. */
function mockState(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const metadata = (inputs.metadata ?? {}) as Record<string, unknown>;
    return {
        ...inputs,
        metadata: { ...metadata, name: metadata.name ?? name, namespace: metadata.namespace ?? "default" },
    };
}

pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            recorded.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
            return { id: `${args.name}-id`, state: mockState(args.name, args.inputs as Record<string, unknown>) };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            return args.inputs as Record<string, unknown>;
        },
    },
    "k8s-workloads",
    "test",
    false,
);

/** What the mock monitor learns of a resource hook registration. */
interface HookRegistration {
    getName(): string;
}

/** The names of the resource hooks the programs registered (the SDK's mock monitor has no hook support). */
export const registeredHooks: string[] = [];

// The SDK registers a hook with the engine's monitor before the resource that binds it; answer as the engine would.
Object.assign(pulumi.runtime.getMonitor() ?? {}, {
    registerResourceHook(request: HookRegistration, done: (error: Error | null, response: unknown) => void): void {
        registeredHooks.push(request.getName());
        done(null, {});
    },
});

/** Waits for every pending registration of the running program. */
async function settle(): Promise<void> {
    let previous = -1;
    // Registrations are asynchronous; wait until a few turns of the event loop add nothing new.
    for (let quiet = 0; quiet < 3;) {
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setTimeout(resolve, 5));
        quiet = recorded.length === previous ? quiet + 1 : 0;
        previous = recorded.length;
    }
}

/**
 * Runs a program under mocks and returns the resources it registered (components included), in order.
 * Each call sees only its own resources.
 */
export async function render(program: () => unknown): Promise<RecordedResource[]> {
    const start = recorded.length;
    program();
    await settle();
    return recorded.slice(start);
}

/** Resolves an Output's value under mocks. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/** The resources of one type. */
export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The one resource with this type and name; throws with the names present when it is missing. */
export function find(resources: readonly RecordedResource[], type: string, name: string): RecordedResource {
    const match = resources.find((r) => r.type === type && r.name === name);
    if (!match) {
        const present = ofType(resources, type)
            .map((r) => r.name)
            .join(", ");
        throw new Error(`no ${type} named ${name} (present: ${present || "none"})`);
    }
    return match;
}

/** Reads a nested field by path, for example `spec.template.spec.containers.0.image`. */
export function at(value: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((current, key) => {
        if (current === null || current === undefined || typeof current !== "object") {
            return undefined;
        }
        return (current as Record<string, unknown>)[key];
    }, value);
}

/** Runs a constructor that must fail validation and returns the error message. */
export function validationError(build: () => unknown): string {
    try {
        build();
    } catch (err) {
        if (pulumi.InputPropertiesError.isInstance(err) || err instanceof Error) {
            return err.message;
        }
        throw err;
    }
    throw new Error("expected a validation error, but the component was created");
}

/** Resource options each child was created with, captured by a transformation. */
export interface CapturedOptions {
    readonly transformation: pulumi.ResourceTransformation;
    /** Child name → its options. */
    readonly options: Map<string, pulumi.CustomResourceOptions>;
}

/** A transformation to pass as `{ transformations: [capture.transformation] }` that records children's options. */
export function captureOptions(): CapturedOptions {
    const options = new Map<string, pulumi.CustomResourceOptions>();
    return {
        options,
        transformation: (args) => {
            options.set(args.name, args.opts);
            return undefined;
        },
    };
}

/** The names of the resources a child depends on (its `dependsOn` option). */
export function dependsOnNames(captured: CapturedOptions, child: string): string[] {
    const opts = captured.options.get(child);
    const deps = opts?.dependsOn;
    const list = deps === undefined ? [] : Array.isArray(deps) ? deps : [deps];
    return list
        .filter((d): d is pulumi.Resource => pulumi.Resource.isInstance(d))
        .map((d) => (d as unknown as { __name?: string }).__name ?? "?");
}
