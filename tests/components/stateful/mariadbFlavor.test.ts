import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { at, find, render, validationError } from "../../harness/mocks";
import {
    DEFAULT_MARIADB_IMAGE,
    DEFAULT_MYSQL_IMAGE,
    MySqlCluster,
    MySqlClusterArgs,
    MySqlFlavor,
} from "../../../components";
import { CLONE_MARIADB_SCRIPT, MARIABACKUP_SCRIPT } from "../../../components/stateful/mariadbScripts";
import { fillTemplate } from "../../../components/stateful/templates";
import { PASSWORD, T, leaks, problemLine } from "./helpers";

type Container = { name: string; image: string; command?: string[] };

function containers(set: unknown, key: "containers" | "initContainers"): Record<string, Container> {
    const list = at(set, `spec.template.spec.${key}`) as Container[];
    return Object.fromEntries(list.map((c) => [c.name, c]));
}

async function renderSet(args: MySqlClusterArgs) {
    const resources = await render(() => new MySqlCluster("db", args));
    return { resources, set: find(resources, T.statefulSet, "db").inputs };
}

const VALUES = { SET: "db", HEADLESS: "db-headless", PRIMARY: "db-0.db-headless", PORT: "3307" };

/**
 * Runs the sidecar script's position-parsing part (everything before it talks to the server) in a scratch data
 * directory holding `files`, and returns the statement it prepared, or undefined when it prepared none.
 */
