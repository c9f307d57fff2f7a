# Source this file (bash): `source scripts/env.sh`. Puts the locally built toolchain first on PATH
# and points Pulumi at an offline file backend and the local KWOK cluster's kubeconfig.
# With K8S_WORKLOADS_USE_PATH=1 the existing PATH pulumi and current kube context are left alone
# (KUBECONFIG is not changed). Does not change shell options of the caller.
# shellcheck shell=bash

__k8sw_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=_common.sh
source "$__k8sw_dir/_common.sh"
unset __k8sw_dir

export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# Local, documented passphrase for the file backend's secrets provider (override by setting it).
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-k8s-workloads-local}"
mkdir -p "$K8SW_STATE/pulumi-state"
export PULUMI_BACKEND_URL="file://$K8SW_STATE/pulumi-state"

if ! k8sw_use_path; then
  case ":$PATH:" in
    *":$K8SW_BIN:"*) ;;
    *) export PATH="$K8SW_BIN:$PATH" ;;
  esac
  export PULUMI_HOME="$K8SW_CACHE/pulumi-home"
  export KUBECONFIG="$K8SW_STATE/kubeconfig"
  # kwokctl --runtime binary: use the local binaries (symlinked, never downloaded).
  export KWOK_KUBE_APISERVER_BINARY="$K8SW_BIN/kube-apiserver"
  export KWOK_KUBE_CONTROLLER_MANAGER_BINARY="$K8SW_BIN/kube-controller-manager"
  export KWOK_KUBE_SCHEDULER_BINARY="$K8SW_BIN/kube-scheduler"
  export KWOK_CONTROLLER_BINARY="$K8SW_BIN/kwok"
  export KWOK_ETCD_BINARY="$K8SW_BIN/etcd"
  export KWOK_KUBECTL_BINARY="$K8SW_BIN/kubectl"
  export KWOK_KUBE_VERSION="v$KUBERNETES_VERSION"
  export KWOK_ETCD_VERSION="$ETCD_VERSION"
  export KWOK_RUNTIME=binary
fi
