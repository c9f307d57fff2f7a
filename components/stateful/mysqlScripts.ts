/**
 * The shell scripts of {@link MySqlCluster}, after the guide's "MySQL Master-Slave StatefulSet".
 *
 * Passwords never appear in these scripts: they read `$MYSQL_ROOT_PASSWORD` and `$MYSQL_REPLICATION_PASSWORD`
 * from the environment (Secret keys) when they run, and hand them to the MySQL clients through `MYSQL_PWD` or SQL
 * on standard input, never on a command line. The scripts that touch passwords do not use `set -x`, which would
 * print them to the logs. The guide's `ncat` is replaced by `socat`, which the Percona XtraBackup image ships.
 */

/** Port the xtrabackup sidecar serves clones on (the guide's). */
export const XTRABACKUP_PORT = 3307;

/** The guide's init-mysql: server-id from the pod ordinal, primary.cnf or replica.cnf into conf.d. */
export const INIT_MYSQL_SCRIPT = [
    "set -ex",
    "# Generate mysql server-id from pod ordinal index.",
    "[[ $(hostname) =~ -([0-9]+)$ ]] || exit 1",
    "ordinal=${BASH_REMATCH[1]}",
    "echo [mysqld] > /mnt/conf.d/server-id.cnf",
    "# Add an offset to avoid reserved server-id=0 value.",
    "echo server-id=$((100 + $ordinal)) >> /mnt/conf.d/server-id.cnf",
    "# Copy appropriate conf.d files from config-map to emptyDir.",
    "if [[ $ordinal -eq 0 ]]; then",
    "  cp /mnt/config-map/primary.cnf /mnt/conf.d/",
    "else",
    "  cp /mnt/config-map/replica.cnf /mnt/conf.d/",
    "fi",
    "",
].join("\n");

/**
 * The start every flavor's clone-mysql shares: nothing to do when the data directory exists or on the primary
 * (ordinal 0); otherwise `$peer` is the previous pod's stable DNS name.
 */
export const CLONE_FROM_PREVIOUS_PEER: readonly string[] = [
    "# Skip the clone if data already exists.",
    "[[ -d /var/lib/mysql/mysql ]] && exit 0",
    "# Skip the clone on the primary (ordinal index 0).",
    "[[ $(hostname) =~ -([0-9]+)$ ]] || exit 1",
    "ordinal=${BASH_REMATCH[1]}",
    "[[ $ordinal -eq 0 ]] && exit 0",
    "# Clone data from the previous peer.",
    'peer="{{SET}}-$((ordinal - 1)).{{HEADLESS}}"',
    'echo "Cloning from ${peer}:{{PORT}}"',
];

/** The guide's clone-mysql: a new replica streams a backup from the previous peer and prepares it. */
export const CLONE_MYSQL_SCRIPT = [
    "set -e",
    ...CLONE_FROM_PREVIOUS_PEER,
    'socat -u "TCP:${peer}:{{PORT}}" STDOUT | xbstream -x -C /var/lib/mysql',
    "# Prepare the backup.",
    "xtrabackup --prepare --target-dir=/var/lib/mysql",
    "",
].join("\n");

/**
 * The guide's xtrabackup sidecar: on a fresh clone it starts replication at the cloned binlog position (as the
 * replication user, with its password read from the environment), then serves backups to new replicas.
 */
