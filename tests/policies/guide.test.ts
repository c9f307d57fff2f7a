/**
 * The checker on the reference guide's own YAML (one fixture per example, extracted verbatim): it reports what is
 * really wrong there and nothing spurious.
 */
import * as assert from "assert";
import * as path from "path";
import { runCheck } from "../../cli/check";
import type { CliIo } from "../../cli/io";

const FIXTURES = path.resolve(__dirname, "..", "..", "..", "tests", "policies", "fixtures", "guide");

/** No securityContext in any guide example: the hardening rules report on every container. */
const HARDENING = [
    "capabilities-restricted",
    "no-privilege-escalation",
    "read-only-root-filesystem",
    "run-as-non-root",
    "seccomp-required",
];
const NO_RESOURCES = ["cpu-limit", "memory-limit-required", "resource-requests-required"];
const NO_PROBES = ["liveness-probe-required", "readiness-probe-required"];
/** No NetworkPolicy and no automountServiceAccountToken: false in any guide example. */
const UNISOLATED = ["network-policy-required", "service-account-token"];
/** Replicated workloads without anti-affinity or topology spread. */
const UNSPREAD = [...UNISOLATED, "replicas-spread"];

const EXPECTED: Readonly<Record<string, readonly string[]>> = {
    "01-rolling-update.yaml": [...HARDENING, ...UNSPREAD, "pdb-required"],
    "02-blue-green-blue.yaml": [...HARDENING, ...UNSPREAD, "pdb-required"],
    // The new color alone: no live Service selects it yet, so it needs no PDB.
    "03-blue-green-green.yaml": [...HARDENING, ...UNSPREAD],
    // Readiness and liveness probes are identical (same endpoint, default timings).
    "04-canary.yaml": [...HARDENING, ...UNSPREAD, "pdb-required", "probe-sanity"],
    "05-canary-ingress.yaml": [],
    // The A/B variants have no livenessProbe and no limits (consistently, so the variants still match).
    "06-ab-testing.yaml": [
        ...HARDENING,
        ...UNSPREAD,
        "pdb-required",
        "liveness-probe-required",
        "memory-limit-required",
        "cpu-limit",
    ],
    "07-statefulset-basic.yaml": [...HARDENING, ...UNSPREAD, "pdb-required"],
    // Init containers and the xtrabackup sidecar lack resources/probes; MYSQL_ALLOW_EMPTY_PASSWORD.
    "08-mysql-statefulset.yaml": [
        ...HARDENING,
        ...UNSPREAD,
        ...NO_PROBES,
        ...NO_RESOURCES,
        "pdb-required",
        "no-plaintext-secrets",
    ],
    // The blue Deployment lacks apiVersion/kind, so the Service points at a color that does not exist.
    // (The green Deployment is the idle color: it needs no PDB.)
    "09-blue-green-basic.yaml": [
        ...HARDENING,
        ...UNSPREAD,
        ...NO_PROBES,
        ...NO_RESOURCES,
        "progressive-delivery-consistency",
    ],
    "10-canary-istio.yaml": [...HARDENING, ...UNSPREAD, ...NO_PROBES, ...NO_RESOURCES, "pdb-required"],
    "11-mysql-master-slave.yaml": [
        ...HARDENING,
        ...UNSPREAD,
        ...NO_PROBES,
        ...NO_RESOURCES,
        "pdb-required",
        "no-plaintext-secrets",
    ],
    "12-redis-cluster.yaml": [...HARDENING, ...UNSPREAD, ...NO_RESOURCES, "pdb-required"],
    // hostPaths without exemption; no probes; no cpu limit (requests and memory limit are set).
    "13-fluentd-daemonset.yaml": [
        ...HARDENING,
        ...UNISOLATED,
        ...NO_PROBES,
        "cpu-limit",
        "host-path-restricted",
        "volume-types-restricted",
    ],
    "14-node-exporter-daemonset.yaml": [
        ...HARDENING,
        ...NO_PROBES,
        ...NO_RESOURCES,
        "image-tag-pinned",
        "no-host-namespaces",
        "host-path-restricted",
        "host-ports-restricted",
        // Host-network pods are outside NetworkPolicy's reach; the hostPath volumes are outside the restricted list.
        "service-account-token",
        "volume-types-restricted",
    ],
    "15-db-migration-job.yaml": [...HARDENING, ...UNISOLATED, ...NO_RESOURCES, "image-tag-pinned", "batch-limits"],
    "16-backup-cronjob.yaml": [...HARDENING, ...UNISOLATED, ...NO_RESOURCES, "batch-limits"],
    "17-log-cleanup-cronjob.yaml": [
        ...HARDENING,
        ...NO_RESOURCES,
        "image-tag-pinned",
        "no-privileged",
        "no-host-namespaces",
        "host-path-restricted",
        "batch-limits",
        ...UNISOLATED,
        "volume-types-restricted",
    ],
};

