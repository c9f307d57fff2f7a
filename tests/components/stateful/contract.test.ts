import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as wl from "k8s-workloads";
import { find, ofType, render, valueOf } from "../../harness/mocks";
import { PASSWORD, T, leaks } from "./helpers";

describe("stateful contract (the issue's lines, verbatim)", () => {
    let saved: Record<string, string> = {};
    before(() => {
        saved = pulumi.runtime.allConfig();
        pulumi.runtime.setConfig("k8s-workloads:dbPassword", PASSWORD);
    });
    after(() => pulumi.runtime.setAllConfig(saved));

    it("type-checks and renders", async () => {
        const cfg = new pulumi.Config();
        const resources = await render(() => {
const pw = cfg.requireSecret("dbPassword");
new wl.StatefulService("web", { image: "nginx:1.21", replicas: 3, port: 80, storageClassName: "ebs-gp3",
  volumes: [{ name: "web-storage", mountPath: "/usr/share/nginx/html", size: "10Gi" },
            { name: "config-storage", mountPath: "/etc/nginx/conf.d", size: "1Gi" }] });
new wl.MySqlCluster("mysql", { replicas: 3, storageSize: "10Gi", rootPassword: pw });
new wl.RedisCluster("redis", { nodes: 6, replicasPerPrimary: 1, storageSize: "1Gi", password: pw });
        });
        for (const name of ["web", "mysql", "redis"]) {
            find(resources, T.statefulSet, name);
        }
        find(resources, T.service, "web-headless");
        find(resources, T.service, "mysql-read");
        find(resources, T.secret, "mysql-credentials");
        find(resources, T.secret, "redis-credentials");
        find(resources, T.job, "redis-bootstrap");
        // No password in any non-Secret resource (the harness records inputs with secrets unwrapped).
        assert.deepStrictEqual(leaks(resources, PASSWORD), []);
        assert.ok(ofType(resources, T.secret).every((r) => JSON.stringify(r.inputs).includes(PASSWORD)));
    });

    it("gives the outputs the issue names", async () => {
        const cfg = new pulumi.Config();
        let outputs: { web?: wl.StatefulService; mysql?: wl.MySqlCluster; redis?: wl.RedisCluster } = {};
        await render(() => {
            const pw = cfg.requireSecret("dbPassword");
            outputs = {
                web: new wl.StatefulService("web", { image: "nginx:1.21", replicas: 3, port: 80, namespace: "ns",
                    volumes: [{ name: "web-storage", mountPath: "/usr/share/nginx/html", size: "10Gi" }] }),
                mysql: new wl.MySqlCluster("mysql", { replicas: 3, storageSize: "10Gi", rootPassword: pw }),
                redis: new wl.RedisCluster("redis", { nodes: 6, replicasPerPrimary: 1, storageSize: "1Gi", password: pw }),
            };
        });
        const { web, mysql, redis } = outputs;
        assert.ok(web && mysql && redis);
        assert.strictEqual(await valueOf(web.headlessServiceName), "web-headless");
        assert.deepStrictEqual(await valueOf(web.podDnsNames), [
            "web-0.web-headless.ns.svc.cluster.local",
            "web-1.web-headless.ns.svc.cluster.local",
            "web-2.web-headless.ns.svc.cluster.local",
        ]);
        assert.strictEqual(await valueOf(mysql.primaryHost), "mysql-0.mysql-headless.default.svc.cluster.local");
        assert.strictEqual(await valueOf(mysql.readServiceName), "mysql-read");
        assert.strictEqual(await valueOf(mysql.secretName), "mysql-credentials");
        assert.strictEqual(await valueOf(redis.headlessServiceName), "redis-headless");
        assert.strictEqual((await valueOf(redis.seedNodes))[0], "redis-0.redis-headless.default.svc.cluster.local:6379");
        assert.strictEqual((await valueOf(redis.seedNodes)).length, 6);
    });
});
