/** `sysctl-values`: its pass and fail cases. */
import { JsonObject } from "../../../policies/lib/values";
import { changed } from "../helpers";
import { D, podSpec, ruleSuite } from "./kit";

function sysctls(...entries: JsonObject[]) {
    return () => changed(D(), (d) => ((podSpec(d).securityContext as JsonObject).sysctls = entries));
}

ruleSuite("sysctl-values", {
    passing: [
        { name: "a plain value", objects: sysctls({ name: "net.ipv4.tcp_syncookies", value: "1" }) },
        {
            name: "a range with a space",
            objects: sysctls({ name: "net.ipv4.ip_local_port_range", value: "1024 65535" }),
        },
        { name: "a missing value", objects: sysctls({ name: "kernel.shm_rmid_forced" }) },
    ],
    failing: [
        {
            name: "the CVE-2022-0811 payload",
            objects: sysctls({ name: "kernel.shm_rmid_forced", value: "1+kernel.core_pattern=|/bin/sh -c id" }),
            message: "CVE-2022-0811",
        },
        {
            name: "an '=' alone",
            objects: sysctls({ name: "net.ipv4.tcp_syncookies", value: "1 kernel.x=1" }),
            message: '"="',
        },
        {
            name: "a newline",
            objects: sysctls({ name: "net.ipv4.tcp_syncookies", value: "1\nkernel.x=1" }),
            message: "newline",
        },
    ],
});
