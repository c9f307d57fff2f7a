#!/usr/bin/env bash
# Stops and deletes the local KWOK cluster "k8s-workloads" and its real node real-0 (scripts/node/node-down.sh:
# daemons, container shims, mounts, network namespaces, bridge, iptables chains), then checks that none of
# its processes and mounts remain (exit 1 if one does).
# In use-path mode (--use-path / K8S_WORKLOADS_USE_PATH=1) it does nothing.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_common.sh"

for arg in "$@"; do
  case "$arg" in
    --use-path) export K8S_WORKLOADS_USE_PATH=1 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
if k8sw_use_path; then
  k8sw_log "use-path mode: not touching the current cluster"
  exit 0
fi

export KWOK_WORKDIR="$K8SW_STATE/kwok"
CLUSTER_DIR="$KWOK_WORKDIR/clusters/$K8SW_CLUSTER_NAME"
KC="$K8SW_STATE/kubeconfig"
START=$SECONDS

# Processes whose command line mentions this cluster's directory (kwokctl starts them all there).
cluster_pids() { pgrep -f -- "$CLUSTER_DIR/" || true; }

# The real node first: its kubelet must not outlive the API server it reports to.
node_rc=0
bash "$K8SW_SCRIPTS_DIR/node/node-down.sh" || node_rc=$?

if [[ -x "$K8SW_BIN/kwokctl" && -d "$CLUSTER_DIR" ]]; then
  k8sw_log "deleting cluster $K8SW_CLUSTER_NAME"
  "$K8SW_BIN/kwokctl" delete cluster --name "$K8SW_CLUSTER_NAME" --kubeconfig "$KC" ||
    k8sw_log "kwokctl delete failed; cleaning up by hand"
else
  k8sw_log "cluster $K8SW_CLUSTER_NAME is not present"
fi

# Anything left over: stop it by PID (TERM, then KILL).
pids="$(cluster_pids)"
if [[ -n "$pids" ]]; then
  k8sw_log "stopping leftover processes: $(tr '\n' ' ' <<<"$pids")"
  # shellcheck disable=SC2086 # one PID per word
  kill $pids 2>/dev/null || true
  for _ in $(seq 1 20); do [[ -z "$(cluster_pids)" ]] && break; sleep 0.5; done
  pids="$(cluster_pids)"
  # shellcheck disable=SC2086
  [[ -z "$pids" ]] || kill -9 $pids 2>/dev/null || true
fi
rm -rf "$CLUSTER_DIR"
rm -f "$KC" "$K8SW_STATE/cluster-ready"

if [[ -n "$(cluster_pids)" ]]; then
  echo "processes of cluster $K8SW_CLUSTER_NAME still running: $(cluster_pids | tr '\n' ' ')" >&2
  exit 1
fi
[[ $node_rc -eq 0 ]] || { echo "real node $K8SW_NODE_NAME left processes or mounts behind (see above)" >&2; exit 1; }
k8sw_log "cluster $K8SW_CLUSTER_NAME is down, no processes left ($((SECONDS - START))s)"
