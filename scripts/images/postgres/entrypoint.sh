#!/bin/bash
# Entrypoint of k8s-workloads.local/postgres:15, after the contract of the official postgres image:
# - `postgres` (the default, or flags only) on an empty PGDATA (default /var/lib/postgresql/data) first runs
#   initdb with POSTGRES_USER (default postgres) and the password from POSTGRES_PASSWORD (or
#   POSTGRES_PASSWORD_FILE), creates POSTGRES_DB (default: the user's name), runs
#   /docker-entrypoint-initdb.d/*.sh (sourced), *.sql and *.sql.gz, and allows scram-sha-256 logins from any
#   address; then the server listens on 0.0.0.0:5432.
# - any other command (`pg_dump ...`, `psql ...`, `bash -c ...`) is exec'd as is.
set -euo pipefail

log() { printf '%s [Entrypoint]: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

# POSTGRES_PASSWORD from itself or the file POSTGRES_PASSWORD_FILE names (not both).
password_from_env() {
  if [[ -n "${POSTGRES_PASSWORD:-}" && -n "${POSTGRES_PASSWORD_FILE:-}" ]]; then
    die "both POSTGRES_PASSWORD and POSTGRES_PASSWORD_FILE are set; set only one of them"
  fi
  if [[ -n "${POSTGRES_PASSWORD_FILE:-}" ]]; then
    [[ -r "$POSTGRES_PASSWORD_FILE" ]] ||
      die "POSTGRES_PASSWORD_FILE=$POSTGRES_PASSWORD_FILE is not a readable file; mount it or unset it"
    POSTGRES_PASSWORD="$(<"$POSTGRES_PASSWORD_FILE")"
  fi
  printf '%s' "${POSTGRES_PASSWORD:-}"
}

# Runs SQL from stdin against the temporary server (as the superuser, over the Unix socket).
docker_process_sql() { psql -v ON_ERROR_STOP=1 --no-password --no-psqlrc -U "$POSTGRES_USER" -d "$POSTGRES_DB" "$@"; }
create_database() { psql -v ON_ERROR_STOP=1 --no-password --no-psqlrc -U "$POSTGRES_USER" -d postgres --set db="$1" <<<'CREATE DATABASE :"db";'; }

init_database() {
  local password auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" pwfile f
  password="$(password_from_env)"
  if [[ -z "$password" && "$auth" != trust ]]; then
    die "PGDATA $PGDATA is empty and POSTGRES_PASSWORD is not set: set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE), or POSTGRES_HOST_AUTH_METHOD=trust"
  fi
  log "initialising $PGDATA for user $POSTGRES_USER"
  pwfile="$(mktemp)"
  printf '%s\n' "$password" >"$pwfile"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS holds several words on purpose
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host="$auth" \
    --encoding=UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  printf '\n# k8s-workloads image: password logins from the pod network\nhost all all all %s\n' "$auth" \
    >>"$PGDATA/pg_hba.conf"
  # The socket (and its lock file) in /tmp, not Debian's /var/run/postgresql, which may be missing or read-only
  # (a root-owned tmpfs on /run, a read-only root filesystem); the image sets PGHOST=/tmp for local clients.
  printf "\nlisten_addresses = '*'\nunix_socket_directories = '/tmp'\n" \
    >>"$PGDATA/postgresql.conf"
  export PGHOST=/tmp
  pg_ctl -D "$PGDATA" -w -l /dev/stderr -o "-c listen_addresses='' -p 5432" start >/dev/null
  if [[ "$POSTGRES_DB" != postgres ]]; then
    create_database "$POSTGRES_DB"
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) log "sourcing $f"; # shellcheck source=/dev/null
        . "$f" ;;
      *.sql) log "running $f"; docker_process_sql -f "$f" ;;
      *.sql.gz) log "running $f"; gzip -dc "$f" | docker_process_sql ;;
      *) [[ ! -e "$f" ]] || log "ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  unset PGHOST
  log "initialisation done"
}

if [[ $# -eq 0 || "${1:0:1}" == - ]]; then set -- postgres "$@"; fi
if [[ "$1" == postgres ]]; then
  export POSTGRES_USER="${POSTGRES_USER:-postgres}"
  export POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA" 2>/dev/null || true
  if [[ ! -s "$PGDATA/PG_VERSION" ]]; then init_database; fi
fi
exec "$@"
