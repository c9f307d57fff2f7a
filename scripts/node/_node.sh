# Shared paths and helpers of the real node real-0; sourced by node-up.sh and node-down.sh after _common.sh.
# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this

NODE_LOGS="$K8SW_NODE_STATE/logs"
NODE_PIDS="$K8SW_NODE_STATE/pids"
NODE_CONF="$K8SW_NODE_STATE/config"
NODE_BRIDGE="k8sw0"
NODE_DAEMONS=(containerd kubelet kube-proxy coredns)   # start order; stopped in reverse
CNI_BIN_DIR="${K8S_WORKLOADS_CNI_BIN_DIR:-/usr/lib/cni}"
RUNC_BIN="${K8S_WORKLOADS_RUNC:-$(command -v runc || echo /usr/sbin/runc)}"

# The node address: K8S_WORKLOADS_NODE_IP, else the IPv4 source address of the default route.
node_ip() {
  if [[ -n "${K8S_WORKLOADS_NODE_IP:-}" ]]; then echo "$K8S_WORKLOADS_NODE_IP"; return; fi
  ip -4 route get 1.1.1.1 2>/dev/null | awk '{for (i = 1; i < NF; i++) if ($i == "src") {print $(i + 1); exit}}'
}

# PID recorded for daemon $1 if that process is still alive (else nothing, status 1).
daemon_pid() {
  local f="$NODE_PIDS/$1.pid" pid
  [[ -s "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ -d "/proc/$pid" ]] || return 1
  echo "$pid"
}

# Container shims of our containerd: their command line names our socket, which nothing else uses.
shim_pids() { pgrep -f -- "-address $K8SW_CONTAINERD_SOCK" || true; }

# Every mount point under the node's state and run directories, deepest first.
node_mounts() {
  awk -v a="$K8SW_NODE_STATE/" -v b="$K8SW_NODE_RUN/" \
    'index($2 "/", a) == 1 || index($2 "/", b) == 1 || $2 == substr(a, 1, length(a) - 1) {print $2}' /proc/self/mounts |
    awk '{print length($0) " " $0}' | sort -rn | cut -d' ' -f2-
}

# Fill in @NAME@ placeholders of template $1 from the NODE_VARS associative array.
render() {
  local out key
  out="$(cat "$1")"
  for key in "${!NODE_VARS[@]}"; do out="${out//@$key@/${NODE_VARS[$key]}}"; done
  if grep -q '@[A-Z_]*@' <<<"$out"; then
    echo "render: unfilled placeholder in $1: $(grep -o '@[A-Z_]*@' <<<"$out" | sort -u | tr '\n' ' ')" >&2
    return 1
  fi
  printf '%s\n' "$out"
}

# Prints one line per missing prerequisite ("what: fix"); prints nothing when the node can run here.
node_missing() {
  local b
  [[ "$(uname -s)" == Linux ]] || { echo "not Linux ($(uname -s)): the real node needs Linux namespaces and cgroups"; return; }
  [[ "$(id -u)" == 0 ]] || echo "not root: containerd, kubelet and kube-proxy need root (run cluster-up as root)"
  for b in kubelet kube-proxy containerd ctr containerd-shim-runc-v2 coredns; do
    [[ -x "$K8SW_BIN/$b" ]] || echo "$K8SW_BIN/$b missing: bash scripts/toolchain.sh kubernetes containerd coredns"
  done
  [[ -s "$K8SW_CACHE/node/pause.oci.tar" ]] ||
    echo "$K8SW_CACHE/node/pause.oci.tar missing: bash scripts/toolchain.sh pause"
  [[ -x "$RUNC_BIN" ]] || echo "runc missing: bash scripts/node-packages.sh"
  for b in bridge host-local loopback portmap; do
    [[ -x "$CNI_BIN_DIR/$b" ]] || echo "CNI plugin $CNI_BIN_DIR/$b missing: bash scripts/node-packages.sh"
  done
  for b in iptables ip6tables iptables-save iptables-restore conntrack ip mount nsenter socat; do
    command -v "$b" >/dev/null || echo "$b missing: bash scripts/node-packages.sh"
  done
  [[ -d /sys/fs/cgroup/memory || -f /sys/fs/cgroup/cgroup.controllers ]] ||
    echo "no usable cgroup hierarchy at /sys/fs/cgroup: mount cgroups (v1 memory/cpu/pids or v2)"
  grep -qw overlay /proc/filesystems || echo "no overlayfs in the kernel: containerd's overlayfs snapshotter needs it"
  [[ -d /proc/sys/net/bridge ]] || echo "no bridge netfilter (/proc/sys/net/bridge): modprobe br_netfilter"
  [[ -n "$(node_ip)" ]] || echo "no node address (no default route): set K8S_WORKLOADS_NODE_IP=<an address of this machine>"
  if command -v iptables >/dev/null && ! iptables -t nat -S >/dev/null 2>&1; then
    echo "iptables cannot read the nat table: kube-proxy needs iptables with nat (nft or legacy)"
  fi
}
