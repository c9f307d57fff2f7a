/**
 * The MariaDB flavor of {@link MySqlCluster}: the same topology as the guide's MySQL (a primary, replicas that clone
 * the previous peer and replicate from the primary's binlog), with MariaDB's own tools: `mariabackup` and `mbstream`
 * instead of XtraBackup and xbstream, `ncat` instead of socat, the `mariadb` and `mariadb-admin` clients, and
 * `read-only` on replicas (MariaDB has no `super-read-only`).
 *
 * As in the MySQL flavor, passwords never appear in these scripts: they come from `$MYSQL_ROOT_PASSWORD` and
 * `$MYSQL_REPLICATION_PASSWORD` (Secret keys) at run time and reach the clients through `MYSQL_PWD` or SQL on
 * standard input, and no script uses `set -x`.
 */
import {
    CLONE_FROM_PREVIOUS_PEER,
    CLONE_MYSQL_SCRIPT,
    MYSQL_LIVENESS_COMMAND,
    MYSQL_READINESS_COMMAND,
    REPLICA_CNF,
    XTRABACKUP_LISTEN_COMMAND,
    XTRABACKUP_SCRIPT,
    asRootClient,
} from "./mysqlScripts";

/** The server flavors of a MySqlCluster. */
export const MySqlFlavor = {
    /** MySQL 8 with Percona XtraBackup (the guide's). */
    Mysql: "mysql",
    /** MariaDB with mariabackup, from one image. */
    Mariadb: "mariadb",
} as const;
/** One of {@link MySqlFlavor}. */
export type MySqlFlavor = (typeof MySqlFlavor)[keyof typeof MySqlFlavor];

/** MariaDB 10.11 (an LTS release), pinned; it ships mariabackup and mbstream, so it also runs the clone and sidecar. */
export const DEFAULT_MARIADB_IMAGE = "mariadb:10.11.10";

/** MariaDB's clone-mysql: stream a mariabackup from the previous peer with ncat, unpack it with mbstream, prepare it. */
export const CLONE_MARIADB_SCRIPT = [
    "set -eo pipefail",
    ...CLONE_FROM_PREVIOUS_PEER,
    'ncat --recv-only "${peer}" {{PORT}} | mbstream -x -C /var/lib/mysql',
    "# Prepare the backup.",
    "mariabackup --prepare --target-dir=/var/lib/mysql",
    "",
].join("\n");

/**
 * MariaDB's backup sidecar: on a fresh clone it starts replication at the cloned position, then serves mariabackup
 * streams to new replicas. A clone of the primary carries `xtrabackup_binlog_info` (file, position and GTID); a clone
 * of a replica carries `xtrabackup_slave_info`, a ready `CHANGE MASTER TO` (file/position or GTID form) whose last
 * statement gets the connection options appended.
 */
export const MARIABACKUP_SCRIPT = [
    "set -e",
    "# The clients and mariabackup read the root password from MYSQL_PWD, never from the command line.",
    'export MYSQL_PWD="$MYSQL_ROOT_PASSWORD"',
    "cd /var/lib/mysql",
    "# The position of cloned data, if any (mariabackup 10.11 names its files xtrabackup_*, later ones mariadb_backup_*).",
    "slave_info=$(cat xtrabackup_slave_info mariadb_backup_slave_info 2>/dev/null || true)",
    "binlog_info=$(cat xtrabackup_binlog_info mariadb_backup_binlog_info 2>/dev/null || true)",
    "rm -f xtrabackup_slave_info mariadb_backup_slave_info xtrabackup_binlog_info mariadb_backup_binlog_info",
    'if [[ -n "$slave_info" ]]; then',
    "  # Cloned from a replica: its statement, without the final ';' so that options can follow.",
    "  printf '%s\\n' \"$slave_info\" | sed -E '$ s/;[[:space:]]*$//' > change_master_to.sql.in",
    'elif [[ -n "$binlog_info" ]]; then',
    "  # Cloned from the primary: binlog file and position (the GTID column is not needed).",
    '  read -r binlog_file binlog_pos _ <<<"$binlog_info"',
    '  [[ -n "$binlog_file" && -n "$binlog_pos" ]] || exit 1',
    "  echo \"CHANGE MASTER TO MASTER_LOG_FILE='${binlog_file}', MASTER_LOG_POS=${binlog_pos}\" > change_master_to.sql.in",
    "fi",
    "# Check if we need to complete a clone by starting replication.",
    "if [[ -f change_master_to.sql.in ]]; then",
    '  echo "Waiting for mariadbd to be ready (accepting connections)"',
    '  until mariadb -h 127.0.0.1 -u root -e "SELECT 1"; do sleep 1; done',
    '  echo "Initializing replication from clone position"',
    "  # In case of container restart, attempt this at-most-once.",
    "  mv change_master_to.sql.in change_master_to.sql.orig",
    "  # Double single quotes so that the password is a valid SQL string; it goes to mariadb on stdin.",
    "  repl_password=${MYSQL_REPLICATION_PASSWORD//\\'/\\'\\'}",
    "  mariadb -h 127.0.0.1 -u root <<EOF",
    "$(<change_master_to.sql.orig),",
    "  MASTER_HOST='{{PRIMARY}}',",
    "  MASTER_USER='${MYSQL_REPLICATION_USER}',",
    "  MASTER_PASSWORD='${repl_password}',",
    "  MASTER_CONNECT_RETRY=10;",
    "START SLAVE;",
    "EOF",
    "fi",
    "# Start a server to send backups to newly added replicas (one at a time).",
    'exec ncat --listen --keep-open --send-only --max-conns=1 {{PORT}} -c "mariabackup --backup --slave-info --stream=xbstream --host=127.0.0.1 --user=root --target-dir=/tmp/mariabackup"',
    "",
].join("\n");

