# Shared paths and helpers; sourced by the other scripts (not executable on its own).
# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this

K8SW_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
K8SW_REPO_DIR="$(cd "$K8SW_SCRIPTS_DIR/.." && pwd)"
# shellcheck source=versions.env
source "$K8SW_SCRIPTS_DIR/versions.env"

# Everything built or downloaded lives outside the clone.
K8SW_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/k8s-workloads"
K8SW_BIN="$K8SW_CACHE/bin"
K8SW_STATE="${XDG_STATE_HOME:-$HOME/.local/state}/k8s-workloads"
K8SW_CLUSTER_NAME="k8s-workloads"

# The real node real-0 (scripts/node/): its state (containerd root, kubelet root-dir, CNI state, logs, PID
# files) and its sockets. Images for it are imported into containerd namespace k8s.io through this socket
# with $K8SW_BIN/ctr (e.g. `ctr --address "$K8SW_CONTAINERD_SOCK" -n k8s.io images ls`).
K8SW_NODE_NAME="real-0"
K8SW_NODE_STATE="$K8SW_STATE/node"
K8SW_NODE_RUN="/run/k8s-workloads"
K8SW_CONTAINERD_SOCK="$K8SW_NODE_RUN/containerd/containerd.sock"
# The sandbox image: our own static pause binary (scripts/node/pause), never pulled from a registry.
K8SW_PAUSE_IMAGE="k8s-workloads.local/pause:1"
# Addresses: Services (kube-apiserver, kube-proxy), real-0's pods (its CNI bridge; KWOK's fake pods use
# 10.0.0.0/24), and the node address (default: the IPv4 of the default-route interface).
K8SW_SERVICE_CIDR="10.96.0.0/16"
K8SW_NODE_POD_CIDR="10.244.0.0/24"
K8SW_CLUSTER_POD_CIDR="10.244.0.0/16"

# Go caches for every build and module download.
k8sw_go_env() {
  export GOMODCACHE="$K8SW_CACHE/gomod"
  export GOCACHE="$K8SW_CACHE/gocache"
  export GOPATH="$K8SW_CACHE/gopath"
  export GOTOOLCHAIN=local   # never download a Go toolchain
  export GOFLAGS="-mod=mod -buildvcs=false"
  export CGO_ENABLED=0
}

# --use-path / K8S_WORKLOADS_USE_PATH=1: use pulumi from PATH and the current kube context.
k8sw_use_path() {
  [[ "${K8S_WORKLOADS_USE_PATH:-0}" == "1" || "${K8S_WORKLOADS_USE_PATH:-}" == "true" ]]
}

k8sw_log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
