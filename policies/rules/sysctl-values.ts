import { NoConfig, podRule } from "../lib/rulekit";
import { obj, objects, str } from "../lib/values";
import { ResourceRule } from "../types";

/** Characters that let one sysctl value set another (CVE-2022-0811 in CRI-O's pinns). */
const INJECTION = /[+=\n\r\0]/;

function shown(char: string): string {
    return char === "\n" ? "a newline" : char === "\r" ? "a carriage return" : char === "\0" ? "a NUL" : `"${char}"`;
}

/**
 * `sysctl-values`: a pod sysctl's value holds only the value: no `+`, `=` or line breaks that a runtime could read
 * as further settings (the 2022 CRI-O sysctl injection, CVE-2022-0811).
 */
export const sysctlValues: ResourceRule<NoConfig> = podRule("sysctl-values", (pod, out) => {
    for (const sysctl of objects(obj(pod.spec.securityContext)?.sysctls)) {
        const name = str(sysctl.name) ?? "?";
        const value = str(sysctl.value);
        const bad = value === undefined ? null : INJECTION.exec(value);
        if (bad !== null) {
            out.push({
                message: `${pod.specPath.join(".")}.securityContext.sysctls ${name} has the value ${JSON.stringify(value)}, which contains ${shown(bad[0])}: a runtime may read it as a second setting (CVE-2022-0811)`,
            });
        }
    }
});
