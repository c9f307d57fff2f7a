#!/usr/bin/env bash
# Smoke checks of the local images: starts a PRIVATE containerd (Debian's containerd + runc; its own root, state
# and socket under /tmp/k8sw-images-test, never /run/containerd's socket or the real node's paths), imports the
# archives with `scripts/images.sh --import`, runs every image with `ctr run` in its own network namespace and
# checks it from inside that namespace (nsenter + curl, or ctr task exec). Stops containerd by PID at the end.
#
# Usage: bash scripts/images/smoke.sh [--keep] [check...]
#   --keep: leave containerd running for a look around; check: web flaky busybox redis mariadb postgres
#   node-exporter (default: all; only the images they need are imported).
# Needs: root, containerd, runc, curl (apt-get install -y containerd runc curl).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEST_DIR=/tmp/k8sw-images-test
SOCK="$TEST_DIR/containerd.sock"
REG=k8s-workloads.local
KEEP=0
if [[ "${1:-}" == --keep ]]; then KEEP=1; shift; fi
ALL_CHECKS=(web flaky busybox redis mariadb postgres node-exporter)
CHECKS=("$@")
[[ ${#CHECKS[@]} -gt 0 ]] || CHECKS=("${ALL_CHECKS[@]}")
FAILURES=0
START=$SECONDS

log() { printf '[smoke +%ss] %s\n' "$((SECONDS - START))" "$*" >&2; }
pass() { log "ok   $*"; }
fail() { log "FAIL $*"; FAILURES=$((FAILURES + 1)); }
ctr_() { ctr --address "$SOCK" -n k8s.io "$@"; }
# runc state and IO fifos stay under $TEST_DIR too (containerd 1.6 still puts its shim sockets, named by a hash
# of this socket's address, in /run/containerd/s).
PRIVATE=(--runc-root "$TEST_DIR/runc" --fifo-dir "$TEST_DIR/fifo")
ctr_run() { ctr_ run "${PRIVATE[@]}" "$@"; }

for tool in containerd ctr runc curl nsenter; do
  command -v "$tool" >/dev/null || { echo "smoke: no $tool; apt-get install -y containerd runc curl" >&2; exit 1; }
done

start_containerd() {
  mkdir -p "$TEST_DIR"
  cat >"$TEST_DIR/config.toml" <<EOF
version = 2
root = "$TEST_DIR/root"
state = "$TEST_DIR/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$TEST_DIR/opt"
EOF
  containerd --config "$TEST_DIR/config.toml" >"$TEST_DIR/containerd.log" 2>&1 &
  echo $! >"$TEST_DIR/containerd.pid"
  for _ in $(seq 50); do
    ctr --address "$SOCK" version >/dev/null 2>&1 && { log "containerd up (pid $(cat "$TEST_DIR/containerd.pid"))"; return 0; }
    sleep 0.2
  done
  tail -n 20 "$TEST_DIR/containerd.log" >&2
  echo "smoke: containerd did not start" >&2
  exit 1
}

# Kills our tasks, stops our containerd by PID, then any shim it left (those started with -address $SOCK),
# and unmounts whatever is left under $TEST_DIR.
stop_containerd() {
  local id pid mnt
  if [[ -S "$SOCK" ]] && ctr --address "$SOCK" --timeout 2s version >/dev/null 2>&1; then
    for id in $(ctr_ task ls -q); do ctr_ task kill -s SIGKILL "$id" >/dev/null 2>&1 || true; done
    sleep 0.5
    for id in $(ctr_ containers ls -q); do
      ctr_ task delete -f "$id" >/dev/null 2>&1 || true
      ctr_ containers delete "$id" >/dev/null 2>&1 || true
    done
  fi
  if [[ -f "$TEST_DIR/containerd.pid" ]]; then
    pid="$(cat "$TEST_DIR/containerd.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$TEST_DIR/containerd.pid"
  fi
  for pid in $(pgrep -f -- "containerd-shim-runc-v2 .*-address $SOCK( |\$)" || true); do kill -9 "$pid" 2>/dev/null || true; done
  while read -r mnt; do umount -l "$mnt" 2>/dev/null || true; done \
    < <(awk -v r="$TEST_DIR" 'index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r)
}

# run NAME IMAGE [ctr run flags...] -- [command...]: start a detached container.
run() {
  local name="$1" image="$2"; shift 2
  local -a flags=() cmd=()
  while [[ $# -gt 0 && "$1" != -- ]]; do flags+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  cmd=("$@")
  mkdir -p "$TEST_DIR/logs"
  ctr_run -d --log-uri "file://$TEST_DIR/logs/$name.log" "${flags[@]}" "$REG/$image" "$name" "${cmd[@]}" >/dev/null
}

task_pid() { ctr_ task ls | awk -v id="$1" '$1 == id { print $2 }'; }
in_net() { nsenter -t "$(task_pid "$1")" -n "${@:2}"; }
exec_in() { local c="$1"; shift; ctr_ task exec --fifo-dir "$TEST_DIR/fifo" --exec-id "chk$RANDOM" "$c" "$@"; }
stop() { ctr_ task kill -s SIGKILL "$1" >/dev/null 2>&1 || true; sleep 0.3; ctr_ task delete -f "$1" >/dev/null 2>&1 || true; ctr_ containers delete "$1" >/dev/null 2>&1 || true; }

# wait_for CONTAINER CMD...: retry CMD for up to 60 s; on failure show the container's log.
wait_for() {
  local desc="$1"; shift
  for _ in $(seq 120); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  fail "container $desc: not ready after 60s; the end of its log:"
  tail -n 20 "$TEST_DIR/logs/$desc.log" >&2 || true
  return 1
}

# expect DESC WANT CMD...: the command's output (trimmed) must equal WANT.
expect() {
  local desc="$1" want="$2" got; shift 2
  got="$("$@" 2>&1 | tr -d '\r')" || true
  if [[ "$got" == "$want" ]]; then pass "$desc: $got"; else fail "$desc: want '$want', got '$got'"; fi
}

# expect_match DESC REGEX CMD...
expect_match() {
  local desc="$1" re="$2" got; shift 2
  got="$("$@" 2>&1 | tr -d '\r')" || true
  if [[ "$got" =~ $re ]]; then pass "$desc: $(head -c 120 <<<"$got" | head -n1)"; else fail "$desc: want /$re/, got '$(head -c 300 <<<"$got")'"; fi
}

http() { in_net "$1" curl -s -o /dev/stdout -w ' %{http_code}' "http://127.0.0.1:$2$3"; }

# check_web CONTAINER IMAGE RO HEALTH BODY [ctr run flags]: BODY's {host} is the container's hostname.
check_web() {
  local c="$1" image="$2" root_hint="$3" health="$4" body="$5" host; shift 5
  run "$c" "$image" "$@" --
  wait_for "$c" http "$c" 8080 /health || return 0
  host="$(exec_in "$c" /bin/cat /proc/sys/kernel/hostname)"
  expect "$image /health" "$health" http "$c" 8080 /health
  expect "$image /" "${body//\{host\}/$host}" http "$c" 8080 /
  expect "$image uid" "101" exec_in "$c" /usr/bin/id -u
  [[ -z "$root_hint" ]] || expect "$image read-only root" "ro" exec_in "$c" /bin/sh -c \
    'touch /etc/x 2>/dev/null && echo rw || echo ro'
  stop "$c"
}

check_flaky() {
  local c=flaky code errors=0 n=200
  run "$c" web-flaky:1.0.0 --
  wait_for "$c" http "$c" 8080 /health || return 0
  expect "web-flaky /health" "ok
 200" http "$c" 8080 /health
  for _ in $(seq "$n"); do
    code="$(in_net "$c" curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/)"
    [[ "$code" == 500 ]] && errors=$((errors + 1))
  done
  # 30% of 200 is 60 (sd 6.5); 35..85 is about 4 sd either way.
  if [[ $errors -ge 35 && $errors -le 85 ]]; then pass "web-flaky: $errors/$n of / returned 500"; else fail "web-flaky: $errors/$n of / returned 500 (want about 30%)"; fi
  stop "$c"
}

check_busybox() {
  # shellcheck disable=SC2016 # expanded by the container's shell
  expect_match "busybox applets" "^/bin/busybox .* nc .*nslookup.* wget " ctr_run --rm "$REG/busybox:1.35" bb1 \
    sh -c 'echo "$(readlink /bin/sh) $(busybox --list | tr "\n" " ")"'
  expect "busybox date/find" "ok" ctr_run --rm "$REG/busybox:1.35" bb2 sh -c 'date +%Y >/dev/null && find /bin /usr/bin -name nc | grep -q nc && echo ok'
}

check_redis() {
  run redis redis:7.0 --
  wait_for redis exec_in redis redis-cli ping
  expect "redis ping" "PONG" exec_in redis redis-cli ping
  expect "redis set/get" "v1" exec_in redis sh -c 'redis-cli set k v1 >/dev/null && redis-cli get k'
  expect_match "redis version" "^Redis server v=7\.0\." exec_in redis redis-server --version
  expect "redis uid" "999" exec_in redis id -u
  stop redis
}

check_mariadb() {
  run mariadb mariadb:10.11 --env MARIADB_ROOT_PASSWORD="s3cr'et" --env MYSQL_DATABASE=app --
  wait_for mariadb exec_in mariadb mariadb-admin -h 127.0.0.1 -uroot "-ps3cr'et" ping
  expect "mariadb SELECT 1 over TCP" "1" exec_in mariadb mariadb -h 127.0.0.1 -uroot "-ps3cr'et" -N -e 'SELECT 1'
  expect "mariadb database app" "app" exec_in mariadb mariadb -h 127.0.0.1 -uroot "-ps3cr'et" -N -e "SHOW DATABASES LIKE 'app'"
  expect_match "mariadb wrong password refused" "Access denied" exec_in mariadb mariadb -h 127.0.0.1 -uroot -pwrong -e 'SELECT 1'
  expect_match "mariabackup --version" "mariabackup based on MariaDB server 10\.11" exec_in mariadb mariabackup --version
  expect_match "mbstream, ncat, socat" "mbstream.*ncat.*socat" exec_in mariadb bash -c 'command -v mbstream ncat socat | tr "\n" " "'
  expect_match "mariadb listens on 0.0.0.0:3306" "00000000:0CEA 00000000:0000 0A" exec_in mariadb cat /proc/net/tcp
  expect "mariadb uid" "999" exec_in mariadb id -u
  stop mariadb
  expect "mariadb image runs a non-server command as is" "hello" ctr_run --rm "$REG/mariadb:10.11" mdb2 bash -c 'echo hello'
}

check_postgres() {
  run postgres postgres:15 --env POSTGRES_PASSWORD=pw --env POSTGRES_DB=app --
  wait_for postgres exec_in postgres pg_isready -h 127.0.0.1
  expect "postgres psql SELECT 1 (scram over TCP)" "1" exec_in postgres env PGPASSWORD=pw psql -h 127.0.0.1 -U postgres -d app -tAc 'SELECT 1'
  expect_match "postgres wrong password refused" "password authentication failed" exec_in postgres env PGPASSWORD=no psql -h 127.0.0.1 -U postgres -d app -tAc 'SELECT 1'
  expect_match "postgres listens on 0.0.0.0:5432" "00000000:1538 00000000:0000 0A" exec_in postgres cat /proc/net/tcp
  expect_match "pg_dump --version" "^pg_dump \(PostgreSQL\) 15\." ctr_run --rm "$REG/postgres:15" pg2 pg_dump --version
  expect "postgres uid" "999" exec_in postgres id -u
  stop postgres
}

check_node_exporter() {
  # No command: the image's ENTRYPOINT (the binary, default :9100) runs, as a pod with only args would.
  run nodeexp node-exporter:1.5.0 --
  wait_for nodeexp http nodeexp 9100 /metrics
  expect_match "node-exporter /metrics" "node_[a-z_]+" http nodeexp 9100 /metrics
  expect_match "node-exporter version" "version 1\.5\.0" ctr_run --rm "$REG/node-exporter:1.5.0" ne2 /usr/bin/prometheus-node-exporter --version
  stop nodeexp
}

stop_containerd
rm -rf "$TEST_DIR"
trap '[[ $KEEP -eq 1 ]] || { stop_containerd; rm -rf "$TEST_DIR"; }' EXIT
# The recipe ids a check needs.
check_images() {
  case "$1" in
    web) echo web-1.0.0,web-2.0.0,web-broken-1.0.0 ;;
    flaky) echo web-flaky-1.0.0 ;;
    busybox) echo busybox-1.35 ;;
    redis) echo redis-7.0 ;;
    mariadb) echo mariadb-10.11 ;;
    postgres) echo postgres-15 ;;
    node-exporter) echo node-exporter-1.5.0 ;;
    *) echo "smoke: unknown check '$1'; known: ${ALL_CHECKS[*]}" >&2; exit 2 ;;
  esac
}

check_all_web() {
  check_web web1 web:1.0.0 "" "ok
 200" "web v1 {host}
 200"
check_web web1ro web:1.0.0 ro "ok
 200" "web v1 {host}
 200" --read-only --mount "type=tmpfs,src=tmpfs,dst=/tmp,options=nosuid:nodev:mode=1777"
check_web web2 web:2.0.0 "" "ok
 200" "web v2 {host}
 200"
check_web broken web-broken:1.0.0 "" "broken
 500" "web broken {host}
 200"
}

ONLY=""
for check in "${CHECKS[@]}"; do ONLY="${ONLY:+$ONLY,}$(check_images "$check")"; done
start_containerd
bash "$HERE/../images.sh" --import "$SOCK" --only "$ONLY"
for check in "${CHECKS[@]}"; do
  case "$check" in
    web) check_all_web ;;
    flaky) check_flaky ;;
    busybox) check_busybox ;;
    redis) check_redis ;;
    mariadb) check_mariadb ;;
    postgres) check_postgres ;;
    node-exporter) check_node_exporter ;;
  esac
done
if [[ $FAILURES -gt 0 ]]; then log "$FAILURES check(s) failed"; exit 1; fi
log "all image checks passed"
