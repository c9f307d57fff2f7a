#!/usr/bin/env bash
# Starts the real node real-0 of the local cluster: containerd (own root and socket), kubelet, kube-proxy
# (iptables) and CoreDNS as host processes, joined to the running KWOK control plane. Called by
# scripts/cluster-up.sh once the API server is up; every PID goes to $K8SW_NODE_STATE/pids/.
# Idempotent: with all daemons alive and the node Ready it does nothing.
# Exit: 0 up; 3 the node cannot run on this machine (what is missing and how to fix it is printed);
#       1 it should run but failed (see the logs in $K8SW_NODE_STATE/logs).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/_common.sh"
source "$K8SW_SCRIPTS_DIR/node/_node.sh"

KC="$K8SW_STATE/kubeconfig"
kc() { "$K8SW_BIN/kubectl" --kubeconfig "$KC" "$@"; }
ctr_() { "$K8SW_BIN/ctr" --address "$K8SW_CONTAINERD_SOCK" --namespace k8s.io "$@"; }
START=$SECONDS

missing="$(node_missing)"
if [[ -n "$missing" ]]; then
  echo "real node $K8SW_NODE_NAME cannot run on this machine:" >&2
  sed 's/^/  - /' <<<"$missing" >&2
  exit 3
fi
[[ -s "$KC" ]] || { echo "no kubeconfig at $KC: start the control plane first (scripts/cluster-up.sh)" >&2; exit 1; }

node_ready() {
  [[ "$(kc get node "$K8SW_NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}
all_alive() { local d; for d in "${NODE_DAEMONS[@]}"; do daemon_pid "$d" >/dev/null || return 1; done; }

NODE_IP="$(node_ip)"
declare -A NODE_VARS=(
  [STATE]="$K8SW_NODE_STATE" [RUN]="$K8SW_NODE_RUN" [CONTAINERD_SOCK]="$K8SW_CONTAINERD_SOCK"
  [PAUSE_IMAGE]="$K8SW_PAUSE_IMAGE" [RUNC]="$RUNC_BIN" [CNI_BIN]="$CNI_BIN_DIR" [BRIDGE]="$NODE_BRIDGE"
  [POD_CIDR]="$K8SW_NODE_POD_CIDR" [CLUSTER_POD_CIDR]="$K8SW_CLUSTER_POD_CIDR" [NODE_IP]="$NODE_IP"
  [DNS_IP]="$NODE_IP" [NODE_NAME]="$K8SW_NODE_NAME" [KUBECONFIG]="$KC"
)
# Render every config into a scratch dir; a running node whose configs differ is restarted.
RENDERED="$(mktemp -d)"
trap 'rm -rf "$RENDERED"' EXIT
for f in containerd.toml cni.conflist kubelet-config.yaml kube-proxy-config.yaml Corefile; do
  render "$K8SW_SCRIPTS_DIR/node/config/$f" >"$RENDERED/$f"
done
configs_current() {
  local f; for f in "$RENDERED"/*; do cmp -s "$f" "$NODE_CONF/$(basename "$f")" || return 1; done
}
if all_alive && node_ready && configs_current; then
  k8sw_log "real node $K8SW_NODE_NAME is already up and Ready"
  exit 0
fi
# Anything half-up from an earlier run (or running with other configs) goes first.
bash "$K8SW_SCRIPTS_DIR/node/node-down.sh" --quiet

mkdir -p "$NODE_LOGS" "$NODE_PIDS" "$NODE_CONF" "$K8SW_NODE_STATE/cni/net.d" "$K8SW_NODE_STATE/kubelet" \
  /var/log/pods "$K8SW_NODE_RUN/containerd"
cp "$RENDERED"/* "$NODE_CONF/"
# containerd reads the CNI config from its own directory.
cp "$NODE_CONF/cni.conflist" "$K8SW_NODE_STATE/cni/net.d/10-k8sw.conflist"

# Pod traffic is routed and bridged through iptables (kube-proxy's Service rules, the CNI masquerade).
sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1
# Mount propagation: a hostPath mount with HostToContainer (rslave) propagation, as NodeExporter's read-only "/",
# needs the host's mounts to be shared (systemd makes "/" shared at boot; this VM boots without systemd).
[[ "$(findmnt -no PROPAGATION /)" == shared ]] || mount --make-rshared /

# start_daemon NAME CMD...: run CMD in its own session, log to logs/NAME.log, record its PID.
start_daemon() {
  local name="$1"; shift
  PATH="$K8SW_BIN:$PATH" setsid "$@" >"$NODE_LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$NODE_PIDS/$name.pid"
}
# wait_for WHAT SECONDS CMD...: poll CMD each 0.5s; on timeout print the daemon's log tail and exit 1.
wait_for() {
  local what="$1" secs="$2" i; shift 2
  for ((i = 0; i < secs * 2; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "timed out after ${secs}s waiting for $what; last lines of $NODE_LOGS/$what.log:" >&2
  tail -n 30 "$NODE_LOGS/$what.log" >&2 || true
  exit 1
}

start_daemon containerd "$K8SW_BIN/containerd" --config "$NODE_CONF/containerd.toml"
wait_for containerd 30 ctr_ version
ctr_ images import "$K8SW_CACHE/node/pause.oci.tar" >"$NODE_LOGS/ctr-import.log" 2>&1 ||
  { cat "$NODE_LOGS/ctr-import.log" >&2; exit 1; }
if [[ -f "$K8SW_SCRIPTS_DIR/images.sh" ]]; then
  k8sw_log "importing local images (scripts/images.sh --import)"
  bash "$K8SW_SCRIPTS_DIR/images.sh" --import "$K8SW_CONTAINERD_SOCK"
fi

start_daemon kubelet "$K8SW_BIN/kubelet" --config "$NODE_CONF/kubelet-config.yaml" --kubeconfig "$KC" \
  --hostname-override "$K8SW_NODE_NAME" --node-ip "$NODE_IP" --root-dir "$K8SW_NODE_STATE/kubelet" \
  --cert-dir "$K8SW_NODE_STATE/kubelet/pki" \
  --node-labels "k8s-workloads.io/real-node=true"
start_daemon kube-proxy "$K8SW_BIN/kube-proxy" --config "$NODE_CONF/kube-proxy-config.yaml"
start_daemon coredns "$K8SW_BIN/coredns" -conf "$NODE_CONF/Corefile"
wait_for kubelet 120 node_ready
for d in "${NODE_DAEMONS[@]}"; do
  daemon_pid "$d" >/dev/null || { echo "$d exited; last lines of $NODE_LOGS/$d.log:" >&2; tail -n 30 "$NODE_LOGS/$d.log" >&2; exit 1; }
done
k8sw_log "real node $K8SW_NODE_NAME ($NODE_IP) Ready in $((SECONDS - START))s; cluster DNS $NODE_IP:53; logs: $NODE_LOGS"
