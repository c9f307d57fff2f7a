import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    BlueGreenDeploymentArgs,
    VariantArgs,
    core,
    validateABTestDeploymentArgs,
    validateBlueGreenDeploymentArgs,
    validateCanaryDeploymentArgs,
    validateRollingDeploymentArgs,
} from "../../../components/internal";
import {
    ABTestDeployment,
    BlueGreenDeployment,
    LogCleanup,
    MigrationJob,
    MySqlCluster,
    RedisCluster,
    StatefulService,
} from "../../../components";
import { validationError } from "../../harness/mocks";

/** The exact messages of a problem list. */
function texts(problems: core.Problems): string[] {
    return problems.list().map((p) => p.message);
}

/** The bullet lines of a component's InputPropertiesError. */
function bullets(build: () => unknown): string[] {
    return validationError(build)
        .split("\n")
        .slice(1)
        .map((line) => line.replace(/^ {2}- /, ""));
}

const BLUE_GREEN = { port: 8080, blue: { image: "nginx:1.27" }, green: { image: "nginx:1.27" } };
const CANARY = { port: 8080, stable: { image: "nginx:1.27" }, canary: { image: "nginx:1.27" } };
const ROLLING = { image: "nginx:1.27", port: 8080 };
const DB = { secretName: "db-credentials", key: "url" };
const MIGRATION = { image: "migrate/migrate:v4.17.0", databaseUrl: DB, migrations: { "001_init.up.sql": "SELECT 1;" } };

/** Blue-green args with a color given untyped, as a JavaScript caller would. */
function blueGreen(blue: Record<string, unknown>): BlueGreenDeploymentArgs {
    return { ...BLUE_GREEN, blue: { image: "nginx:1.27", ...blue } };
}

describe("hardening: every track's args are checked like the shared args", () => {
    it("validates a color's env, image and pod labels like the shared ones", () => {
        assert.deepStrictEqual(
            texts(validateBlueGreenDeploymentArgs(blueGreen({ env: { "1BAD": "x", PORT: 8080 } }))),
            [
                `blue.env.1BAD must be a valid environment variable name: letters, digits, '_', '-' and '.', not starting with a digit (got "1BAD")`,
                'blue.env.PORT must be a string or an Output of one (got 8080); quote it, for example "8080"',
            ],
        );
        assert.deepStrictEqual(texts(validateBlueGreenDeploymentArgs(blueGreen({ env: { DB_PASSWORD: "hunter2" } }))), [
            'blue.env.DB_PASSWORD looks like a credential and must not be a literal value (got a 7-character literal); use secretEnv: [{ name: "DB_PASSWORD", secretName: "...", key: "..." }]',
        ]);
        assert.deepStrictEqual(
            texts(validateBlueGreenDeploymentArgs(blueGreen({ image: 123, podLabels: { team: "-x" } }))),
            [
                'blue.image must be a string (got 123); for example "myapp:v1.0.0"',
                "blue.podLabels[\"team\"] must be a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (got \"-x\")",
            ],
        );
    });

    it("validates a canary track's env like the shared env", () => {
        const args = { ...CANARY, canary: { image: "nginx:1.27", env: { API_TOKEN: "t0ken", "A B": "1" } } };
        assert.deepStrictEqual(texts(validateCanaryDeploymentArgs(args)), [
            'canary.env.API_TOKEN looks like a credential and must not be a literal value (got a 5-character literal); use secretEnv: [{ name: "API_TOKEN", secretName: "...", key: "..." }]',
            `canary.env.A B must be a valid environment variable name: letters, digits, '_', '-' and '.', not starting with a digit (got "A B")`,
        ]);
    });

    it("validates an A/B variant's image and env like the shared ones", () => {
        const variants: VariantArgs[] = [
            { name: "a", image: 123 as unknown as string, env: { API_KEY: "k" } },
            { name: "b", image: "nginx:1.27", env: { "9X": "1" } },
        ];
        assert.deepStrictEqual(texts(validateABTestDeploymentArgs({ port: 8080, variants })), [
            'variants[0].image must be a string (got 123); for example "myapp:v1.0.0"',
            'variants[0].env.API_KEY looks like a credential and must not be a literal value (got a 1-character literal); use secretEnv: [{ name: "API_KEY", secretName: "...", key: "..." }]',
            `variants[1].env.9X must be a valid environment variable name: letters, digits, '_', '-' and '.', not starting with a digit (got "9X")`,
        ]);
    });
});

