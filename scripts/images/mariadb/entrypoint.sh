#!/bin/bash
# Entrypoint of k8s-workloads.local/mariadb:10.11, after the contract of the official MariaDB/MySQL images:
# - the server command (default `mariadbd`; also `mysqld`, or flags only) on an empty data directory first runs
#   mariadb-install-db, sets the root password from MARIADB_ROOT_PASSWORD / MYSQL_ROOT_PASSWORD (or their *_FILE,
#   or *_ALLOW_EMPTY_PASSWORD), creates MARIADB_DATABASE / MYSQL_DATABASE and MARIADB_USER / MYSQL_USER, and runs
#   /docker-entrypoint-initdb.d/*.sh (sourced, with docker_process_sql), *.sql and *.sql.gz;
# - any other command (`bash -c ...`, `mariabackup ...`) is exec'd as is.
set -euo pipefail

log() { printf '%s [Entrypoint]: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# file_env VAR: VAR from itself, MARIADB_<X> / MYSQL_<X>, or the file named by *_FILE (exactly one source).
file_env() {
  local name="$1" alt="MYSQL_${1#MARIADB_}" value="" var file_var
  for var in "$name" "$alt"; do
    file_var="${var}_FILE"
    if [[ -n "${!var:-}" && -n "${!file_var:-}" ]]; then
      die "both $var and $file_var are set; set only one of them"
    fi
    if [[ -n "${!var:-}" ]]; then value="${!var}"; break; fi
    if [[ -n "${!file_var:-}" ]]; then
      [[ -r "${!file_var}" ]] || die "$file_var=${!file_var} is not a readable file; mount it or unset $file_var"
      value="$(<"${!file_var}")"
      break
    fi
  done
  export "$name=$value"
  unset "${name}_FILE" "${alt}_FILE"
}

is_server() { [[ "$1" == mariadbd || "$1" == mysqld || "$1" == /usr/sbin/mariadbd || "$1" == /usr/sbin/mysqld ]]; }

# The server's own view of a setting (datadir, socket), including conf.d files.
server_option() { "$@" --verbose --help 2>/dev/null | awk -v opt="$OPTION" '$1 == opt { print $2; exit }'; }

SOCKET=""
# Runs SQL from stdin against the temporary server as root (the password comes from MYSQL_PWD).
# shellcheck disable=SC2120 # init scripts call it with arguments such as --database=mysql
docker_process_sql() { mariadb --protocol=socket --socket="$SOCKET" -uroot "$@"; }

sql_escape() { sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/''/g" <<<"$1"; }

init_database() {
  local datadir="$1"; shift
  file_env MARIADB_ROOT_PASSWORD
  file_env MARIADB_DATABASE
  file_env MARIADB_USER
  file_env MARIADB_PASSWORD
  local allow_empty="${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-${MYSQL_ALLOW_EMPTY_PASSWORD:-}}"
  if [[ -z "$MARIADB_ROOT_PASSWORD" && -z "$allow_empty" ]]; then
    die "the data directory $datadir is empty and no root password is set: set MARIADB_ROOT_PASSWORD or MYSQL_ROOT_PASSWORD (or *_FILE), or MYSQL_ALLOW_EMPTY_PASSWORD=1"
  fi
  log "initialising $datadir"
  mariadb-install-db --datadir="$datadir" --skip-test-db --auth-root-authentication-method=normal \
    --skip-name-resolve --cross-bootstrap --skip-log-bin --default-time-zone=SYSTEM >/dev/null
  OPTION=socket SOCKET="$(server_option "$@")"
  SOCKET="${SOCKET:-/tmp/mysqld.sock}"
  "$@" --skip-networking --skip-log-bin --socket="$SOCKET" &
  local pid=$! i
  for i in $(seq 60); do
    mariadb-admin --socket="$SOCKET" -uroot ping >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || die "the temporary server exited during initialisation"
    sleep 1
    [[ $i -lt 60 ]] || die "the temporary server did not answer in 60s"
  done
  local root_pw user_pw
  root_pw="$(sql_escape "$MARIADB_ROOT_PASSWORD")" user_pw="$(sql_escape "$MARIADB_PASSWORD")"
  {
    echo "SET @@SESSION.SQL_LOG_BIN=0;"
    # mariadb-install-db also makes password-less root@127.0.0.1, root@::1, root@<hostname> and anonymous users,
    # which would win over root@'%' for local TCP clients.
    echo "DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1', ''@'localhost';"
    echo "EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@\\'', @@hostname, '\\', \\'\\'@\\'', @@hostname, '\\'');"
    echo "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '${root_pw}';"
    echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    echo "SET PASSWORD FOR 'root'@'localhost' = PASSWORD('${root_pw}');"
    [[ -z "$MARIADB_DATABASE" ]] || echo "CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE}\`;"
    if [[ -n "$MARIADB_USER" ]]; then
      echo "CREATE USER '${MARIADB_USER}'@'%' IDENTIFIED BY '${user_pw}';"
      [[ -z "$MARIADB_DATABASE" ]] || echo "GRANT ALL ON \`${MARIADB_DATABASE}\`.* TO '${MARIADB_USER}'@'%';"
    fi
  } | mariadb --socket="$SOCKET" -uroot mysql
  export MYSQL_PWD="$MARIADB_ROOT_PASSWORD"
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) log "sourcing $f"; # shellcheck source=/dev/null
        . "$f" ;;
      *.sql) log "running $f"; docker_process_sql <"$f" ;;
      *.sql.gz) log "running $f"; gzip -dc "$f" | docker_process_sql ;;
      *) [[ ! -e "$f" ]] || log "ignoring $f" ;;
    esac
  done
  mariadb-admin --socket="$SOCKET" -uroot shutdown
  wait "$pid" || true
  unset MYSQL_PWD
  log "initialisation done"
}

if [[ $# -eq 0 || "${1:0:1}" == - ]]; then set -- mariadbd "$@"; fi
if is_server "$1"; then
  OPTION=datadir DATADIR="$(server_option "$@")"
  DATADIR="${DATADIR:-/var/lib/mysql}"
  DATADIR="${DATADIR%/}"
  if [[ ! -d "$DATADIR/mysql" ]]; then init_database "$DATADIR" "$@"; fi
fi
exec "$@"
