import { CountOrPercent, parseIntOrString, resolveCountOrPercent } from "../../contract/intOrString";
import { kindOf } from "../lib/objects";
import { NoConfig, resourceRule } from "../lib/rulekit";
import { isUnknown, num, obj, path, str } from "../lib/values";
import { Finding, ResourceRule } from "../types";

/** An IntOrString rollout value (a count or a percentage) with its text as written. */
type Amount = CountOrPercent & { readonly text: string };

function amount(raw: unknown): Amount | undefined {
    const parsed = parseIntOrString(raw);
    return parsed === undefined ? undefined : { ...parsed, text: String(raw) };
}

function resolve(a: Amount, replicas: number): number {
    return resolveCountOrPercent(a, replicas, "down");
}

function invalid(field: string, raw: unknown, out: Finding[]): void {
    if (raw !== undefined && raw !== null && !isUnknown(raw) && amount(raw) === undefined) {
        out.push({ message: `${field} ${JSON.stringify(raw)} is neither an integer nor a percentage` });
    }
}

function deployment(spec: Record<string, unknown>, out: Finding[]): void {
    const replicasRaw = spec.replicas;
    if (isUnknown(replicasRaw)) {
        return;
    }
    const replicas = num(replicasRaw) ?? 1;
    const strategy = obj(spec.strategy);
    const type = str(strategy?.type) ?? "RollingUpdate";
    const rolling = obj(strategy?.rollingUpdate);
    if (type === "Recreate") {
        if (rolling !== undefined) {
            out.push({ message: "spec.strategy.rollingUpdate is set with type Recreate" });
        }
        return;
    }
    const surgeRaw = rolling?.maxSurge;
    const unavailableRaw = rolling?.maxUnavailable;
    if (isUnknown(surgeRaw) || isUnknown(unavailableRaw)) {
        return;
    }
    invalid("maxSurge", surgeRaw, out);
    invalid("maxUnavailable", unavailableRaw, out);
    const surge = amount(surgeRaw ?? "25%");
    const unavailable = amount(unavailableRaw ?? "25%");
    if (surge === undefined || unavailable === undefined) {
        return;
    }
    if (surge.value === 0 && unavailable.value === 0) {
        out.push({ message: "maxSurge and maxUnavailable are both 0: the rollout can never progress" });
    }
    if (unavailable.kind === "percent" && unavailable.value > 100) {
        out.push({ message: `maxUnavailable ${unavailable.text} is over 100%` });
    }
    const resolved = resolve(unavailable, replicas);
    if (replicas > 1 && resolved >= replicas) {
        out.push({
            message: `maxUnavailable ${unavailable.text} resolves to ${resolved} of ${replicas} replicas: a rollout may take every pod down`,
        });
    }
    const progress = num(spec.progressDeadlineSeconds);
    const minReady = num(spec.minReadySeconds);
    if (progress !== undefined && minReady !== undefined && progress <= minReady) {
        out.push({
            message: `progressDeadlineSeconds (${progress}) must be greater than minReadySeconds (${minReady})`,
        });
    }
}

function statefulSet(spec: Record<string, unknown>, out: Finding[]): void {
    if (isUnknown(spec.replicas)) {
        return;
    }
    const replicas = num(spec.replicas) ?? 1;
    const rolling = obj(path(spec, "updateStrategy", "rollingUpdate"));
    if (rolling === undefined) {
        return;
    }
    const partition = num(rolling.partition);
    if (partition !== undefined && partition > replicas) {
        out.push({
            message: `updateStrategy.rollingUpdate.partition ${partition} is above replicas ${replicas}: no pod would ever be updated`,
        });
    }
    invalid("maxUnavailable", rolling.maxUnavailable, out);
    const unavailable = amount(rolling.maxUnavailable);
    if (unavailable !== undefined) {
        const resolved = Math.max(resolve(unavailable, replicas), 1);
        if (unavailable.value === 0) {
            out.push({ message: "updateStrategy.rollingUpdate.maxUnavailable is 0: the rollout can never progress" });
        } else if (replicas > 1 && resolved >= replicas) {
            out.push({
                message: `updateStrategy.rollingUpdate.maxUnavailable ${unavailable.text} resolves to ${resolved} of ${replicas} replicas`,
            });
        }
    }
}

function daemonSet(spec: Record<string, unknown>, out: Finding[]): void {
    const rolling = obj(path(spec, "updateStrategy", "rollingUpdate"));
    if (rolling === undefined || isUnknown(rolling.maxSurge) || isUnknown(rolling.maxUnavailable)) {
        return;
    }
    invalid("maxSurge", rolling.maxSurge, out);
    invalid("maxUnavailable", rolling.maxUnavailable, out);
    const surge = amount(rolling.maxSurge ?? 0);
    const unavailable = amount(rolling.maxUnavailable ?? 1);
    if (surge === undefined || unavailable === undefined) {
        return;
    }
    if (surge.value === 0 && unavailable.value === 0) {
        out.push({ message: "DaemonSet maxSurge and maxUnavailable are both 0: the rollout can never progress" });
    }
    if (unavailable.kind === "percent" && unavailable.value >= 100) {
        out.push({ message: `DaemonSet maxUnavailable ${unavailable.text} would update every node at once` });
    }
}

/**
 * `rollout-parameters-valid`: rollouts that can progress without taking everything down. Deployments: maxSurge and
 * maxUnavailable not both 0, maxUnavailable below replicas, progressDeadlineSeconds > minReadySeconds.
 * StatefulSets: partition ≤ replicas, maxUnavailable sane. DaemonSets: maxSurge/maxUnavailable not both 0 and
 * maxUnavailable below 100%.
 */
export const rolloutParametersValid: ResourceRule<NoConfig> = resourceRule("rollout-parameters-valid", {
    check: (o) => {
        const spec = obj(o.spec);
        const out: Finding[] = [];
        if (spec === undefined) {
            return out;
        }
        switch (kindOf(o)) {
            case "Deployment":
                deployment(spec, out);
                break;
            case "StatefulSet":
                statefulSet(spec, out);
                break;
            case "DaemonSet":
                daemonSet(spec, out);
                break;
            default:
                break;
        }
        return out;
    },
});
