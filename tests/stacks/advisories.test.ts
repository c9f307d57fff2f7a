import * as assert from "assert";
import { checkPulumiResources } from "../../policies/engine";
import { renderStack } from "./stacks.test";

/**
 * The advisory findings the stacks may raise under the pack's `baseline` preset, each a deliberate choice with its
 * reason. Anything else the components or the stacks produce fails the test: fix the cause (a component default,
 * an arg the stack sets) or, when it is deliberate, add it here with the reason. A finding is written
 * `<policy> <Kind>/<name>[<container>]`, the container left out for findings about a whole workload; a target
 * ending in `*` matches any name that starts with the rest (the migration Job's name ends in a content hash).
 */
interface AllowedAdvisory {
    /** The stack renderings the finding is expected in. */
    readonly stacks: readonly StackName[];
    readonly policy: string;
    readonly targets: readonly string[];
    readonly reason: string;
}

/** The stacks as rendered: dev (also on the local real node, as Pulumi.dev.yaml runs it), staging and prod. */
type StackName = "dev" | "dev (realNode)" | "staging" | "prod";
const STACKS: readonly { readonly name: StackName; readonly env: string; readonly config: Record<string, string> }[] = [
    { name: "dev", env: "dev", config: {} },
    { name: "dev (realNode)", env: "dev", config: { "k8s-workloads:realNode": "true" } },
    { name: "staging", env: "staging", config: {} },
    { name: "prod", env: "prod", config: {} },
];
const DEV: readonly StackName[] = ["dev", "dev (realNode)"];
const ALL: readonly StackName[] = ["dev", "dev (realNode)", "staging", "prod"];

const ALLOWED_ADVISORIES: readonly AllowedAdvisory[] = [
    // fluentd stays on a writable root. What the image writes, from its source: the pos file and buffers under
    // /var/log (a hostPath, writable), and a lock directory from Dir.mktmpdir("fluentd-lock-") (fluent/fluentd
    // v1.16.2, lib/fluent/supervisor.rb). Bundler does not run: the image sets FLUENTD_DISABLE_BUNDLER_INJECTION=1
    // (fluent/fluentd-kubernetes-daemonset, docker-image/v1.16/debian-elasticsearch7/Dockerfile), which
    // lib/fluent/command/fluentd.rb checks before --gemfile installs anything. The catch is Ruby's Dir.tmpdir: it skips
    // a world-writable directory without the sticky bit, which is what a disk emptyDir at /tmp is (kubelet makes it
    // 0777, pkg/volume/emptydir/empty_dir.go), and falls back to the working directory, /home/fluent on the read-only
    // root. A memory emptyDir (tmpfs, 1777) would pass that check, but there is no fluentd image on the real node to
    // try it on, so the component keeps the image's writable root rather than ship a default nobody has run.
    {
        stacks: ALL,
        policy: "read-only-root-filesystem",
        targets: ["DaemonSet/fluentd[fluentd]"],
        reason: "fluentd's lock directory needs a sticky /tmp, which an emptyDir is not; a tmpfs /tmp is untested",
    },
    // dev is small on purpose: one replica of a color, of the stable track and of MySQL.
    {
        stacks: DEV,
        policy: "min-replicas",
        targets: ["Deployment/webapp-blue", "Deployment/webapp-green", "Deployment/shop-stable", "StatefulSet/mysql"],
        reason: "dev runs one pod where staging and prod run two or more",
    },
    // dev sets no disruptionBudget: its pods may all go in a drain.
    {
        stacks: DEV,
        policy: "pdb-required",
        targets: ["Deployment/api"],
        reason: "dev has no PodDisruptionBudgets (stack choice)",
    },
    // dev turns the components' NetworkPolicies off (config networkPolicies, default off in dev, on in staging/prod).
    {
        stacks: DEV,
        policy: "network-policy-required",
        targets: [
            "Deployment/api",
            "Deployment/webapp-blue",
            "Deployment/webapp-green",
            "Deployment/shop-stable",
            "Deployment/shop-canary",
            "Deployment/webapp-ab-a",
            "Deployment/webapp-ab-b",
            "StatefulSet/web",
            "StatefulSet/mysql",
            "StatefulSet/redis",
            "DaemonSet/fluentd",
            "Job/db-migration-*",
            "Job/redis-bootstrap",
            "CronJob/database-backup",
            "CronJob/log-cleanup",
        ],
        reason: "dev runs without NetworkPolicies (stack choice, config networkPolicies)",
    },
];

/** The allow-listed findings of one stack, as `<policy> <target>`. */
function allowedFor(stack: StackName): string[] {
    return ALLOWED_ADVISORIES.filter((a) => a.stacks.includes(stack)).flatMap((a) =>
        a.targets.map((t) => `${a.policy} ${t}`),
    );
}

/** Whether a finding matches an allow-list entry (exactly, or by prefix for an entry ending in `*`). */
function matches(finding: string, entry: string): boolean {
    return entry.endsWith("*") ? finding.startsWith(entry.slice(0, -1)) : finding === entry;
}

/** The advisory findings of a stack under the baseline preset, as `<policy> <Kind>/<name>[<container>]`. */
async function advisories(env: string, config: Record<string, string>): Promise<string[]> {
    const resources = await renderStack(env, config);
    return checkPulumiResources(
        resources.map((r) => ({ type: r.type, props: r.inputs })),
        { preset: "baseline", environment: env },
    )
        .filter((v) => v.enforcementLevel === "advisory")
        .map((v) => `${v.policy} ${v.kind}/${v.name ?? "?"}${v.container !== undefined ? `[${v.container}]` : ""}`);
}

describe("stacks: advisories under the baseline preset", () => {
    for (const stack of STACKS) {
        it(`the ${stack.name} stack raises only the allow-listed advisories, each still raised`, async () => {
            const found = await advisories(stack.env, stack.config);
            const allowed = allowedFor(stack.name);
            assert.deepStrictEqual(
                found.filter((f) => !allowed.some((a) => matches(f, a))),
                [],
                `${stack.name}: advisories no component or stack choice explains; fix the cause or allow-list them with the reason`,
            );
            assert.deepStrictEqual(
                allowed.filter((a) => !found.some((f) => matches(f, a))),
                [],
                `${stack.name}: allow-listed advisories that no longer occur; remove them from ALLOWED_ADVISORIES`,
            );
        });
    }

    it("gives every allowed advisory a reason", () => {
        for (const a of ALLOWED_ADVISORIES) {
            assert.ok(a.reason.length > 10, `${a.policy}: ${a.targets.join(", ")} needs a reason`);
        }
    });
});
