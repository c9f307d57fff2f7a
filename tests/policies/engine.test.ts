/**
 * The engine: presets, config layering, exemptions, levels, remediations, and a deliberately bad program.
 */
import * as assert from "assert";
import baseline from "../../policies/presets/baseline.json";
import restricted from "../../policies/presets/restricted.json";
import {
    checkPulumiResources,
    checkResources,
    mandatoryRules,
    presetConfig,
    resolveConfig,
    validatePolicyPackConfig,
} from "../../policies/engine";
import { K8sObject } from "../../policies/lib/objects";
import { JsonObject, path } from "../../policies/lib/values";
import { ALL_RULES } from "../../policies/rules";
import {
    badDeployment,
    changed,
    componentDefaultDeployment,
    goodDeployment,
    goodNetworkPolicy,
    goodPdb,
    goodService,
    goodSet,
    pulumiType,
    rule,
} from "./helpers";

function names(violations: readonly { policy: string }[]): string[] {
    return [...new Set(violations.map((v) => v.policy))].sort();
}

describe("engine", () => {
    describe("presets", () => {
        it("baseline.json spells out exactly the rules' defaults", () => {
            const expected: JsonObject = {};
            for (const r of ALL_RULES) {
                const entry: JsonObject = { enforcementLevel: r.defaultLevel };
                for (const [k, s] of Object.entries(r.configSchema)) {
                    entry[k] = s.default;
                }
                expected[r.name] = Object.keys(entry).length === 1 ? r.defaultLevel : entry;
            }
            assert.deepStrictEqual(baseline, expected);
        });

        it("both presets are valid policy pack config", () => {
            assert.deepStrictEqual(validatePolicyPackConfig(baseline), []);
            assert.deepStrictEqual(validatePolicyPackConfig(restricted), []);
        });

        it("restricted makes run-as-non-root mandatory and caps canary weight at 50%", () => {
            assert.ok(!mandatoryRules({ preset: "baseline" }).includes("run-as-non-root"));
            assert.ok(mandatoryRules({ preset: "restricted" }).includes("run-as-non-root"));
            const pdc = resolveConfig({ preset: "restricted" }).rules.find(
                (p) => p.rule.name === "progressive-delivery-consistency",
            );
            assert.deepStrictEqual(pdc?.config, { maxCanaryWeight: 50, maxCanaryWeightByEnvironment: {} });
        });

        it("the contract's default levels", () => {
            const levels = Object.fromEntries(ALL_RULES.map((r) => [r.name, r.defaultLevel]));
            for (const n of [
                "readiness-probe-required",
                "liveness-probe-required",
                "resource-requests-required",
                "memory-limit-required",
                "image-tag-pinned",
                "no-privileged",
                "no-host-namespaces",
                "host-path-restricted",
                "no-privilege-escalation",
                "capabilities-restricted",
                "no-plaintext-secrets",
                "selector-matches-template",
                "rollout-parameters-valid",
                "progressive-delivery-consistency",
            ]) {
                assert.strictEqual(levels[n], "mandatory", n);
            }
            for (const n of [
                "probe-sanity",
                "cpu-limit",
                "resource-bounds",
                "host-ports-restricted",
                "seccomp-required",
                "run-as-non-root",
                "read-only-root-filesystem",
                "min-replicas",
                "pdb-required",
                "batch-limits",
            ]) {
                assert.strictEqual(levels[n], "advisory", n);
            }
        });

        it("presetConfig returns the files", () => {
            assert.strictEqual(presetConfig("restricted"), restricted);
        });
    });

    describe("checkResources", () => {
        it("the happy set passes baseline and restricted without any violation", () => {
            assert.deepStrictEqual(checkResources(goodSet()), []);
            assert.deepStrictEqual(checkResources(goodSet(), { preset: "restricted" }), []);
        });

        it("a component's default Deployment has no mandatory violation in baseline", () => {
            const set = [componentDefaultDeployment(), goodService(), goodPdb(), goodNetworkPolicy()];
            const violations = checkResources(set);
            assert.deepStrictEqual(
                violations.filter((v) => v.enforcementLevel === "mandatory"),
                [],
            );
            assert.deepStrictEqual(names(violations), ["read-only-root-filesystem", "run-as-non-root"]);
            const strict = checkResources(set, { preset: "restricted" });
            assert.deepStrictEqual(names(strict.filter((v) => v.enforcementLevel === "mandatory")), [
                "run-as-non-root",
            ]);
        });

        it("a deliberately bad program fails with the expected rule names", () => {
            const violations = checkResources([badDeployment()]);
            const mandatory = names(violations.filter((v) => v.enforcementLevel === "mandatory"));
            for (const n of [
                "readiness-probe-required",
                "liveness-probe-required",
                "image-tag-pinned",
                "no-privileged",
                "resource-requests-required",
                "memory-limit-required",
                "no-privilege-escalation",
                "capabilities-restricted",
            ]) {
                assert.ok(mandatory.includes(n), `${n} in ${mandatory.join(", ")}`);
            }
            const v = violations.find((x) => x.policy === "image-tag-pinned");
            assert.deepStrictEqual(
                v && { kind: v.kind, name: v.name, namespace: v.namespace, container: v.container, index: v.index },
                { kind: "Deployment", name: "bad", namespace: undefined, container: "bad", index: 0 },
            );
            assert.ok(v?.fix.includes("Pin the image"));
        });

        it("skips entries that are not objects with a kind, keeping indexes into the input", () => {
            const violations = checkResources([null, "x", { apiVersion: "v1" }, badDeployment()]);
            assert.ok(violations.length > 0);
            assert.ok(violations.every((v) => v.index === 3));
        });

        it("checkPulumiResources maps type tokens and skips other resources", () => {
            const d = badDeployment();
            const props: JsonObject = { ...d };
            delete props.apiVersion;
            delete props.kind;
            const violations = checkPulumiResources([
                { type: "pulumi:providers:kubernetes", props: {} },
                { type: "k8s-workloads:index:RollingDeployment", props: {} },
                { type: pulumiType(d), props },
            ]);
            assert.ok(violations.some((v) => v.policy === "no-privileged" && v.index === 2 && v.kind === "Deployment"));
        });
    });

    describe("config", () => {
        it("a level string disables a rule; all sets every level", () => {
            const off = checkResources([badDeployment()], { config: { "no-privileged": "disabled" } });
            assert.ok(!off.some((v) => v.policy === "no-privileged"));
            const advisory = checkResources([badDeployment()], { config: { all: "advisory" } });
            assert.ok(advisory.length > 0 && advisory.every((v) => v.enforcementLevel === "advisory"));
            const mixed = checkResources([badDeployment()], {
                config: { all: "advisory", "no-privileged": "mandatory" },
            });
            assert.deepStrictEqual(names(mixed.filter((v) => v.enforcementLevel === "mandatory")), ["no-privileged"]);
        });

        it("later layers override settings; remediate reports as mandatory", () => {
            const v = checkResources([goodDeployment(), goodPdb(), goodNetworkPolicy()], {
                config: [{ "cpu-limit": { mode: "forbid" } }, { "cpu-limit": { enforcementLevel: "remediate" } }],
            });
            assert.deepStrictEqual(
                v.map((x) => [x.policy, x.enforcementLevel]),
                [["cpu-limit", "mandatory"]],
            );
        });

        it("validatePolicyPackConfig names the problems", () => {
            assert.deepStrictEqual(
                validatePolicyPackConfig({
                    "no-such": "advisory",
                    "cpu-limit": "loud",
                    "no-privileged": { enforcementLevel: 3 },
                    "min-replicas": 2,
                }),
                [
                    'unknown policy "no-such"',
                    'cpu-limit: "loud" is not an enforcement level (advisory, mandatory, remediate, disabled)',
                    "no-privileged.enforcementLevel: 3 is not an enforcement level",
                    "min-replicas: expected an enforcement level or an object",
                ],
            );
            assert.strictEqual(validatePolicyPackConfig([]).length, 1);
        });

        it("a PDB that blocks every eviction is mandatory even though pdb-required is advisory", () => {
            const v = checkResources([
                goodDeployment(),
                changed(goodPdb(), (p) => ((p.spec as JsonObject).maxUnavailable = 0)),
                goodNetworkPolicy(),
            ]);
            assert.deepStrictEqual(
                v.map((x) => [x.policy, x.enforcementLevel, x.kind]),
                [["pdb-required", "mandatory", "PodDisruptionBudget"]],
            );
        });
    });

    describe("exemptions", () => {
        const nodeAgent = (annotations: JsonObject | undefined): K8sObject =>
            changed(goodDeployment(), (d) => {
                (d.metadata as JsonObject).annotations = annotations;
                (path(d, "spec", "template", "spec") as JsonObject).hostNetwork = true;
            });

        it("an annotation with a reason exempts exactly the listed rules", () => {
            const v = checkResources([
                nodeAgent({
                    "k8s-workloads.io/exempt": "no-host-namespaces",
                    "k8s-workloads.io/exempt-reason": "scrapes node metrics",
                }),
                goodPdb(),
            ]);
            assert.deepStrictEqual(v, []);
        });

        it("an annotation without a reason is not honoured and is itself a violation", () => {
            const v = checkResources([nodeAgent({ "k8s-workloads.io/exempt": "no-host-namespaces" }), goodPdb()]);
            assert.deepStrictEqual(names(v), ["exemption-reason-required", "no-host-namespaces"]);
        });

        it("a blanket exemption is refused", () => {
            const v = checkResources([
                nodeAgent({ "k8s-workloads.io/exempt": "*", "k8s-workloads.io/exempt-reason": "lazy" }),
                goodPdb(),
            ]);
            assert.deepStrictEqual(names(v), ["exemption-reason-required", "no-host-namespaces"]);
        });

        it("config patterns exempt by namespace and by name, per policy", () => {
            const d = nodeAgent(undefined);
            assert.deepStrictEqual(
                checkResources([d, goodPdb()], { config: { "no-host-namespaces": { excludeNamespaces: ["ap*"] } } }),
                [],
            );
            assert.deepStrictEqual(
                checkResources([d, goodPdb()], { config: { "no-host-namespaces": { excludeNames: ["apps/we?"] } } }),
                [],
            );
            assert.deepStrictEqual(
                checkResources([d, goodPdb()], { config: { "no-host-namespaces": { excludeNames: ["web"] } } }),
                [],
            );
            assert.strictEqual(
                checkResources([d, goodPdb()], { config: { "no-host-namespaces": { excludeNames: ["other/web"] } } })
                    .length,
                1,
            );
            assert.strictEqual(
                checkResources([d, goodPdb()], { config: { "no-privileged": { excludeNamespaces: ["apps"] } } }).length,
                1,
            );
        });

        it("the container-runtime socket is waived only by an explicit annotation with a reason, never by config", () => {
            const socketMount = (x: JsonObject) => {
                (path(x, "spec", "template", "spec") as JsonObject).volumes = [
                    { name: "logs", hostPath: { path: "/var/log" } },
                    { name: "sock", hostPath: { path: "/var/run/docker.sock" } },
                ];
            };
            const byConfig = checkResources([changed(goodDeployment(), socketMount), goodPdb(), goodNetworkPolicy()], {
                config: {
                    "host-path-restricted": { excludeNamespaces: ["*"] },
                    "volume-types-restricted": { excludeNamespaces: ["*"] },
                },
            });
            assert.deepStrictEqual(
                byConfig.map((x) => x.message),
                [
                    'volume "sock" mounts the container-runtime socket path /var/run/docker.sock: that is root on the node; only an explicit k8s-workloads.io/exempt annotation on this resource, with a reason, waives it',
                ],
            );
            const annotated = changed(goodDeployment(), (x) => {
                (x.metadata as JsonObject).annotations = {
                    "k8s-workloads.io/exempt": "host-path-restricted,volume-types-restricted",
                    "k8s-workloads.io/exempt-reason":
                        "docker system prune on legacy Docker nodes, approved by the platform team",
                };
                socketMount(x);
            });
            assert.deepStrictEqual(checkResources([annotated, goodPdb(), goodNetworkPolicy()]), []);
            const withoutReason = changed(annotated, (x) => {
                delete ((x.metadata as JsonObject).annotations as JsonObject)["k8s-workloads.io/exempt-reason"];
            });
            assert.deepStrictEqual(
                checkResources([withoutReason, goodPdb(), goodNetworkPolicy()])
                    .map((x) => x.policy)
                    .sort(),
                [
                    "exemption-reason-required",
                    "host-path-restricted",
                    "host-path-restricted",
                    "volume-types-restricted",
                    "volume-types-restricted",
                ],
            );
        });
    });

    describe("remediations", () => {
        const bare = (): K8sObject =>
            changed(goodDeployment(), (d) => {
                const spec = path(d, "spec", "template", "spec") as JsonObject;
                delete spec.securityContext;
                const c = (spec.containers as JsonObject[])[0];
                c.securityContext = { capabilities: { drop: ["NET_RAW"], add: ["NET_BIND_SERVICE"] } };
            });

        for (const name of ["no-privilege-escalation", "capabilities-restricted", "seccomp-required"]) {
            it(`${name} fixes what it reports, without touching the input`, () => {
                const r = rule(name);
                assert.ok(r.scope === "resource" && r.remediate !== undefined);
                const input = bare();
                const before = JSON.stringify(input);
                const config = r.parseConfig({});
                assert.ok(r.check(input, config).length > 0);
                const fixed = r.remediate(input, config);
                assert.ok(fixed !== undefined);
                assert.deepStrictEqual(r.check(fixed, config), []);
                assert.strictEqual(JSON.stringify(input), before);
                assert.strictEqual(r.remediate(fixed, config), undefined, "idempotent");
            });
        }

        it("capabilities remediation keeps existing drops and adds", () => {
            const r = rule("capabilities-restricted");
            assert.ok(r.scope === "resource" && r.remediate !== undefined);
            const fixed = r.remediate(bare(), r.parseConfig({}));
            const c = (path(fixed, "spec", "template", "spec", "containers") as JsonObject[])[0] ?? {};
            assert.deepStrictEqual(path(c, "securityContext", "capabilities"), {
                drop: ["NET_RAW", "ALL"],
                add: ["NET_BIND_SERVICE"],
            });
        });

        it("no-privilege-escalation leaves privileged containers alone (the API forbids the combination)", () => {
            const r = rule("no-privilege-escalation");
            assert.ok(r.scope === "resource" && r.remediate !== undefined);
            assert.strictEqual(r.remediate(badDeployment(), {}), undefined);
        });
    });
});
