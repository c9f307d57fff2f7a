/**
 * The CrossGuard wrappers, through fake validation args (notApplicable, getConfig, stackTags).
 */
import * as assert from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as policySdk from "@pulumi/policy";
import { buildPolicies, configSchemaOf, PACK_NAME } from "../../policies/crossguard";
import { K8sObject } from "../../policies/lib/objects";
import { JsonObject, UNKNOWN, path } from "../../policies/lib/values";
import { RULE_NAMES } from "../../contract/rules";
import { ALL_RULES } from "../../policies/rules";
import {
    NotApplicable,
    badDeployment,
    changed,
    goodDeployment,
    goodPdb,
    goodService,
    pulumiType,
    recorder,
    resourceArgs,
    stackArgs,
} from "./helpers";

const policies = buildPolicies();

function resourcePolicy(name: string): ResourceValidationPolicy {
    const p = policies.find((x) => x.name === name);
    if (p === undefined || !("validateResource" in p)) {
        throw new Error(`${name} is not a resource policy`);
    }
    return p;
}

function stackPolicy(name: string): StackValidationPolicy {
    const p = policies.find((x) => x.name === name);
    if (p === undefined || !("validateStack" in p)) {
        throw new Error(`${name} is not a stack policy`);
    }
    return p;
}

async function validate(name: string, o: K8sObject, config: JsonObject = {}, props: JsonObject = o): Promise<string[]> {
    const p = resourcePolicy(name);
    const { reports, report } = recorder();
    const fn = p.validateResource;
    assert.ok(fn !== undefined && !Array.isArray(fn));
    await fn(resourceArgs(pulumiType(o), props, config), report);
    return reports.map((r) => r.message);
}

/** Every resource policy over one object: the names of the policies that reported. */
async function failingPolicies(o: K8sObject, props: JsonObject = o): Promise<string[]> {
    const failed: string[] = [];
    for (const p of policies) {
        if (!("validateResource" in p)) {
            continue;
        }
        const { reports, report } = recorder();
        const fn = p.validateResource;
        assert.ok(fn !== undefined && !Array.isArray(fn));
        await fn(resourceArgs(pulumiType(o), props), report);
        if (reports.length > 0) {
            failed.push(p.name);
        }
    }
    return failed;
}

