import * as assert from "assert";
import { render } from "../../harness/mocks";
import { checkPulumiResources } from "../../../policies/engine";
import { MySqlCluster, RedisCluster, StatefulService } from "../../../components/internal";
import { PASSWORD } from "./helpers";

async function violations(program: () => unknown): Promise<string[]> {
    const resources = await render(program);
    return checkPulumiResources(resources.map((r) => ({ type: r.type, props: r.inputs }))).map(
        (v) =>
            `${v.enforcementLevel} ${v.policy} ${v.kind}/${v.name}${v.container ? `[${v.container}]` : ""}: ${v.message}`,
    );
}

/** The advisories the components leave by design (see the comment in the test). */
const EXPECTED_ADVISORIES =
    /read-only-root-filesystem|run-as-non-root StatefulSet\/web|min-replicas StatefulSet\/mysql1/;

const programs = (networkPolicy?: { enabled: boolean }): Record<string, () => unknown> => ({
    StatefulService: () =>
        new StatefulService("web", {
            image: "nginx:1.21",
            port: 80,
            volumes: [{ name: "web-storage", mountPath: "/usr/share/nginx/html", size: "10Gi" }],
            networkPolicy,
        }),
    MySqlCluster: () => new MySqlCluster("mysql", { rootPassword: PASSWORD, networkPolicy }),
    "MySqlCluster (1 replica)": () =>
        new MySqlCluster("mysql1", { replicas: 1, rootPassword: PASSWORD, networkPolicy }),
    RedisCluster: () => new RedisCluster("redis", { password: PASSWORD, networkPolicy }),
});

describe("policy pack: stateful defaults", () => {
    for (const [name, program] of Object.entries(programs({ enabled: true }))) {
        it(`${name} with its NetworkPolicy passes the baseline preset`, async () => {
            const found = await violations(program);
            assert.deepStrictEqual(
                found.filter((v) => v.startsWith("mandatory")),
                [],
            );
            // Advisories left: only read-only root filesystems (MySQL and nginx write to theirs), nginx running as
            // root, and a single MySQL server in dev.
            assert.deepStrictEqual(
                found.filter((v) => !EXPECTED_ADVISORIES.test(v)),
                [],
            );
        });
    }
    for (const [name, program] of Object.entries(programs())) {
        it(`${name} by default (NetworkPolicy off) leaves only the network-policy-required advisory`, async () => {
            const found = await violations(program);
            const unexpected = found.filter((v) => !EXPECTED_ADVISORIES.test(v));
            assert.ok(unexpected.length > 0, "the default output should not create a NetworkPolicy");
            assert.deepStrictEqual(
                unexpected.filter((v) => !v.startsWith("advisory network-policy-required ")),
                [],
            );
        });
    }
});
