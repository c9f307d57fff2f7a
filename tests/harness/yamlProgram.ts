import * as YAML from "yaml";

/**
 * A static check of a Pulumi YAML program against the package schema: the component types exist, every property is
 * an input of its type (nested objects included), required inputs are there, literal enum values are members, and
 * every `${name}` / `${resource.output}` reference resolves to config, a resource, or a schema output.
 */

/** The parts of a Pulumi package schema the check reads. */
export interface SchemaProperty {
    readonly type?: string;
    readonly $ref?: string;
    readonly items?: SchemaProperty;
}
export interface SchemaType {
    readonly properties?: Record<string, SchemaProperty>;
    readonly inputProperties?: Record<string, SchemaProperty>;
    readonly required?: string[];
    readonly requiredInputs?: string[];
    readonly enum?: { readonly value: string | number }[];
}
export interface PackageSchema {
    readonly resources: Record<string, SchemaType>;
    readonly types: Record<string, SchemaType>;
}

interface YamlProgram {
    readonly config?: Record<string, unknown>;
    readonly variables?: Record<string, unknown>;
    readonly resources?: Record<string, { readonly type?: string; readonly properties?: Record<string, unknown> }>;
    readonly outputs?: Record<string, unknown>;
}

/** The result: the component types the program uses, and what is wrong with it. */
export interface YamlCheck {
    readonly components: string[];
    readonly problems: string[];
}

const PACKAGE = "k8s-workloads:";

/** The object or enum type a property refers to, if any. */
function refType(schema: PackageSchema, p: SchemaProperty | undefined): SchemaType | undefined {
    const ref = p?.$ref ?? "";
    return ref.startsWith("#/types/") ? schema.types[ref.slice("#/types/".length)] : undefined;
}

/** Whether a value is an interpolation (`${...}`), which only the run can resolve. */
function isInterpolation(value: unknown): boolean {
    return typeof value === "string" && value.includes("${");
}

/** Checks one value against its schema property; `where` names it in problems. */
function checkValue(schema: PackageSchema, p: SchemaProperty, value: unknown, where: string, out: string[]): void {
    if (isInterpolation(value)) {
        return;
    }
    if (p.type === "array" && Array.isArray(value) && p.items) {
        value.forEach((v, i) => checkValue(schema, p.items as SchemaProperty, v, `${where}[${i}]`, out));
        return;
    }
    const target = refType(schema, p);
    if (target?.enum) {
        const members = target.enum.map((m) => m.value);
        if (!members.includes(value as string | number)) {
            out.push(`${where}: ${JSON.stringify(value)} is not one of ${members.join(", ")}`);
        }
    } else if (target?.properties && value !== null && typeof value === "object") {
        checkObject(schema, target.properties, target.required ?? [], value as Record<string, unknown>, where, out);
    }
}

/** Checks an object's keys and values against properties and required names. */
function checkObject(
    schema: PackageSchema,
    properties: Record<string, SchemaProperty>,
    required: readonly string[],
    value: Record<string, unknown>,
    where: string,
    out: string[],
): void {
    for (const name of required) {
        if (!(name in value)) {
            out.push(`${where}: the required input ${name} is missing`);
        }
    }
    for (const [key, v] of Object.entries(value)) {
        const p = properties[key];
        if (!p) {
            out.push(`${where}: ${key} is not an input (known: ${Object.keys(properties).sort().join(", ")})`);
        } else {
            checkValue(schema, p, v, `${where}.${key}`, out);
        }
    }
}

/** Every `${...}` reference in a value, as the text between the braces. */
function references(value: unknown): string[] {
    const text = JSON.stringify(value) ?? "";
    return [...text.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1] ?? "");
}

/** Checks the program text (a Pulumi.yaml with resources) against the schema. */
export function checkYamlProgram(text: string, schema: PackageSchema): YamlCheck {
    const program = YAML.parse(text) as YamlProgram;
    const problems: string[] = [];
    const components: string[] = [];
    const resources = program.resources ?? {};
    for (const [name, resource] of Object.entries(resources)) {
        const type = resource.type ?? "";
        if (!type.startsWith(PACKAGE)) {
            continue;
        }
        const component = schema.resources[type];
        if (!component) {
            problems.push(`${name}: the package has no type ${type}`);
            continue;
        }
        components.push(type);
        const props = resource.properties ?? {};
        checkObject(schema, component.inputProperties ?? {}, component.requiredInputs ?? [], props, name, problems);
    }
    const known = new Set([
        ...Object.keys(program.config ?? {}),
        ...Object.keys(program.variables ?? {}),
        ...Object.keys(resources),
    ]);
    for (const ref of references([resources, program.outputs, program.variables])) {
        const [head = "", output] = ref.split(".");
        if (!known.has(head)) {
            problems.push(`\${${ref}}: ${head} is neither config, a variable nor a resource`);
            continue;
        }
        const type = resources[head]?.type ?? "";
        const outputs = schema.resources[type]?.properties;
        if (output !== undefined && outputs && !(output.replace(/\[.*$/, "") in outputs)) {
            problems.push(`\${${ref}}: ${type} has no output ${output}`);
        }
    }
    return { components, problems };
}
