import * as pulumi from "@pulumi/pulumi";
import {
    ABTestDeployment,
    BlueGreenDeployment,
    CanaryDeployment,
    DatabaseBackup,
    LogCleanup,
    LogCollector,
    MigrationJob,
    MySqlCluster,
    NodeExporter,
    RedisCluster,
    RollingDeployment,
    StatefulService,
} from "../../../components";
import type { ComponentName } from "../../../components/core/naming";

/** A small deterministic generator (mulberry32), so every failure can be replayed from its seed. */
export class Rng {
    private state: number;
    constructor(readonly seed: number) {
        this.state = seed >>> 0;
    }
    /** A float in [0, 1). */
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    /** An integer in [min, max]. */
    int(min: number, max: number): number {
        return min + Math.floor(this.next() * (max - min + 1));
    }
    /** One of the items. */
    pick<T>(items: readonly T[]): T {
        return items[this.int(0, items.length - 1)];
    }
    /** A valid DNS-1035 label of exactly `length` characters. */
    name(length: number): string {
        const letters = "abcdefghijklmnopqrstuvwxyz";
        const middle = "abcdefghijklmnopqrstuvwxyz0123456789-";
        let out = this.pick([...letters]);
        while (out.length < length - 1) {
            const c = this.pick([...middle]);
            out += c === "-" && out.endsWith("-") ? "a" : c;
        }
        return length > 1 ? out + this.pick([...letters]) : out;
    }
}

/** Args a component is built from; `build` constructs it under mocks. */
export interface ComponentCase {
    readonly type: ComponentName;
    /** The longest valid name (its child-name table's limit). */
    readonly maxName: number;
    /** Whether a child is a Service (then the name must start with a letter). */
    readonly service: boolean;
    /** Whether the component takes `env` (then a secret env value must not reach a pod spec). */
    readonly env: boolean;
    /** Whether the component takes `networkPolicy` (then its selectors are checked and its policy rendered). */
    readonly networkPolicy: boolean;
    /** Puts an env into every track (color, canary track, variant), for components that have tracks. */
    readonly trackEnv?: (args: Record<string, unknown>, env: Record<string, unknown>) => Record<string, unknown>;
    readonly base: () => Record<string, unknown>;
    readonly build: (name: string, args: Record<string, unknown>) => unknown;
}

type Ctor = new (name: string, args: never) => unknown;
function make(ctor: Ctor): (name: string, args: Record<string, unknown>) => unknown {
    return (name, args) => new ctor(name, args as never);
}

const DB = { secretName: "db-credentials", key: "url" };

/** The 12 components, each with minimal valid args. */
export const CASES: readonly ComponentCase[] = [
    {
        type: "RollingDeployment",
        service: true,
        networkPolicy: true,
        env: true,
        maxName: 63,
        base: () => ({ image: "nginx:1.27", port: 8080, replicas: 2 }),
        build: make(RollingDeployment),
    },
    {
        type: "BlueGreenDeployment",
        service: true,
        networkPolicy: true,
        env: true,
        maxName: 55,
        base: () => ({ port: 8080, replicas: 1, blue: { image: "nginx:1.27" }, green: { image: "nginx:1.27" } }),
        trackEnv: (a, env) => ({ ...a, blue: { image: "nginx:1.27", env }, green: { image: "nginx:1.27", env } }),
        build: make(BlueGreenDeployment),
    },
    {
        type: "CanaryDeployment",
        service: true,
        networkPolicy: true,
        env: true,
        maxName: 56,
        base: () => ({ port: 8080, replicas: 2, stable: { image: "nginx:1.27" }, canary: { image: "nginx:1.27" } }),
        trackEnv: (a, env) => ({ ...a, stable: { image: "nginx:1.27", env }, canary: { image: "nginx:1.27", env } }),
        build: make(CanaryDeployment),
    },
    {
        type: "ABTestDeployment",
        service: true,
        networkPolicy: true,
        env: true,
        maxName: 61,
        base: () => ({
            port: 8080,
            variants: [
                { name: "a", image: "nginx:1.27", replicas: 1 },
                { name: "b", image: "nginx:1.27", replicas: 1 },
            ],
        }),
        trackEnv: (a, env) => ({
            ...a,
            variants: [
                { name: "a", image: "nginx:1.27", replicas: 1, env },
                { name: "b", image: "nginx:1.27", replicas: 1, env },
            ],
        }),
        build: make(ABTestDeployment),
    },
    {
        type: "StatefulService",
        service: true,
        networkPolicy: true,
        env: true,
        maxName: 52,
        base: () => ({ image: "nginx:1.27", port: 80, replicas: 2 }),
        build: make(StatefulService),
    },
    {
        type: "MySqlCluster",
        service: true,
        networkPolicy: true,
        env: false,
        maxName: 52,
        base: () => ({ replicas: 2, rootPassword: pulumi.secret("pw1"), replicationPassword: pulumi.secret("pw2") }),
        build: make(MySqlCluster),
    },
    {
        type: "RedisCluster",
        service: true,
        networkPolicy: true,
        env: false,
        maxName: 52,
        base: () => ({ nodes: 6, replicasPerPrimary: 1, password: pulumi.secret("pw") }),
        build: make(RedisCluster),
    },
    {
        type: "LogCollector",
        service: false,
        networkPolicy: true,
        env: true,
        maxName: 63,
        base: () => ({ namespace: "default", elasticsearch: { host: "elasticsearch" } }),
        build: make(LogCollector),
    },
    {
        type: "NodeExporter",
        service: true,
        networkPolicy: false,
        env: false,
        maxName: 54,
        base: () => ({ namespace: "default" }),
        build: make(NodeExporter),
    },
    {
        type: "MigrationJob",
        service: false,
        networkPolicy: false,
        env: false,
        maxName: 52,
        base: () => ({
            image: "migrate/migrate:v4.17.0",
            databaseUrl: DB,
            migrations: { "001_init.up.sql": "CREATE TABLE t (id int);" },
        }),
        build: make(MigrationJob),
    },
    {
        type: "DatabaseBackup",
        service: false,
        networkPolicy: false,
        env: false,
        maxName: 52,
        base: () => ({ databaseUrl: DB }),
        build: make(DatabaseBackup),
    },
    {
        type: "LogCleanup",
        service: false,
        env: false,
        networkPolicy: false,
        maxName: 52,
        base: () => ({}),
        build: make(LogCleanup),
    },
];

