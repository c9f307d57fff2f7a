import * as readline from "readline";
import * as pulumi from "@pulumi/pulumi";
import * as wl from "../../components";
import { render } from "../harness/mocks";

/**
 * The component side of the Python mock test (tests/python/run_mocked.py). Under Python mocks a remote component
 * (`k8s-workloads:index:X`) is not constructed: the mock's `new_resource` receives its type, name and inputs. The
 * Python mock sends those here, one JSON line per request, and this process does what the component provider would
 * do: it constructs the TypeScript class with those inputs (under Node mocks), so the Python program gets the
 * component's real validation errors and real outputs. Replies are single lines prefixed with {@link REPLY}.
 */

/** Prefix of every reply line (anything else on stdout is not a reply). */
export const REPLY = "@@k8s-workloads-bridge ";
/** The marker key of a serialized secret, in Python's mocks and Node's alike. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const TOKEN = "k8s-workloads:index:";

/** One construct request from the Python mock. */
export interface ConstructRequest {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}

/** The reply: the children and outputs of the component, or its error. */
export type ConstructReply =
    | {
          readonly ok: true;
          readonly children: { readonly type: string; readonly name: string }[];
          readonly outputs: Record<string, unknown>;
      }
    | { readonly ok: false; readonly error: string };

type ComponentClass = new (name: string, args: Record<string, unknown>) => pulumi.ComponentResource;

/** Turns Python's serialized secrets (`{<sig>: ..., value: v}`) back into Pulumi secrets. */
export function revive(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(revive);
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (SECRET_SIG in record) {
            return pulumi.secret(revive(record.value));
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, revive(v)]));
    }
    return value;
}

/** The component class of a type token, or undefined when the package has no such component. */
function componentClass(type: string): ComponentClass | undefined {
    if (!type.startsWith(TOKEN)) {
        return undefined;
    }
    const candidate = (wl as Record<string, unknown>)[type.slice(TOKEN.length)];
    return typeof candidate === "function" ? (candidate as ComponentClass) : undefined;
}

/** Resolves an Output, giving up (undefined) after a short wait so that an unknown value cannot hang the bridge. */
function resolve(output: pulumi.Output<unknown>): Promise<unknown> {
    return new Promise((done) => {
        const timer = setTimeout(() => done(undefined), 2000);
        output.apply((v) => {
            clearTimeout(timer);
            done(v);
            return v;
        });
    });
}

/** The component's public Output fields (its schema outputs), resolved. */
async function outputsOf(component: pulumi.ComponentResource): Promise<Record<string, unknown>> {
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(component)) {
        if (key !== "urn" && !key.startsWith("__") && pulumi.Output.isInstance(value)) {
            outputs[key] = await resolve(value);
        }
    }
    return outputs;
}

/** Constructs one component as its provider would, returning children and outputs, or the error message. */
export async function construct(request: ConstructRequest): Promise<ConstructReply> {
    const Component = componentClass(request.type);
    if (!Component) {
        return { ok: false, error: `k8s-workloads has no component ${request.type}` };
    }
    let component: pulumi.ComponentResource | undefined;
    try {
        const resources = await render(() => {
            component = new Component(request.name, revive(request.inputs) as Record<string, unknown>);
        });
        const children = resources
            .filter((r) => r.type !== request.type || r.name !== request.name)
            .map((r) => ({ type: r.type, name: r.name }));
        return { ok: true, children, outputs: component ? await outputsOf(component) : {} };
    } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
}

/** Serves requests from stdin until it closes, one at a time. */
function serve(): void {
    const lines = readline.createInterface({ input: process.stdin });
    let queue = Promise.resolve();
    lines.on("line", (line) => {
        queue = queue.then(async () => {
            const reply = await construct(JSON.parse(line) as ConstructRequest);
            process.stdout.write(`${REPLY}${JSON.stringify(reply)}\n`);
        });
    });
}

if (require.main === module) {
    serve();
}
