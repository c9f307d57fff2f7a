import {
    isDns1035Label,
    isDns1123Label,
    isDns1123Subdomain,
    isLabelValue,
    isPortName,
    isQualifiedName,
} from "../../../contract";
import { RecordedResource } from "../../harness/mocks";

/** Kinds whose name must be a DNS-1123 label, and the shorter limits of StatefulSets and CronJobs. */
const LABEL_NAMED = ["Deployment", "DaemonSet", "Job"];
const SHORT_NAMED: Record<string, number> = { StatefulSet: 52, CronJob: 52 };

function kindOf(type: string): string {
    return type.split(":").pop() ?? type;
}

function checkLabels(where: string, labels: unknown, problems: string[]): void {
    for (const [key, value] of Object.entries((labels ?? {}) as Record<string, unknown>)) {
        if (!isQualifiedName(key)) problems.push(`${where}: label key ${JSON.stringify(key)}`);
        if (typeof value !== "string" || !isLabelValue(value)) {
            problems.push(`${where}: label ${key}=${JSON.stringify(value)}`);
        }
    }
}

function checkPodSpec(where: string, spec: Record<string, unknown> | undefined, problems: string[]): void {
    const containers = (spec?.containers ?? []) as Record<string, unknown>[];
    for (const c of containers) {
        const names = ((c.ports ?? []) as Record<string, unknown>[]).map((p) => p.name);
        names.forEach((n) => {
            if (typeof n !== "string" || !isPortName(n)) problems.push(`${where}: port name ${JSON.stringify(n)}`);
        });
        if (new Set(names).size !== names.length) problems.push(`${where}: duplicate port names ${names.join(",")}`);
        const paths = ((c.volumeMounts ?? []) as Record<string, unknown>[]).map((m) => m.mountPath);
        if (new Set(paths).size !== paths.length) problems.push(`${where}: duplicate mount paths ${paths.join(",")}`);
    }
    const volumes = ((spec?.volumes ?? []) as Record<string, unknown>[]).map((v) => v.name);
    volumes.forEach((n) => {
        if (typeof n !== "string" || !isDns1123Label(n)) problems.push(`${where}: volume name ${JSON.stringify(n)}`);
    });
    if (new Set(volumes).size !== volumes.length)
        problems.push(`${where}: duplicate volume names ${volumes.join(",")}`);
}

function podTemplateOf(spec: Record<string, unknown>): Record<string, unknown> | undefined {
    const jobSpec = (spec.jobTemplate as Record<string, unknown> | undefined)?.spec as
        Record<string, unknown> | undefined;
    return (spec.template ?? jobSpec?.template) as Record<string, unknown> | undefined;
}

function matchLabelsOf(selector: unknown): unknown {
    return (selector as Record<string, unknown> | undefined)?.matchLabels;
}

/** The selectors of a NetworkPolicy: its pod selector and every peer's pod and namespace selectors. */
function checkNetworkPolicy(where: string, spec: Record<string, unknown>, problems: string[]): void {
    checkLabels(`${where} podSelector`, matchLabelsOf(spec.podSelector), problems);
    for (const rule of (spec.ingress ?? []) as Record<string, unknown>[]) {
        for (const peer of (rule.from ?? []) as Record<string, unknown>[]) {
            checkLabels(`${where} from.podSelector`, matchLabelsOf(peer.podSelector), problems);
            checkLabels(`${where} from.namespaceSelector`, matchLabelsOf(peer.namespaceSelector), problems);
        }
    }
}

function checkName(kind: string, name: unknown, problems: string[]): void {
    const where = `${kind}/${String(name)}`;
    if (typeof name !== "string" || !isDns1123Subdomain(name)) {
        problems.push(`${where}: name is not a DNS-1123 subdomain`);
    } else if (kind === "Service" && !isDns1035Label(name)) {
        problems.push(`${where}: Service name is not a DNS-1035 label`);
    } else if (LABEL_NAMED.includes(kind) && !isDns1123Label(name)) {
        problems.push(`${where}: name is not a DNS-1123 label`);
    } else if (SHORT_NAMED[kind] !== undefined && name.length > SHORT_NAMED[kind]) {
        problems.push(`${where}: name is over ${SHORT_NAMED[kind]} characters`);
    }
}

/** What the API server would reject in the rendered objects, by Kubernetes' name, label and port rules. */
export function apiServerProblems(resources: readonly RecordedResource[]): string[] {
    const problems: string[] = [];
    for (const r of resources.filter((x) => x.type.startsWith("kubernetes:"))) {
        const kind = kindOf(r.type);
        const meta = (r.inputs.metadata ?? {}) as Record<string, unknown>;
        const where = `${kind}/${String(meta.name)}`;
        checkName(kind, meta.name, problems);
        checkLabels(where, meta.labels, problems);
        for (const key of Object.keys(meta.annotations ?? {})) {
            if (!isQualifiedName(key)) problems.push(`${where}: annotation key ${JSON.stringify(key)}`);
        }
        const spec = (r.inputs.spec ?? {}) as Record<string, unknown>;
        const template = podTemplateOf(spec);
        if (template) {
            checkLabels(
                `${where} template`,
                (template.metadata as Record<string, unknown> | undefined)?.labels,
                problems,
            );
            checkPodSpec(where, template.spec as Record<string, unknown> | undefined, problems);
        }
        if (kind === "NetworkPolicy") {
            checkNetworkPolicy(where, spec, problems);
        }
        if (kind === "Service") {
            const ports = ((spec.ports ?? []) as Record<string, unknown>[]).map((p) => p.name);
            if (new Set(ports).size !== ports.length) problems.push(`${where}: duplicate Service port names`);
        }
    }
    return problems;
}
