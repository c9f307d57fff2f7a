import { containerFinding, containerRule } from "../lib/rulekit";
import { JsonObject, deepEqual, containsUnknown, isUnknown, num, obj, objects, str } from "../lib/values";
import { Finding } from "../types";
import { ContainerRef } from "../lib/podspec";

const PROBES = ["readinessProbe", "livenessProbe", "startupProbe"] as const;

function portNames(container: JsonObject): Set<string> {
    const names = new Set<string>();
    for (const port of objects(container.ports)) {
        const name = str(port.name);
        if (name !== undefined) {
            names.add(name);
        }
    }
    return names;
}

function checkProbe(
    ref: ContainerRef,
    key: string,
    probe: JsonObject,
    ports: Set<string> | undefined,
    out: Finding[],
): void {
    const period = isUnknown(probe.periodSeconds) ? undefined : (num(probe.periodSeconds) ?? 10);
    const timeout = isUnknown(probe.timeoutSeconds) ? undefined : (num(probe.timeoutSeconds) ?? 1);
    if (period !== undefined && timeout !== undefined && timeout >= period) {
        out.push(
            containerFinding(
                ref,
                `${key}.timeoutSeconds (${timeout}) must be less than periodSeconds (${period}): probes would overlap`,
            ),
        );
    }
    for (const handlerKey of ["httpGet", "tcpSocket", "grpc"] as const) {
        const handler = obj(probe[handlerKey]);
        if (handler === undefined) {
            continue;
        }
        const host = str(handler.host);
        if (host !== undefined && host !== "") {
            out.push(
                containerFinding(
                    ref,
                    `${key}.${handlerKey}.host is set to "${host}": probes must target the pod itself (the field lets a pod make the kubelet connect elsewhere)`,
                ),
            );
        }
        const port = str(handler.port);
        if (port !== undefined && !/^\d+$/.test(port) && ports !== undefined && !ports.has(port)) {
            out.push(
                containerFinding(
                    ref,
                    `${key}.${handlerKey}.port names "${port}", but the container has no port of that name`,
                ),
            );
        }
    }
}

/**
 * `probe-sanity`: probes that can work. The liveness probe differs from the readiness probe; timeoutSeconds is less
 * than periodSeconds; a named probe port exists among the container's ports; no `host` field.
 */
export const probeSanity = containerRule("probe-sanity", {
    containers: "resourced",
    visit: (ref, _pod, out) => {
        const c = ref.container;
        const ports = isUnknown(c.ports) || containsUnknown(c.ports) ? undefined : portNames(c);
        for (const key of PROBES) {
            const probe = obj(c[key]);
            if (probe !== undefined) {
                checkProbe(ref, key, probe, ports, out);
            }
        }
        const readiness = obj(c.readinessProbe);
        const liveness = obj(c.livenessProbe);
        if (
            readiness !== undefined &&
            liveness !== undefined &&
            !containsUnknown(readiness) &&
            !containsUnknown(liveness) &&
            deepEqual(readiness, liveness)
        ) {
            out.push(
                containerFinding(
                    ref,
                    "livenessProbe is identical to readinessProbe: a slow dependency would restart the container instead of just taking it out of rotation",
                ),
            );
        }
    },
});
