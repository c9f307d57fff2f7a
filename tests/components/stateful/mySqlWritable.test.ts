import * as assert from "assert";
import { at, find, render } from "../../harness/mocks";
import { MySqlCluster, MySqlClusterArgs, MySqlFlavor } from "../../../components";
import { mySqlWritableDirs, writableVolumes } from "../../../components/internal";
import { CLONE_MARIADB_SCRIPT, MARIABACKUP_SCRIPT } from "../../../components/stateful/mariadbScripts";
import {
    CLONE_MYSQL_SCRIPT,
    CREATE_REPLICATION_USER_SCRIPT,
    INIT_MYSQL_SCRIPT,
    XTRABACKUP_SCRIPT,
} from "../../../components/stateful/mysqlScripts";
import { fillTemplate } from "../../../components/stateful/templates";
import { PASSWORD, T } from "./helpers";

interface Mount {
    readonly name: string;
    readonly mountPath: string;
    readonly subPath?: string;
    readonly readOnly?: boolean;
}
interface Container {
    readonly name: string;
    readonly volumeMounts?: Mount[];
    readonly securityContext?: unknown;
}
interface Volume {
    readonly name: string;
    readonly emptyDir?: object;
    readonly configMap?: object;
}

async function renderPod(args: MySqlClusterArgs) {
    const resources = await render(() => new MySqlCluster("db", args));
    const spec = at(find(resources, T.statefulSet, "db").inputs, "spec.template.spec") as {
        containers: Container[];
        initContainers: Container[];
        volumes: Volume[];
    };
    const all = [...spec.initContainers, ...spec.containers];
    return { spec, byName: Object.fromEntries(all.map((c) => [c.name, c])) as Record<string, Container> };
}

/** The hardened securityContext every MySqlCluster container has: the mysql user and a read-only root. */
const SECURITY = {
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
    runAsNonRoot: true,
    runAsUser: 999,
    runAsGroup: 999,
    readOnlyRootFilesystem: true,
};

const DATA = [
    { name: "data", mountPath: "/var/lib/mysql", subPath: "mysql" },
    { name: "conf", mountPath: "/etc/mysql/conf.d" },
];
const INITDB = {
    name: "config-map",
    mountPath: "/docker-entrypoint-initdb.d/create-replication-user.sh",
    subPath: "create-replication-user.sh",
    readOnly: true,
};

/** The mounts of every container, per flavor: its own /tmp, and the server's run directory in mysql. */
function expectedMounts(sidecar: string, runDir: string): Record<string, Mount[]> {
    return {
        "init-mysql": [
            { name: "conf", mountPath: "/mnt/conf.d" },
            { name: "config-map", mountPath: "/mnt/config-map" },
            { name: "init-mysql-tmp", mountPath: "/tmp" },
        ],
        "clone-mysql": [...DATA, { name: "clone-mysql-tmp", mountPath: "/tmp" }],
        mysql: [...DATA, INITDB, { name: "mysql-tmp", mountPath: "/tmp" }, { name: "mysql-run", mountPath: runDir }],
        [sidecar]: [...DATA, { name: `${sidecar}-tmp`, mountPath: "/tmp" }],
    };
}

/** The paths under which a container may write: its mounts of the data claim and of emptyDirs, not read-only. */
function writableRoots(container: Container, volumes: readonly Volume[]): string[] {
    const emptyDirs = new Set(volumes.filter((v) => v.emptyDir !== undefined).map((v) => v.name));
    return (container.volumeMounts ?? [])
        .filter((m) => m.readOnly !== true && (m.name === "data" || emptyDirs.has(m.name)))
        .map((m) => m.mountPath);
}

/**
 * The paths a shell script writes, as far as its commands show them: redirections (`>`, `>>`), the destination of
 * `cp`/`mv`, the files `rm` removes, `-C <dir>` of xbstream/mbstream and `--target-dir=` of the backup tools;
 * relative paths resolve against the last `cd`. A here-document or here-string writes a temporary file under
 * bash's TMPDIR, `/tmp` (bash before 5.1 always does; later versions when the text outgrows a pipe).
 */
