/**
 * The shared kit of the per-rule tests: field accessors on the happy-path objects, typed pass and fail cases, and
 * the suite every rule file runs (its cases plus the whole good set).
 */
import * as assert from "assert";
import { RuleName } from "../../../contract/rules";
import { K8sObject } from "../../../policies/lib/objects";
import { JsonObject, obj, path } from "../../../policies/lib/values";
import { ruleNamed } from "../../../policies/rules";
import { changed, findings, goodDeployment, goodSet } from "../helpers";

/** The first container of a workload's pod template. */
export function c0(o: JsonObject): JsonObject {
    const spec = podSpec(o);
    const first = obj((spec.containers as unknown[])[0]);
    if (first === undefined) {
        throw new Error("no container");
    }
    return first;
}

export function podSpec(o: JsonObject): JsonObject {
    const kind = String(o.kind);
    const spec =
        kind === "Pod"
            ? o.spec
            : kind === "CronJob"
              ? path(o, "spec", "jobTemplate", "spec", "template", "spec")
              : path(o, "spec", "template", "spec");
    const found = obj(spec);
    if (found === undefined) {
        throw new Error("no pod spec");
    }
    return found;
}

export function sc(o: JsonObject): JsonObject {
    const c = c0(o);
    const s = obj(c.securityContext) ?? {};
    c.securityContext = s;
    return s;
}

export function dspec(o: JsonObject): JsonObject {
    const s = obj(o.spec);
    if (s === undefined) {
        throw new Error("no spec");
    }
    return s;
}

export /** One test case of a rule. */
interface Case {
    readonly name: string;
    readonly objects: () => K8sObject | K8sObject[];
    /** Expected number of findings (default 1). */
    readonly count?: number;
    /** A fragment every finding message must contain. */
    readonly message?: string;
    readonly config?: JsonObject;
}

export const D = goodDeployment;

export function exempt(o: K8sObject, rules: string, reason: string | undefined): K8sObject {
    return changed(o, (d) => {
        const meta = d.metadata as JsonObject;
        meta.annotations = {
            "k8s-workloads.io/exempt": rules,
            ...(reason === undefined ? {} : { "k8s-workloads.io/exempt-reason": reason }),
        };
    });
}

export function colored(color: string): K8sObject {
    return changed(D(`web-${color}`), (d) => {
        (path(d, "spec", "selector", "matchLabels") as JsonObject).version = color;
        (path(d, "spec", "template", "metadata", "labels") as JsonObject).version = color;
    });
}

export function blueGreen(): K8sObject[] {
    return [colored("blue"), colored("green")];
}

export function variant(name: string): K8sObject {
    return changed(D(`web-${name}`), (d) => {
        (path(d, "spec", "selector", "matchLabels") as JsonObject).variant = name;
        (path(d, "spec", "template", "metadata", "labels") as JsonObject).variant = name;
    });
}

export function canaryVersion(version: string): K8sObject {
    return colored(version);
}

export function canaryIngress(weight: string): K8sObject {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: {
            name: "web-canary",
            namespace: "apps",
            annotations: {
                "nginx.ingress.kubernetes.io/canary": "true",
                "nginx.ingress.kubernetes.io/canary-weight": weight,
            },
        },
        spec: { rules: [] },
    };
}

export function virtualService(stable: number, canary: number): K8sObject {
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: { name: "web", namespace: "apps" },
        spec: {
            hosts: ["web"],
            http: [
                {
                    route: [
                        { destination: { host: "web", subset: "stable" }, weight: stable },
                        { destination: { host: "web", subset: "canary" }, weight: canary },
                    ],
                },
            ],
        },
    };
}

/** Passing inputs per rule, beyond the whole good set. */

/** The pass and fail cases of one rule. */
export interface RuleCases {
    readonly passing?: readonly Case[];
    readonly failing: readonly Case[];
}

/**
 * The suite of one rule: it passes the whole good set and every passing case, and each failing case gives the
 * expected number of findings, each naming the expected fragment.
 */
export function ruleSuite(name: RuleName, cases: RuleCases): void {
    const r = ruleNamed(name);
    describe(name, () => {
        it("passes the happy-path objects", () => {
            const set = goodSet();
            const result = r.scope === "stack" ? findings(r.name, set) : set.flatMap((o) => findings(r.name, o));
            assert.deepStrictEqual(result, []);
        });
        for (const c of cases.passing ?? []) {
            it(`passes: ${c.name}`, () => {
                assert.deepStrictEqual(findings(r.name, c.objects(), c.config), []);
            });
        }
        it("has failing cases", () => assert.ok(cases.failing.length > 0));
        for (const c of cases.failing) {
            it(`fails: ${c.name}`, () => {
                const result = findings(r.name, c.objects(), c.config);
                assert.strictEqual(result.length, c.count ?? 1, JSON.stringify(result));
                for (const f of result) {
                    if (c.message !== undefined) {
                        assert.ok(f.message.includes(c.message), `"${f.message}" should include "${c.message}"`);
                    }
                }
            });
        }
    });
}