/** One invalid arg: a field and a value the API server would reject (or that would hang or leak). */
export interface Mutation {
    readonly field: string;
    readonly apply: (args: Record<string, unknown>) => Record<string, unknown>;
}

/** Invalid changes that apply to every component: bad labels, annotations, namespace and tolerations. */
export function sharedMutations(rng: Rng): Mutation[] {
    const badLabelValue = rng.pick(["-x", "a b", "x".repeat(64), "ü", "a_"]);
    const badKey = rng.pick(["-bad", "Bad_/x", "a/b/c", "x".repeat(64), ""]);
    return [
        { field: "labels", apply: (a) => ({ ...a, labels: { team: badLabelValue } }) },
        { field: "labels", apply: (a) => ({ ...a, labels: { [badKey]: "v" } }) },
        { field: "annotations", apply: (a) => ({ ...a, annotations: { [badKey]: "v" } }) },
        {
            field: "namespace",
            apply: (a) => ({ ...a, namespace: rng.pick(["Default", "a_b", "-ns", "x".repeat(64)]) }),
        },
        { field: "tolerations", apply: (a) => ({ ...a, tolerations: [{ key: "k", operator: "Exists", value: "v" }] }) },
        {
            field: "writablePaths",
            apply: (a) => ({ ...a, writablePaths: [rng.pick(["tmp", "/", "/var/../etc", "./cache"])] }),
        },
        { field: "writablePaths", apply: (a) => ({ ...a, writablePaths: ["/tmp", "/tmp/"] }) },
        {
            field: "tolerations",
            apply: (a) => ({ ...a, tolerations: [{ key: "k", operator: "In", effect: "NoSchedule" }] }),
        },
    ];
}

/** A NetworkPolicy that lets pods with an edge-case (longest valid) label reach the component. */
export function edgeNetworkPolicy(rng: Rng): Record<string, unknown> {
    return {
        enabled: true,
        allowFrom: [
            { podSelector: { [`example.com/${rng.name(63)}`]: rng.name(63) } },
            { namespaceSelector: { "kubernetes.io/metadata.name": rng.name(rng.int(1, 63)) } },
        ],
    };
}

/** Invalid `networkPolicy` args: a bad selector label, a `null` peer, a list given as one object. */
export function networkPolicyMutations(rng: Rng): Mutation[] {
    const badLabelValue = rng.pick(["-x", "a b", "x".repeat(64), "ü", "a_"]);
    return [
        {
            field: "networkPolicy.allowFrom",
            apply: (a) => ({
                ...a,
                networkPolicy: { enabled: true, allowFrom: [{ podSelector: { app: badLabelValue } }] },
            }),
        },
        {
            field: "networkPolicy.allowFrom",
            apply: (a) => ({
                ...a,
                networkPolicy: { enabled: true, allowFrom: [{ namespaceSelector: { "-bad": "v" } }] },
            }),
        },
        {
            field: "networkPolicy.allowFrom",
            apply: (a) => ({ ...a, networkPolicy: { enabled: true, allowFrom: [null] } }),
        },
        {
            field: "networkPolicy.allowFrom",
            apply: (a) => ({ ...a, networkPolicy: { enabled: true, allowFrom: { podSelector: {} } } }),
        },
    ];
}

/** Invalid names: upper case, '_', leading or trailing '-', non-ASCII, too long, a leading digit. */
export function nameMutations(rng: Rng, maxName: number, service: boolean): string[] {
    const leadingDigit = service ? [`${rng.int(1, 9)}${rng.name(5)}`] : [];
    return [
        ...leadingDigit,
        rng.name(6).toUpperCase(),
        `${rng.name(3)}_${rng.name(3)}`,
        `-${rng.name(5)}`,
        `${rng.name(5)}-`,
        `${rng.name(4)}é`,
        rng.name(maxName + rng.int(1, 20)),
    ];
}

/** Invalid per-track env (a color, a canary track, a variant): checked exactly like the shared env. */
export function trackEnvMutations(rng: Rng, c: ComponentCase): Mutation[] {
    const withEnv = c.trackEnv;
    if (withEnv === undefined) {
        return [];
    }
    const badName = rng.pick(["1X", "A B", "ä", "=X"]);
    return [
        { field: "<track>.env", apply: (a) => withEnv(a, { [badName]: "v" }) },
        { field: "<track>.env", apply: (a) => withEnv(a, { PORT: rng.int(1, 65535) }) },
        { field: "<track>.env", apply: (a) => withEnv(a, { DB_PASSWORD: "literal" }) },
    ];
}