export const XTRABACKUP_SCRIPT = [
    "set -e",
    "# The MySQL clients and xtrabackup read the root password from MYSQL_PWD, never from the command line.",
    'export MYSQL_PWD="$MYSQL_ROOT_PASSWORD"',
    "cd /var/lib/mysql",
    "# Determine binlog position of cloned data, if any.",
    'if [[ -f xtrabackup_slave_info && "x$(<xtrabackup_slave_info)" != "x" ]]; then',
    '  # XtraBackup already generated a partial "CHANGE MASTER TO" query (cloned from a replica).',
    "  sed -E 's/;$//g' xtrabackup_slave_info > change_master_to.sql.in",
    "  # Ignore xtrabackup_binlog_info in this case (it's useless).",
    "  rm -f xtrabackup_slave_info xtrabackup_binlog_info",
    "elif [[ -f xtrabackup_binlog_info ]]; then",
    "  # We're cloning directly from the primary. Parse binlog position.",
    "  [[ $(cat xtrabackup_binlog_info) =~ ^(.*?)[[:space:]]+(.*?)$ ]] || exit 1",
    "  rm -f xtrabackup_binlog_info xtrabackup_slave_info",
    "  echo \"CHANGE MASTER TO MASTER_LOG_FILE='${BASH_REMATCH[1]}', MASTER_LOG_POS=${BASH_REMATCH[2]}\" > change_master_to.sql.in",
    "fi",
    "# Check if we need to complete a clone by starting replication.",
    "if [[ -f change_master_to.sql.in ]]; then",
    '  echo "Waiting for mysqld to be ready (accepting connections)"',
    '  until mysql -h 127.0.0.1 -u root -e "SELECT 1"; do sleep 1; done',
    '  echo "Initializing replication from clone position"',
    "  # In case of container restart, attempt this at-most-once.",
    "  mv change_master_to.sql.in change_master_to.sql.orig",
    "  # Double single quotes so that the password is a valid SQL string; it goes to mysql on stdin.",
    "  repl_password=${MYSQL_REPLICATION_PASSWORD//\\'/\\'\\'}",
    "  mysql -h 127.0.0.1 -u root <<EOF",
    "$(<change_master_to.sql.orig),",
    "  MASTER_HOST='{{PRIMARY}}',",
    "  MASTER_USER='${MYSQL_REPLICATION_USER}',",
    "  MASTER_PASSWORD='${repl_password}',",
    "  MASTER_CONNECT_RETRY=10,",
    "  GET_MASTER_PUBLIC_KEY=1;",
    "START SLAVE;",
    "EOF",
    "fi",
    "# Start a server to send backups to newly added replicas.",
    "exec socat TCP-LISTEN:{{PORT}},reuseaddr,fork SYSTEM:'xtrabackup --backup --slave-info --stream=xbstream --host=127.0.0.1 --user=root --target-dir=/tmp/xtrabackup'",
    "",
].join("\n");

/**
 * Creates the replication user when the primary's data directory is first initialized. The mysql image's
 * entrypoint sources `*.sh` files from /docker-entrypoint-initdb.d, which provides `docker_process_sql`.
 */
export const CREATE_REPLICATION_USER_SCRIPT = [
    "# Runs once, when the primary's data directory is initialized. The password comes from the environment.",
    "repl_password=${MYSQL_REPLICATION_PASSWORD//\\'/\\'\\'}",
    "docker_process_sql --database=mysql <<EOSQL",
    "CREATE USER IF NOT EXISTS '${MYSQL_REPLICATION_USER}'@'%' IDENTIFIED BY '${repl_password}';",
    "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '${MYSQL_REPLICATION_USER}'@'%';",
    "EOSQL",
    "",
].join("\n");

/** The guide's primary.cnf: binary logging on. */
export const PRIMARY_CNF = ["# Apply this config only on the primary.", "[mysqld]", "log-bin", ""].join("\n");

/** The guide's replica.cnf: replicas refuse writes. */
export const REPLICA_CNF = ["# Apply this config only on replicas.", "[mysqld]", "super-read-only", ""].join("\n");

/**
 * A probe command that runs a MySQL or MariaDB client as root: the password reaches it through `MYSQL_PWD` from
 * the container's environment, never on the command line.
 */
export function asRootClient(clientCommand: string): string[] {
    return ["bash", "-c", `MYSQL_PWD="$MYSQL_ROOT_PASSWORD" ${clientCommand}`];
}

/** The readiness check: a query over TCP as root, the password from the environment. */
export const MYSQL_READINESS_COMMAND = asRootClient('mysql -h 127.0.0.1 -u root -e "SELECT 1"');

/** The liveness check: `mysqladmin ping` (alive even when a query would be refused). */
export const MYSQL_LIVENESS_COMMAND = asRootClient("mysqladmin -u root ping");

/**
 * The sidecar's health check: something listens on the clone port. It reads /proc/net/tcp instead of connecting,
 * because every connection to the port starts a backup.
 */
export const XTRABACKUP_LISTEN_COMMAND = [
    "bash",
    "-c",
    `grep -qi ':${XTRABACKUP_PORT.toString(16).toUpperCase().padStart(4, "0")} ' /proc/net/tcp /proc/net/tcp6`,
];