interface JsonViolation {
    readonly policy: string;
    readonly enforcementLevel: string;
    readonly name: string | null;
    readonly container: string | null;
    readonly message: string;
}

async function check(fixture: string): Promise<{ code: number; resources: number; violations: JsonViolation[] }> {
    let stdout = "";
    const io: CliIo = { stdout: (t) => (stdout += t), stderr: () => undefined, readStdin: () => Promise.resolve("") };
    const code = await runCheck([path.join(FIXTURES, fixture), "--format", "json"], io);
    const out = JSON.parse(stdout) as { resources: number; violations: JsonViolation[] };
    return { code, ...out };
}

function find(violations: readonly JsonViolation[], policy: string, fragment: string): JsonViolation | undefined {
    return violations.find((v) => v.policy === policy && v.message.includes(fragment));
}

describe("the checker on the guide's YAML", () => {
    for (const [fixture, expected] of Object.entries(EXPECTED)) {
        it(`${fixture}: ${expected.length === 0 ? "passes" : [...expected].sort().join(", ")}`, async () => {
            const r = await check(fixture);
            assert.deepStrictEqual([...new Set(r.violations.map((v) => v.policy))].sort(), [...expected].sort());
            assert.strictEqual(r.code, r.violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0);
        });
    }

    it("all examples at once: the whole-set rules add nothing across examples", async () => {
        let stdout = "";
        const io: CliIo = {
            stdout: (t) => (stdout += t),
            stderr: () => undefined,
            readStdin: () => Promise.resolve(""),
        };
        assert.strictEqual(await runCheck([FIXTURES, "--format", "json"], io), 1);
        const all = (JSON.parse(stdout) as { resources: number; violations: JsonViolation[] }).violations;
        let separately = 0;
        for (const fixture of Object.keys(EXPECTED)) {
            separately += (await check(fixture)).violations.length;
        }
        assert.strictEqual(all.length, separately);
    });

    it("node-exporter: the :latest image, host namespaces and the host port", async () => {
        const r = await check("14-node-exporter-daemonset.yaml");
        assert.ok(
            find(
                r.violations,
                "image-tag-pinned",
                'image "quay.io/prometheus/node-exporter:latest" uses the mutable tag :latest',
            ),
        );
        assert.deepStrictEqual(
            r.violations.filter((v) => v.policy === "no-host-namespaces").map((v) => v.message),
            ["pod sets hostPID: true", "pod sets hostIPC: true", "pod sets hostNetwork: true"],
        );
        assert.ok(find(r.violations, "host-ports-restricted", "hostPort 9100"));
    });

    it("A/B variants: both lack a livenessProbe and limits", async () => {
        const r = await check("06-ab-testing.yaml");
        for (const policy of ["liveness-probe-required", "memory-limit-required"]) {
            assert.deepStrictEqual(
                r.violations.filter((v) => v.policy === policy).map((v) => v.name),
                ["webapp-variant-a", "webapp-variant-b"],
            );
        }
    });

    it("log-cleanup: privileged, hostPID and the Docker socket", async () => {
        const r = await check("17-log-cleanup-cronjob.yaml");
        assert.ok(find(r.violations, "no-privileged", "privileged"));
        assert.ok(find(r.violations, "no-host-namespaces", "hostPID"));
        assert.ok(find(r.violations, "host-path-restricted", "container-runtime socket path /var/run/docker.sock"));
        assert.ok(find(r.violations, "image-tag-pinned", "alpine:latest"));
    });

    it("MySQL: MYSQL_ALLOW_EMPTY_PASSWORD, and the init containers without resources", async () => {
        for (const fixture of ["08-mysql-statefulset.yaml", "11-mysql-master-slave.yaml"]) {
            const r = await check(fixture);
            assert.ok(
                find(r.violations, "no-plaintext-secrets", 'MYSQL_ALLOW_EMPTY_PASSWORD="1" disables authentication'),
            );
            assert.deepStrictEqual(
                r.violations.filter((v) => v.policy === "resource-requests-required").map((v) => v.container),
                ["init-mysql", "clone-mysql"],
            );
        }
    });

    it("the malformed blue-green example: the Service's blue Deployment is missing", async () => {
        const r = await check("09-blue-green-basic.yaml");
        assert.strictEqual(r.resources, 3);
        assert.ok(find(r.violations, "progressive-delivery-consistency", 'selects color "blue"'));
    });

    it("the migration job: :latest and no ttlSecondsAfterFinished", async () => {
        const r = await check("15-db-migration-job.yaml");
        assert.ok(find(r.violations, "image-tag-pinned", "migrate/migrate:latest"));
        assert.deepStrictEqual(
            r.violations.filter((v) => v.policy === "batch-limits").map((v) => v.message),
            ["ttlSecondsAfterFinished is not set: finished Jobs and their pods pile up"],
        );
    });
});