function preparedStatement(files: Record<string, string>): string | undefined {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mariadb-flavor-"));
    try {
        for (const [name, text] of Object.entries(files)) {
            fs.writeFileSync(path.join(dir, name), text);
        }
        const script = fillTemplate(MARIABACKUP_SCRIPT, VALUES);
        const parsing = script.slice(0, script.indexOf("# Check if we need")).replace("cd /var/lib/mysql", `cd ${dir}`);
        execFileSync("bash", ["--norc", "--noprofile", "-c", parsing], { env: { PATH: process.env.PATH ?? "" } });
        const out = path.join(dir, "change_master_to.sql.in");
        assert.deepStrictEqual(
            fs.readdirSync(dir).filter((f) => /_info$/.test(f)),
            [],
            "the clone's info files are consumed",
        );
        return fs.existsSync(out) ? fs.readFileSync(out, "utf8") : undefined;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("MySqlCluster flavor mariadb", () => {
    it("runs MariaDB from one pinned image: server, clone and the mariabackup sidecar", async () => {
        const { resources, set } = await renderSet({ flavor: MySqlFlavor.Mariadb, rootPassword: PASSWORD });
        const init = containers(set, "initContainers");
        const main = containers(set, "containers");
        assert.deepStrictEqual(Object.keys(init), ["init-mysql", "clone-mysql"]);
        assert.deepStrictEqual(Object.keys(main), ["mysql", "mariabackup"]);
        for (const c of [...Object.values(init), ...Object.values(main)]) {
            assert.strictEqual(c.image, DEFAULT_MARIADB_IMAGE, `${c.name} image`);
        }
        assert.strictEqual(DEFAULT_MARIADB_IMAGE, "mariadb:10.11.10");

        const clone = init["clone-mysql"].command?.[2] ?? "";
        assert.strictEqual(clone, fillTemplate(CLONE_MARIADB_SCRIPT, VALUES));
        assert.match(clone, /ncat --recv-only "\$\{peer\}" 3307 \| mbstream -x -C \/var\/lib\/mysql/);
        assert.match(clone, /mariabackup --prepare --target-dir=\/var\/lib\/mysql/);
        assert.match(clone, /set -eo pipefail/);

        const sidecar = main.mariabackup;
        assert.deepStrictEqual(at(sidecar, "ports"), [{ name: "mariabackup", containerPort: 3307, protocol: "TCP" }]);
        const script = sidecar.command?.[2] ?? "";
        assert.strictEqual(script, fillTemplate(MARIABACKUP_SCRIPT, VALUES));
        assert.match(script, /MASTER_HOST='db-0\.db-headless'/);
        assert.match(script, /until mariadb -h 127\.0\.0\.1 -u root -e "SELECT 1"/);
        assert.match(script, /exec ncat --listen --keep-open --send-only --max-conns=1 3307 -c "mariabackup --backup/);
        assert.doesNotMatch(script, /GET_MASTER_PUBLIC_KEY|xtrabackup --|socat|set -x/);

        assert.deepStrictEqual(at(main.mysql, "readinessProbe.exec.command"), [
            "bash",
            "-c",
            'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mariadb -h 127.0.0.1 -u root -e "SELECT 1"',
        ]);
        assert.deepStrictEqual(at(main.mysql, "livenessProbe.exec.command"), [
            "bash",
            "-c",
            'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mariadb-admin -u root ping',
        ]);
        assert.ok(at(sidecar, "readinessProbe.exec.command"));

        const data = at(find(resources, T.configMap, "db-config").inputs, "data") as Record<string, string>;
        assert.match(data["replica.cnf"], /\[mysqld\]\nread-only\n/);
        assert.doesNotMatch(data["replica.cnf"], /super-read-only/);
        assert.match(data["primary.cnf"], /\[mysqld\]\nlog-bin\n/);
        assert.deepStrictEqual(leaks(resources, PASSWORD), []);
    });

    it("takes a local image for every container, and a separate backup image when given", async () => {
        const local = "k8s-workloads.local/mariadb:10.11";
        const one = containers(
            (await renderSet({ flavor: "mariadb", rootPassword: PASSWORD, image: local })).set,
            "containers",
        );
        assert.deepStrictEqual(
            Object.values(one).map((c) => c.image),
            [local, local],
        );
        const two = await renderSet({
            flavor: "mariadb",
            rootPassword: PASSWORD,
            image: local,
            xtrabackupImage: "registry.example.com/mariabackup:10.11.10",
        });
        assert.strictEqual(
            containers(two.set, "initContainers")["clone-mysql"].image,
            "registry.example.com/mariabackup:10.11.10",
        );
        assert.strictEqual(containers(two.set, "initContainers")["init-mysql"].image, local);
        assert.strictEqual(
            containers(two.set, "containers").mariabackup.image,
            "registry.example.com/mariabackup:10.11.10",
        );
    });

    it('renders the same MySQL StatefulSet for flavor "mysql" as without a flavor', async () => {
        const plain = await renderSet({ rootPassword: pulumi.secret(PASSWORD) });
        const mysql = await renderSet({ rootPassword: pulumi.secret(PASSWORD), flavor: "mysql" });
        assert.deepStrictEqual(mysql.set, plain.set);
        assert.strictEqual(containers(mysql.set, "containers").mysql.image, DEFAULT_MYSQL_IMAGE);
        assert.deepStrictEqual(Object.keys(containers(mysql.set, "containers")), ["mysql", "xtrabackup"]);
    });

    it("rejects an unknown flavor, naming the field, the value and the fix", () => {
        // @ts-expect-error a JavaScript caller can pass any string; the run-time check names the bad value
        const message = validationError(() => new MySqlCluster("bad", { rootPassword: PASSWORD, flavor: "percona" }));
        assert.strictEqual(
            problemLine(message, "flavor"),
            `flavor must be one of "mysql", "mariadb" (got "percona"); use "mariadb" for MariaDB images, or leave it unset for MySQL`,
        );
    });

    describe("the sidecar's clone position (run in bash)", () => {
        it("a clone of the primary: binlog file and position, the GTID column dropped", () => {
            assert.strictEqual(
                preparedStatement({ xtrabackup_binlog_info: "mysql-0-bin.000002\t642\t0-100-7\n" }),
                "CHANGE MASTER TO MASTER_LOG_FILE='mysql-0-bin.000002', MASTER_LOG_POS=642\n",
            );
        });

        it("a clone of a replica: its statement without the final semicolon (file/position and GTID forms)", () => {
            assert.strictEqual(
                preparedStatement({
                    xtrabackup_slave_info:
                        "CHANGE MASTER TO MASTER_LOG_FILE='mysql-0-bin.000002', MASTER_LOG_POS=642;\n",
                    xtrabackup_binlog_info: "mysql-1-bin.000001\t329\t\n",
                }),
                "CHANGE MASTER TO MASTER_LOG_FILE='mysql-0-bin.000002', MASTER_LOG_POS=642\n",
            );
            assert.strictEqual(
                preparedStatement({
                    mariadb_backup_slave_info:
                        "SET GLOBAL gtid_slave_pos = '0-100-7';\nCHANGE MASTER TO master_use_gtid = slave_pos;\n",
                }),
                "SET GLOBAL gtid_slave_pos = '0-100-7';\nCHANGE MASTER TO master_use_gtid = slave_pos\n",
            );
        });

        it("no clone (the primary, or a restarted replica): no statement", () => {
            assert.strictEqual(preparedStatement({}), undefined);
            assert.strictEqual(preparedStatement({ xtrabackup_slave_info: "" }), undefined);
        });
    });
});