describe("hardening: Kubernetes' own rules", () => {
    it("rejects a fractional canary weight where the proxy needs an integer", () => {
        for (const traffic of ["nginx", "istio"] as const) {
            const args = { ...CANARY, traffic, host: "shop.example.com", canaryWeight: 12.5 };
            assert.deepStrictEqual(texts(validateCanaryDeploymentArgs(args)), [
                `canaryWeight must be a whole percentage with traffic "${traffic}" (got 12.5); the proxy takes integer weights, so use 13`,
            ]);
        }
        assert.deepStrictEqual(texts(validateCanaryDeploymentArgs({ ...CANARY, canaryWeight: 12.5 })), []);
    });

    it("rejects unknown and mis-spelled time zones", () => {
        assert.deepStrictEqual(
            bullets(() => new LogCleanup("cleanup", { timeZone: "Mars/Olympus" })),
            ['timeZone must be an IANA time zone name (got "Mars/Olympus"); for example "Etc/UTC" or "Europe/Berlin"'],
        );
        assert.deepStrictEqual(
            bullets(() => new LogCleanup("cleanup", { timeZone: "europe/berlin" })),
            ['timeZone must be spelled as in the IANA time zone database (got "europe/berlin"); write "Europe/Berlin"'],
        );
    });

    it("rejects two volumes mounted at one path, and zero or negative sizes and quantities", () => {
        const volumes = [
            { name: "a", mountPath: "/data", size: "1Gi" },
            { name: "b", mountPath: "/data", size: "0" },
        ];
        assert.deepStrictEqual(
            bullets(() => new StatefulService("db", { ...ROLLING, volumes })),
            [
                'volumes[1].mountPath must be unique (got "/data" twice); mount each volume in its own directory',
                'volumes[1].size must be a storage quantity above zero such as "1Gi" or "10Gi" (got "0"); use a number with a binary suffix: Mi, Gi or Ti',
            ],
        );
        assert.deepStrictEqual(
            bullets(() => new RedisCluster("cache", { nodes: 6, password: pulumi.secret("pw"), storageSize: "-1Gi" })),
            [
                'storageSize must be a storage quantity above zero such as "1Gi" or "10Gi" (got "-1Gi"); use a number with a binary suffix: Mi, Gi or Ti',
            ],
        );
        const resources = { cpuRequest: "0", memoryRequest: "-1Gi" };
        assert.deepStrictEqual(texts(validateRollingDeploymentArgs({ ...ROLLING, resources })), [
            'resources.cpuRequest must be above zero (got "0"); give a positive quantity such as "500m", "256Mi" or "10Gi"',
            'resources.memoryRequest must be above zero (got "-1Gi"); give a positive quantity such as "500m", "256Mi" or "10Gi"',
        ]);
    });

    it("rejects a negative runAsUser, bad tolerations and class names", () => {
        const args = {
            ...ROLLING,
            security: { runAsUser: -1 },
            tolerations: [{ operator: "Equal", effect: "Never" }],
            priorityClassName: "High_Prio",
        };
        assert.deepStrictEqual(texts(validateRollingDeploymentArgs(args)), [
            'tolerations[0].effect must be one of "NoSchedule", "PreferNoSchedule", "NoExecute" (got "Never")',
            'tolerations[0].operator must be "Exists" when no key is given (got "Equal"); give a key, or use operator "Exists" to tolerate every taint',
            `priorityClassName must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters (got "High_Prio"); use a name such as "high-priority"`,
            "security.runAsUser must be a whole number of at least 0 (got -1)",
        ]);
        const ingress = {
            ...CANARY,
            traffic: "nginx" as const,
            host: "shop.example.com",
            ingressClassName: "Nginx_Public",
        };
        assert.deepStrictEqual(texts(validateCanaryDeploymentArgs(ingress)), [
            `ingressClassName must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters (got "Nginx_Public"); use a name such as "nginx"`,
        ]);
    });

    it("rejects autoscaling with min above max, and shows Infinity as written", () => {
        const args = { ...ROLLING, replicas: Infinity, autoscaling: { minReplicas: 5, maxReplicas: 3 } };
        assert.deepStrictEqual(texts(validateRollingDeploymentArgs(args)), [
            "replicas must be a whole number of at least 0 (got Infinity); give the number of pods to run, for example 3",
            "autoscaling.maxReplicas must be at least minReplicas (got maxReplicas 3 with minReplicas 5); raise maxReplicas",
        ]);
    });

    it("bounds the autoscaler's replica counts like replicas (MAX_REPLICAS)", () => {
        const args = { ...ROLLING, autoscaling: { minReplicas: 2, maxReplicas: 2 ** 31 } };
        assert.deepStrictEqual(texts(validateRollingDeploymentArgs(args)), [
            "autoscaling.maxReplicas must be between 1 and 1000 (got 2147483648)",
        ]);
    });
});

