import { stringMap } from "../lib/objects";
import { containerFinding, eachContainer, NoConfig, resourceRule, withPod } from "../lib/rulekit";
import { JsonObject, obj, objects, path, str } from "../lib/values";
import { Finding, ResourceRule } from "../types";

/** Sysctls the Pod Security Standards (baseline) consider safe. */
const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
]);

/** SELinux types the Pod Security Standards (baseline) allow. */
const SAFE_SELINUX_TYPES: ReadonlySet<string> = new Set([
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
]);

function checkSecurityContext(sc: JsonObject | undefined, where: string, out: Finding[], container?: string): void {
    if (sc === undefined) {
        return;
    }
    const seType = str(path(sc, "seLinuxOptions", "type"));
    if (seType !== undefined && !SAFE_SELINUX_TYPES.has(seType)) {
        out.push({ message: `${where} sets seLinuxOptions.type ${seType}`, container });
    }
    for (const key of ["user", "role"] as const) {
        const v = str(path(sc, "seLinuxOptions", key));
        if (v !== undefined && v !== "") {
            out.push({ message: `${where} sets seLinuxOptions.${key}`, container });
        }
    }
    if (str(path(sc, "appArmorProfile", "type")) === "Unconfined") {
        out.push({ message: `${where} sets appArmorProfile Unconfined`, container });
    }
    if (path(sc, "windowsOptions", "hostProcess") === true) {
        out.push({ message: `${where} sets windowsOptions.hostProcess: true`, container });
    }
}

/** The prefix of the legacy per-container AppArmor annotation on pod (template) metadata. */
const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/** Findings for `container.apparmor.security.beta.kubernetes.io/<container>: unconfined` annotations. */
function checkAppArmorAnnotations(metadata: JsonObject | undefined, out: Finding[]): void {
    for (const [key, value] of Object.entries(stringMap(metadata?.annotations))) {
        if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && value.trim() === "unconfined") {
            const container = key.slice(APPARMOR_ANNOTATION_PREFIX.length);
            out.push({
                message: `pod template annotation ${key}: unconfined runs the container without AppArmor: use runtime/default or localhost/<profile>`,
                container,
            });
        }
    }
}

/**
 * `unsafe-pod-options`: the rest of the Pod Security Standards baseline: no unsafe sysctls, no Unmasked procMount,
 * no custom SELinux user/role/type, no Unconfined AppArmor, no Windows hostProcess.
 */
export const unsafePodOptions: ResourceRule<NoConfig> = resourceRule("unsafe-pod-options", {
    check: (o) => [
        ...eachContainer(o, (ref, _pod, out) => {
            const sc = obj(ref.container.securityContext);
            if (str(sc?.procMount) === "Unmasked") {
                out.push(containerFinding(ref, "sets procMount: Unmasked"));
            }
            checkSecurityContext(sc, "container", out, ref.name);
        }),
        ...withPod(o, (pod, out) => {
            const sc = obj(pod.spec.securityContext);
            for (const sysctl of objects(sc?.sysctls)) {
                const name = str(sysctl.name);
                if (name !== undefined && !SAFE_SYSCTLS.has(name)) {
                    out.push({ message: `pod sets unsafe sysctl ${name}` });
                }
            }
            checkSecurityContext(sc, "pod", out);
            checkAppArmorAnnotations(pod.metadata, out);
        }),
    ],
});