function writtenPaths(script: string): string[] {
    const paths: string[] = [];
    let cwd: string | undefined;
    const resolve = (p: string) => (p.startsWith("/") ? p : cwd === undefined ? `?/${p}` : `${cwd}/${p}`);
    for (const raw of script.split("\n")) {
        const line = raw.replace(/^\s*#.*$/, "");
        const cd = /^\s*cd\s+(\S+)/.exec(line);
        if (cd) {
            cwd = cd[1];
        }
        for (const m of line.matchAll(/(?<![0-9&<])>>?\s*([^\s;|&)'"]+)/g)) {
            if (!m[1].startsWith("/dev/") && !m[1].startsWith("&")) {
                paths.push(resolve(m[1]));
            }
        }
        for (const m of line.matchAll(/(?:-C\s+|--target-dir=)([^\s'"]+)/g)) {
            paths.push(resolve(m[1]));
        }
        for (const m of line.matchAll(/\b(?:cp|mv)\s+(?:-\S+\s+)*\S+\s+([^\s;|&]+)/g)) {
            paths.push(resolve(m[1]));
        }
        for (const m of line.matchAll(/\brm\s+(?:-\S+\s+)*([^;|&]+)/g)) {
            paths.push(...m[1].trim().split(/\s+/).map(resolve));
        }
        if (/<<<?/.test(line)) {
            paths.push("/tmp/<here-document>");
        }
    }
    return paths;
}

/** The written paths of a script that fall outside every writable root. */
function outsideWritable(script: string, roots: readonly string[]): string[] {
    return writtenPaths(script).filter((p) => !roots.some((r) => p === r || p.startsWith(`${r}/`)));
}

const VALUES = { SET: "db", HEADLESS: "db-headless", PRIMARY: "db-0.db-headless", PORT: "3307" };

describe("MySqlCluster: read-only root filesystems", () => {
    const flavors = [
        { flavor: MySqlFlavor.Mysql, sidecar: "xtrabackup", runDir: "/var/run/mysqld" },
        { flavor: MySqlFlavor.Mariadb, sidecar: "mariabackup", runDir: "/run/mysqld" },
    ] as const;
    for (const f of flavors) {
        it(`${f.flavor}: every container has a read-only root and exactly its own writable emptyDirs`, async () => {
            const { spec, byName } = await renderPod({ flavor: f.flavor, rootPassword: PASSWORD });
            const expected = expectedMounts(f.sidecar, f.runDir);
            assert.deepStrictEqual(Object.keys(byName).sort(), Object.keys(expected).sort());
            for (const [name, mounts] of Object.entries(expected)) {
                assert.deepStrictEqual(byName[name].securityContext, SECURITY, `${name} securityContext`);
                assert.deepStrictEqual(byName[name].volumeMounts, mounts, `${name} volumeMounts`);
            }
            assert.deepStrictEqual(spec.volumes, [
                { name: "conf", emptyDir: {} },
                { name: "config-map", configMap: { name: "db-config" } },
                { name: "init-mysql-tmp", emptyDir: {} },
                { name: "clone-mysql-tmp", emptyDir: {} },
                { name: "mysql-tmp", emptyDir: {} },
                { name: "mysql-run", emptyDir: {} },
                { name: `${f.sidecar}-tmp`, emptyDir: {} },
            ]);
        });
    }

    it("every path a script writes is under a writable mount of the container that runs it (both flavors)", async () => {
        for (const f of flavors) {
            const { spec, byName } = await renderPod({ flavor: f.flavor, rootPassword: PASSWORD });
            const scripts: Record<string, string> =
                f.flavor === MySqlFlavor.Mysql
                    ? {
                          "init-mysql": INIT_MYSQL_SCRIPT,
                          "clone-mysql": fillTemplate(CLONE_MYSQL_SCRIPT, VALUES),
                          // The entrypoint sources it in the server container.
                          mysql: CREATE_REPLICATION_USER_SCRIPT,
                          xtrabackup: fillTemplate(XTRABACKUP_SCRIPT, VALUES),
                      }
                    : {
                          "init-mysql": INIT_MYSQL_SCRIPT,
                          "clone-mysql": fillTemplate(CLONE_MARIADB_SCRIPT, VALUES),
                          mysql: CREATE_REPLICATION_USER_SCRIPT,
                          mariabackup: fillTemplate(MARIABACKUP_SCRIPT, VALUES),
                      };
            for (const [name, script] of Object.entries(scripts)) {
                assert.ok(writtenPaths(script).length > 0, `${f.flavor} ${name}: the script writes something`);
                assert.deepStrictEqual(
                    outsideWritable(script, writableRoots(byName[name], spec.volumes)),
                    [],
                    `${f.flavor} ${name} writes outside its writable mounts`,
                );
            }
        }
    });

    it("the write check catches a path outside the writable mounts, a relative write without cd, and /tmp", () => {
        assert.deepStrictEqual(outsideWritable("echo a > /etc/x\nmv /var/lib/mysql/a /var/tmp/b", ["/var/lib/mysql"]), [
            "/etc/x",
            "/var/tmp/b",
        ]);
        assert.deepStrictEqual(outsideWritable("echo a > rel.txt 2>/dev/null", ["/var/lib/mysql"]), ["?/rel.txt"]);
        assert.deepStrictEqual(outsideWritable("cd /var/lib/mysql\nrm -f a b", ["/var/lib/mysql"]), []);
        assert.deepStrictEqual(outsideWritable("mysql <<EOF\nSELECT 1;\nEOF", ["/var/lib/mysql"]), [
            "/tmp/<here-document>",
        ]);
        assert.deepStrictEqual(writtenPaths(fillTemplate(XTRABACKUP_SCRIPT, VALUES)).sort(), [
            "/tmp/<here-document>",
            "/tmp/xtrabackup",
            "/var/lib/mysql/change_master_to.sql.in",
            "/var/lib/mysql/change_master_to.sql.in",
            "/var/lib/mysql/change_master_to.sql.orig",
            "/var/lib/mysql/xtrabackup_binlog_info",
            "/var/lib/mysql/xtrabackup_binlog_info",
            "/var/lib/mysql/xtrabackup_slave_info",
            "/var/lib/mysql/xtrabackup_slave_info",
        ]);
    });

    it("adds the shared writablePaths to the mysql container only, skipping the paths it already mounts", async () => {
        const { spec, byName } = await renderPod({ rootPassword: PASSWORD, writablePaths: ["/tmp", "/var/cache"] });
        assert.deepStrictEqual(byName.mysql.volumeMounts?.slice(-3), [
            { name: "mysql-tmp", mountPath: "/tmp" },
            { name: "mysql-run", mountPath: "/var/run/mysqld" },
            { name: "writable-1", mountPath: "/var/cache" },
        ]);
        assert.deepStrictEqual(spec.volumes.slice(-1), [{ name: "writable-1", emptyDir: {} }]);
        for (const name of ["init-mysql", "clone-mysql", "xtrabackup"]) {
            assert.ok(!(byName[name].volumeMounts ?? []).some((m) => m.name.startsWith("writable-")), name);
        }
    });

    it("names one emptyDir per container and path (pure helpers)", () => {
        const dirs = mySqlWritableDirs({ init: "i", clone: "c", server: "s", sidecar: "b" }, "/run/x");
        assert.deepStrictEqual(dirs.server, [
            { volume: "s-tmp", mountPath: "/tmp" },
            { volume: "s-run", mountPath: "/run/x" },
        ]);
        assert.deepStrictEqual(
            writableVolumes(dirs).map((v) => v.name),
            ["i-tmp", "c-tmp", "s-tmp", "s-run", "b-tmp"],
        );
    });
});
