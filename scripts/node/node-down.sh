#!/usr/bin/env bash
# Stops the real node real-0 and removes everything it left on the machine: its daemons (by recorded PID)
# and container shims, every mount under its state and run directories (pod volumes, overlay and shm
# mounts, network namespaces), the CNI bridge and veths, and the iptables chains of kube-proxy and the CNI
# plugins. Then checks that no process and no mount is left: exit 1 if one is.
# Usage: scripts/node/node-down.sh [--quiet]     Safe to run when nothing is up.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/_common.sh"
source "$K8SW_SCRIPTS_DIR/node/_node.sh"

QUIET=0; [[ "${1:-}" == "--quiet" ]] && QUIET=1
say() { [[ $QUIET -eq 1 ]] || k8sw_log "$@"; }
ctr_() { "$K8SW_BIN/ctr" --address "$K8SW_CONTAINERD_SOCK" --namespace k8s.io "$@"; }
START=$SECONDS

# stop_pids PID...: TERM, wait up to 10s, then KILL.
stop_pids() {
  [[ $# -gt 0 ]] || return 0
  kill "$@" 2>/dev/null || true
  local i p alive
  for ((i = 0; i < 20; i++)); do
    alive=0; for p in "$@"; do [[ -d /proc/$p ]] && alive=1; done
    [[ $alive -eq 0 ]] && return 0
    sleep 0.5
  done
  kill -9 "$@" 2>/dev/null || true
  sleep 0.5
}

# 1. kubelet (so that it restarts nothing), kube-proxy and CoreDNS together; containerd after the containers.
pids=()
for d in kubelet kube-proxy coredns; do
  if pid="$(daemon_pid "$d")"; then say "stopping $d ($pid)"; pids+=("$pid"); fi
done
stop_pids "${pids[@]}"
rm -f "$NODE_PIDS/kubelet.pid" "$NODE_PIDS/kube-proxy.pid" "$NODE_PIDS/coredns.pid"
# 2. Containers: kill every task's init process (its PID namespace goes with it), then the tasks.
if daemon_pid containerd >/dev/null && [[ -S "$K8SW_CONTAINERD_SOCK" ]]; then
  tasks="$(ctr_ tasks ls 2>/dev/null | awk 'NR > 1 {print $1 " " $2}')"
  if [[ -n "$tasks" ]]; then
    say "killing $(wc -l <<<"$tasks") containers"
    # shellcheck disable=SC2046 # one PID per word
    kill -9 $(awk '$2 > 0 {print $2}' <<<"$tasks") 2>/dev/null || true
    for t in $(awk '{print $1}' <<<"$tasks"); do ctr_ tasks delete --force "$t" >/dev/null 2>&1 || true; done
  fi
fi
if pid="$(daemon_pid containerd)"; then say "stopping containerd ($pid)"; stop_pids "$pid"; fi
rm -f "$NODE_PIDS/containerd.pid"
# 3. Shims left behind (recorded, then stopped by PID).
shims="$(shim_pids)"
if [[ -n "$shims" ]]; then
  mkdir -p "$NODE_PIDS"; echo "$shims" >"$NODE_PIDS/shims.pid"
  say "stopping container shims: $(tr '\n' ' ' <<<"$shims")"
  # shellcheck disable=SC2086 # one PID per word
  stop_pids $shims
  rm -f "$NODE_PIDS/shims.pid"
fi

# 4. Mounts, deepest first (pod volumes, rootfs overlays, shm, netns bind mounts).
for m in $(node_mounts); do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done

# 5. Network: veths on our bridge, the bridge, then iptables chains of kube-proxy and the CNI plugins.
if ip link show "$NODE_BRIDGE" >/dev/null 2>&1; then
  for v in $(ip -o link show master "$NODE_BRIDGE" | awk -F': ' '{sub(/@.*/, "", $2); print $2}'); do
    ip link delete "$v" 2>/dev/null || true
  done
  ip link delete "$NODE_BRIDGE" 2>/dev/null || true
  say "removed bridge $NODE_BRIDGE"
fi
if command -v iptables >/dev/null; then
  [[ -x "$K8SW_BIN/kube-proxy" ]] && "$K8SW_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
  for table in nat filter mangle; do
    # Rules that jump to a CNI-* or KUBE-* chain, then those chains.
    rules="$(iptables -t "$table" -S 2>/dev/null | grep -E '^-A .* -j (CNI|KUBE)-' | sed 's/^-A/-D/' || true)"
    while read -r rule; do
      [[ -z "$rule" ]] || eval "iptables -t $table $rule" 2>/dev/null || true
    done <<<"$rules"
    for chain in $(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^(CNI|KUBE)-/ {print $2}'); do
      iptables -t "$table" -F "$chain" 2>/dev/null || true
    done
    for chain in $(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^(CNI|KUBE)-/ {print $2}'); do
      iptables -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
fi

# 6. Check, then remove the state (it holds nothing mounted now).
left_pids="$(for d in "${NODE_DAEMONS[@]}"; do daemon_pid "$d" || true; done; shim_pids)"
left_mounts="$(node_mounts)"
if [[ -n "$left_pids" || -n "$left_mounts" ]]; then
  [[ -z "$left_pids" ]] || echo "real node processes still running: $(tr '\n' ' ' <<<"$left_pids")" >&2
  [[ -z "$left_mounts" ]] || echo "real node mounts still present: $(tr '\n' ' ' <<<"$left_mounts")" >&2
  exit 1
fi
rm -rf "$K8SW_NODE_RUN"
# kubelet writes pod logs to /var/log/pods (where log collectors look) and links them from /var/log/containers;
# drop what this node's pods left there.
[[ -d /var/log/containers ]] && find /var/log/containers -maxdepth 1 -type l -lname "/var/log/pods/*" -delete 2>/dev/null || true
[[ -d /var/log/pods ]] && find /var/log/pods -mindepth 1 -maxdepth 1 -type d -name "*_*_*" -exec rm -rf {} + 2>/dev/null || true
find "$K8SW_NODE_STATE" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} + 2>/dev/null || true
say "real node $K8SW_NODE_NAME is down, no process or mount left ($((SECONDS - START))s)"
