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

describe("policy pack: stateful defaults", () => {
    const programs: Record<string, () => unknown> = {
        StatefulService: () =>
            new StatefulService("web", {
                image: "nginx:1.21",
                port: 80,
                volumes: [{ name: "web-storage", mountPath: "/usr/share/nginx/html", size: "10Gi" }],
            }),
        MySqlCluster: () => new MySqlCluster("mysql", { rootPassword: PASSWORD }),
        "MySqlCluster (1 replica)": () => new MySqlCluster("mysql1", { replicas: 1, rootPassword: PASSWORD }),
        RedisCluster: () => new RedisCluster("redis", { password: PASSWORD }),
    };
    for (const [name, program] of Object.entries(programs)) {
        it(`${name} passes the baseline preset`, async () => {
            const found = await violations(program);
            assert.deepStrictEqual(
                found.filter((v) => v.startsWith("mandatory")),
                [],
            );
            // Advisories left: only read-only root filesystems (MySQL and nginx write to theirs), nginx running as
            // root, and a single MySQL server in dev.
            assert.deepStrictEqual(
                found.filter(
                    (v) =>
                        !/read-only-root-filesystem|run-as-non-root StatefulSet\/web|min-replicas StatefulSet\/mysql1/.test(
                            v,
                        ),
                ),
                [],
            );
        });
    }
});