describe("hardening: types, secrets and Secret keys", () => {
    it("rejects a string command, string migrations and a string Output databaseUrl", () => {
        const args = {
            ...MIGRATION,
            databaseUrl: pulumi.secret("postgres://u:p@db/app"),
            migrations: "001_init.up.sql",
            command: "migrate",
        } as unknown as ConstructorParameters<typeof MigrationJob>[1];
        assert.deepStrictEqual(
            bullets(() => new MigrationJob("migrate", args)),
            [
                'databaseUrl must be a Secret key reference, not a value (got an Output); store the value in a Secret and give { secretName: "db-credentials", key: "url" } naming an existing Secret key',
                'migrations must be a map (got "001_init.up.sql"); for example { "001_init.up.sql": "CREATE TABLE ..." }',
                'command must be a list of strings (got "migrate"); for example ["migrate"]',
            ],
        );
    });

    it("rejects image: 123 and null inside env lists with the named error", () => {
        const args = { ...ROLLING, image: 123, secretEnv: [null], configMapEnv: [null] } as unknown as Parameters<
            typeof validateRollingDeploymentArgs
        >[0];
        assert.deepStrictEqual(texts(validateRollingDeploymentArgs(args)), [
            'image must be a string (got 123); for example "nginx:1.21"',
            'secretEnv[0] must be an object (got null); for example [{ name: "DB_PASSWORD", secretName: "db-credentials", key: "password" }]',
            'configMapEnv[0] must be an object (got null); for example [{ name: "LOG_LEVEL", configMapName: "app-config", key: "log-level" }]',
        ]);
    });

    it("rejects two passwords under one key of one Secret, the defaults included", () => {
        const root = pulumi.secret("root-pw");
        assert.deepStrictEqual(
            bullets(
                () =>
                    new MySqlCluster("db", { rootPassword: root, rootPasswordKey: "pw", replicationPasswordKey: "pw" }),
            ),
            [
                'replicationPasswordKey must differ from rootPasswordKey (both are "pw"); two passwords under one key of the Secret would overwrite each other, so give each its own key',
            ],
        );
        assert.deepStrictEqual(
            bullets(() => new MySqlCluster("db", { rootPassword: root, replicationPasswordKey: "root-password" })),
            [
                'replicationPasswordKey must differ from rootPasswordKey (both are "root-password"); two passwords under one key of the Secret would overwrite each other, so give each its own key',
            ],
        );
    });
});

describe("hardening: child names and keys", () => {
    it("names the child that overflows and its limit", () => {
        const long = (n: number): string => "a".repeat(n);
        assert.match(
            validationError(() => new BlueGreenDeployment(long(56), BLUE_GREEN)),
            /its preview Service "a{56}-preview" would have 64 characters, over the limit of 63; use a name of at most 55 characters/,
        );
        const variants = [
            { name: "a", image: "nginx:1.27" },
            { name: "bbbb", image: "nginx:1.27" },
        ];
        assert.match(
            validationError(() => new ABTestDeployment(long(60), { port: 8080, variants })),
            /its Deployment of variant "bbbb" "a{60}-bbbb" would have 65 characters, over the limit of 63; use a name of at most 58 characters/,
        );
        assert.match(
            validationError(() => new LogCleanup(long(53), {})),
            /its CronJob "a{53}" would have 53 characters, over the limit of 52; use a name of at most 52 characters/,
        );
    });

    it("rejects bad port names, repeated ports, label keys and Secret names and keys", () => {
        const args = {
            ...ROLLING,
            portName: "1234",
            extraPorts: [{ name: "a--b", containerPort: 8080 }],
            labels: { "-bad": "v" },
            secretEnv: [{ name: "X", secretName: "Bad_Name", key: "a b" }],
        };
        assert.deepStrictEqual(texts(validateRollingDeploymentArgs(args)), [
            `labels key "-bad" must be a qualified name: an optional DNS-1123 prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit; for example "example.com/team"`,
            `secretEnv[0].secretName must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters (got "Bad_Name"); use a name such as "db-credentials"`,
            `secretEnv[0].key must be a Secret/ConfigMap key: letters, digits, '-', '_' and '.', at most 253 characters (got "a b"); for example "url"`,
            'portName must be a DNS-1123 label of at most 15 characters with at least one letter and no "--" (got "1234"); for example "http" or "metrics"',
            'extraPorts[0].name must be a DNS-1123 label of at most 15 characters with at least one letter and no "--" (got "a--b"); for example "http" or "metrics"',
            'extraPorts[0].containerPort repeats the port and protocol "8080/TCP" of port; every port and protocol must be unique',
        ]);
    });
});