/** MariaDB's replica.cnf: replicas refuse writes from clients without the READ ONLY ADMIN privilege. */
export const MARIADB_REPLICA_CNF = ["# Apply this config only on replicas.", "[mysqld]", "read-only", ""].join("\n");

/** The readiness check: a query over TCP as root with the `mariadb` client, the password from the environment. */
export const MARIADB_READINESS_COMMAND = asRootClient('mariadb -h 127.0.0.1 -u root -e "SELECT 1"');

/** The liveness check: `mariadb-admin ping`. */
export const MARIADB_LIVENESS_COMMAND = asRootClient("mariadb-admin -u root ping");

/** What differs between the flavors: images, scripts, commands and the sidecar's name. */
export interface MySqlFlavorProfile {
    /** The server image when `image` is not given. */
    readonly defaultImage: string;
    /** The clone and sidecar image when `xtrabackupImage` is not given; undefined: the server image. */
    readonly defaultBackupImage: string | undefined;
    /** The name of the backup sidecar and of its port. */
    readonly sidecarName: string;
    /**
     * Where the default image's server keeps its socket, the socket's lock file and its pid file (as its my.cnf
     * sets them): writable under the read-only root, an emptyDir in the mysql container.
     */
    readonly serverRunDir: string;
    readonly cloneScript: string;
    readonly sidecarScript: string;
    readonly replicaCnf: string;
    readonly readinessCommand: readonly string[];
    readonly livenessCommand: readonly string[];
    readonly sidecarListenCommand: readonly string[];
}

/** The flavor table; the MySQL images are passed in so that their defaults stay written once, in mySqlCluster.ts. */
export function mySqlFlavorProfile(
    flavor: MySqlFlavor,
    mysqlImages: { readonly image: string; readonly xtrabackupImage: string },
): MySqlFlavorProfile {
    switch (flavor) {
        case MySqlFlavor.Mysql:
            return {
                defaultImage: mysqlImages.image,
                defaultBackupImage: mysqlImages.xtrabackupImage,
                sidecarName: "xtrabackup",
                // mysql:8.0's Dockerfile sets socket= and pid-file= to /var/run/mysqld (docker-library/mysql).
                serverRunDir: "/var/run/mysqld",
                cloneScript: CLONE_MYSQL_SCRIPT,
                sidecarScript: XTRABACKUP_SCRIPT,
                replicaCnf: REPLICA_CNF,
                readinessCommand: MYSQL_READINESS_COMMAND,
                livenessCommand: MYSQL_LIVENESS_COMMAND,
                sidecarListenCommand: XTRABACKUP_LISTEN_COMMAND,
            };
        case MySqlFlavor.Mariadb:
            return {
                defaultImage: DEFAULT_MARIADB_IMAGE,
                defaultBackupImage: undefined,
                sidecarName: "mariabackup",
                // mariadb:10.11's Debian/Ubuntu my.cnf: /run/mysqld/mysqld.sock and mysqld.pid (MariaDB/mariadb-docker);
                // the local image (scripts/images/mariadb/container.cnf) uses /tmp, which is writable too.
                serverRunDir: "/run/mysqld",
                cloneScript: CLONE_MARIADB_SCRIPT,
                sidecarScript: MARIABACKUP_SCRIPT,
                replicaCnf: MARIADB_REPLICA_CNF,
                readinessCommand: MARIADB_READINESS_COMMAND,
                livenessCommand: MARIADB_LIVENESS_COMMAND,
                sidecarListenCommand: XTRABACKUP_LISTEN_COMMAND,
            };
        default: {
            const unknown: never = flavor;
            throw new Error(`unknown MySqlCluster flavor ${String(unknown)}`);
        }
    }
}

/** True when the value is one of {@link MySqlFlavor} (JavaScript callers can pass any string). */
export function isMySqlFlavor(value: string): value is MySqlFlavor {
    return (Object.values(MySqlFlavor) as string[]).includes(value);
}
