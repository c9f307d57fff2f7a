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