describe("CrossGuard policies", () => {
    it(`the pack "${PACK_NAME}" has one policy per rule, with level, description, remediation and config schema`, () => {
        assert.deepStrictEqual(
            policies.map((p) => p.name),
            [...RULE_NAMES],
        );
        for (const p of policies) {
            assert.ok(
                p.enforcementLevel !== undefined && p.description.length > 0 && (p.remediationSteps ?? "").length > 0,
            );
            const props = p.configSchema?.properties ?? {};
            assert.ok("excludeNamespaces" in props && "excludeNames" in props, p.name);
            assert.ok(!("enforcementLevel" in props), p.name);
        }
        const stack = policies.filter((p) => "validateStack" in p).map((p) => p.name);
        assert.deepStrictEqual(stack, [
            "min-replicas",
            "pdb-required",
            "progressive-delivery-consistency",
            "service-targets-workload",
            "network-policy-required",
            "service-account-token",
            "hpa-consistency",
            "replicas-spread",
        ]);
        const remediable = policies
            .filter((p) => "remediateResource" in p && p.remediateResource !== undefined)
            .map((p) => p.name);
        assert.deepStrictEqual(remediable, ["no-privilege-escalation", "capabilities-restricted", "seccomp-required"]);
    });

    it("config schemas are plain JSON schema with defaults", () => {
        const cpu = ALL_RULES.find((r) => r.name === "cpu-limit");
        assert.ok(cpu !== undefined);
        assert.deepStrictEqual(configSchemaOf(cpu).properties.mode, {
            type: "string",
            description: "require: every container sets limits.cpu; forbid: none does; ignore: not checked.",
            enum: ["require", "forbid", "ignore"],
            default: "require",
        });
    });

    it("a deliberately bad program fails validateResource with the expected rule names", async () => {
        const failed = await failingPolicies(badDeployment());
        for (const n of ["readiness-probe-required", "liveness-probe-required", "image-tag-pinned", "no-privileged"]) {
            assert.ok(failed.includes(n), `${n} in ${failed.join(", ")}`);
        }
        assert.deepStrictEqual(await validate("image-tag-pinned", badDeployment()), [
            'container "bad" image "nginx:latest" uses the mutable tag :latest',
        ]);
    });

    it("props without apiVersion/kind get them from the type token", async () => {
        const props: JsonObject = { ...badDeployment() };
        delete props.apiVersion;
        delete props.kind;
        assert.strictEqual((await validate("no-privileged", badDeployment(), {}, props)).length, 1);
    });

    it("a good Deployment passes every resource policy", async () => {
        assert.deepStrictEqual(await failingPolicies(goodDeployment()), []);
    });

    it("non-Kubernetes resources are not applicable", async () => {
        const fn = resourcePolicy("no-privileged").validateResource;
        assert.ok(fn !== undefined && !Array.isArray(fn));
        const { report } = recorder();
        await assert.rejects(async () => fn(resourceArgs("aws:s3/bucket:Bucket", {}), report), NotApplicable);
    });

    it("getConfig settings apply (cpu-limit forbid, exclusions)", async () => {
        assert.strictEqual((await validate("cpu-limit", goodDeployment(), { mode: "forbid" })).length, 1);
        assert.strictEqual(
            (await validate("cpu-limit", goodDeployment(), { mode: "forbid", excludeNamespaces: ["apps"] })).length,
            0,
        );
    });

    it("unknown values behind @pulumi/policy's unknown-checking proxy neither throw nor report", async () => {
        const d = changed(badDeployment(), (x) => {
            const c = (path(x, "spec", "template", "spec", "containers") as JsonObject[])[0];
            c.image = UNKNOWN;
            c.securityContext = UNKNOWN;
            c.readinessProbe = UNKNOWN;
            c.livenessProbe = UNKNOWN;
            c.resources = UNKNOWN;
        });
        // The SDK exports unknownCheckingProxy at run time (index.js) without a type declaration.
        const makeProxy: unknown = (policySdk as unknown as Record<string, unknown>).unknownCheckingProxy;
        assert.ok(typeof makeProxy === "function");
        const proxied = (makeProxy as (o: unknown) => JsonObject)(d);
        const containers = path(proxied, "spec", "template", "spec", "containers") as JsonObject[];
        assert.throws(() => containers[0]?.image, /can't be known during preview/);
        const failed = await failingPolicies(d, proxied);
        assert.deepStrictEqual(failed, []);
    });

    it("validateStack reports on the offending resource's URN, with the escalated level", async () => {
        const blocking = changed(goodPdb(), (p) => ((p.spec as JsonObject).maxUnavailable = 0));
        const args = stackArgs([
            { type: "pulumi:providers:kubernetes", props: {} },
            { type: pulumiType(goodDeployment()), props: goodDeployment() },
            { type: pulumiType(blocking), props: blocking },
        ]);
        const { reports, report } = recorder();
        await stackPolicy("pdb-required").validateStack(args, report);
        assert.deepStrictEqual(reports, [
            {
                message:
                    "PodDisruptionBudget apps/web: maxUnavailable 0 blocks every voluntary eviction (node drains hang)",
                urn: "urn:pulumi:test::proj::kubernetes:policy/v1:PodDisruptionBudget::r2",
                enforcementLevel: "mandatory",
            },
        ]);
    });

    it("validateStack uses the stack tag `environment` for the canary maximum", async () => {
        const ingress: K8sObject = {
            apiVersion: "networking.k8s.io/v1",
            kind: "Ingress",
            metadata: {
                name: "c",
                annotations: {
                    "nginx.ingress.kubernetes.io/canary": "true",
                    "nginx.ingress.kubernetes.io/canary-weight": "30",
                },
            },
        };
        const run = async (config: JsonObject): Promise<number> => {
            const { reports, report } = recorder();
            await stackPolicy("progressive-delivery-consistency").validateStack(
                stackArgs([{ type: pulumiType(ingress), props: ingress }], config),
                report,
            );
            return reports.length;
        };
        assert.strictEqual(await run({}), 0);
        assert.strictEqual(await run({ maxCanaryWeightByEnvironment: { prod: 25 } }), 1);
        assert.strictEqual(await run({ maxCanaryWeightByEnvironment: { dev: 25 } }), 0);
    });

    it("validateStack on a stack without Kubernetes objects is not applicable", async () => {
        const { report } = recorder();
        await assert.rejects(
            async () => stackPolicy("pdb-required").validateStack(stackArgs([]), report),
            NotApplicable,
        );
    });

    it("a live Service selecting a missing color fails progressive-delivery-consistency", async () => {
        const svc = goodService("web-live", { app: "web", version: "green" }, { "k8s-workloads.io/role": "live" });
        const { reports, report } = recorder();
        await stackPolicy("progressive-delivery-consistency").validateStack(
            stackArgs([
                { type: pulumiType(goodDeployment()), props: goodDeployment() },
                { type: pulumiType(svc), props: svc },
            ]),
            report,
        );
        assert.strictEqual(reports.length, 1);
        assert.ok(reports[0]?.message.startsWith("Service apps/web-live: live Service selects color"));
    });

    it("remediateResource returns fixed props, and nothing for exempt resources", async () => {
        const p = resourcePolicy("seccomp-required");
        const fn = p.remediateResource;
        assert.ok(fn !== undefined);
        const d = changed(goodDeployment(), (x) => {
            delete (path(x, "spec", "template", "spec") as JsonObject).securityContext;
            const c = (path(x, "spec", "template", "spec", "containers") as JsonObject[])[0];
            delete (c.securityContext as JsonObject).seccompProfile;
        });
        const fixed = (await fn(resourceArgs(pulumiType(d), d))) as JsonObject | undefined;
        assert.deepStrictEqual(path(fixed, "spec", "template", "spec", "securityContext"), {
            seccompProfile: { type: "RuntimeDefault" },
        });
        const exempt = changed(
            d,
            (x) =>
                ((x.metadata as JsonObject).annotations = {
                    "k8s-workloads.io/exempt": "seccomp-required",
                    "k8s-workloads.io/exempt-reason": "legacy",
                }),
        );
        assert.strictEqual(await fn(resourceArgs(pulumiType(exempt), exempt)), undefined);
        assert.strictEqual(await fn(resourceArgs("aws:s3/bucket:Bucket", {})), undefined);
    });
});
