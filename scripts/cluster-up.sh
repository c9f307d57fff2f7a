#!/usr/bin/env bash
# Starts the local KWOK cluster "k8s-workloads" (kwokctl --runtime binary) from the binaries built by
# scripts/toolchain.sh, then adds fake nodes, storage, Istio CRDs and an IngressClass.
# Idempotent: if the cluster is already up and healthy it says so and exits 0.
#
# Env: K8S_WORKLOADS_NODES   number of plain workers kwok-node-0..N-1 (default 3; benchmarks use 100)
#      K8S_WORKLOADS_STANDARD_PVS / K8S_WORKLOADS_GP3_PVS   pre-made 20Gi volumes (default 40 / 10).
#      Volumes released by deleted claims are made available again by every run.
#      K8S_WORKLOADS_REAL_NODE   real node real-0 (scripts/node/): unset = when this machine can run it
#      (otherwise what is missing is printed and the cluster is KWOK-only); 1 = required (exit 1 if it
#      cannot start); 0 = off.
#      K8S_WORKLOADS_USE_PATH=1 (or --use-path): start nothing, use the current kube context.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_common.sh"

for arg in "$@"; do
  case "$arg" in
    --use-path) export K8S_WORKLOADS_USE_PATH=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

if k8sw_use_path; then
  k8sw_log "use-path mode: using the current kube context ($(kubectl config current-context 2>/dev/null || echo none)); starting nothing"
  exit 0
fi

source "$K8SW_SCRIPTS_DIR/env.sh"
k8sw_go_env
export KWOK_WORKDIR="$K8SW_STATE/kwok"
NODES="${K8S_WORKLOADS_NODES:-3}"
START=$SECONDS
KC="$KUBECONFIG"
kc() { "$K8SW_BIN/kubectl" --kubeconfig "$KC" "$@"; }

for b in kwokctl kwok kube-apiserver kube-controller-manager kube-scheduler kubectl etcd; do
  [[ -x "$K8SW_BIN/$b" ]] || { echo "missing $K8SW_BIN/$b: run scripts/toolchain.sh first" >&2; exit 1; }
done
mkdir -p "$K8SW_STATE" "$KWOK_WORKDIR"

healthy() { [[ -s "$KC" ]] && kc get --raw /readyz >/dev/null 2>&1; }
cluster_exists() { "$K8SW_BIN/kwokctl" get clusters 2>/dev/null | grep -qx "$K8SW_CLUSTER_NAME"; }

# --- Fake nodes (kwok manages anything annotated kwok.x-k8s.io/node=fake).
fake_node() { # name, extra labels (yaml lines), taints (yaml)
  cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: $1
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: $1
    kubernetes.io/os: linux
    kubernetes.io/role: agent
    type: kwok
    topology.kubernetes.io/region: local
    topology.kubernetes.io/zone: local-$(( ${1##*-} % 3 ))
$2
spec:
$3
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110", ephemeral-storage: 500Gi}
  capacity: {cpu: "32", memory: 256Gi, pods: "110", ephemeral-storage: 500Gi}
  nodeInfo:
    architecture: amd64
    kubeletVersion: v$KUBERNETES_VERSION
    kubeProxyVersion: v$KUBERNETES_VERSION
    operatingSystem: linux
  phase: Running
EOF
}
# --- Real node real-0 (scripts/node/): wanted unless K8S_WORKLOADS_REAL_NODE=0.
real_node_wanted() { [[ "${K8S_WORKLOADS_REAL_NODE:-1}" != 0 && "${K8S_WORKLOADS_REAL_NODE:-1}" != false ]]; }
# Starts it, or explains why this machine cannot run it and goes on KWOK-only (exit 0 of cluster-up).
start_real_node() {
  real_node_wanted || { k8sw_log "real node off (K8S_WORKLOADS_REAL_NODE=0): KWOK-only cluster"; return 0; }
  local rc=0 required=0
  [[ "${K8S_WORKLOADS_REAL_NODE:-}" == 1 || "${K8S_WORKLOADS_REAL_NODE:-}" == true ]] && required=1
  bash "$K8SW_SCRIPTS_DIR/node/node-up.sh" || rc=$?
  [[ $rc -eq 0 ]] && return 0
  if [[ $rc -ne 3 ]]; then
    k8sw_log "real node $K8SW_NODE_NAME failed to start (logs: $K8SW_NODE_STATE/logs); stopping what started"
    bash "$K8SW_SCRIPTS_DIR/node/node-down.sh" --quiet || true
  fi
  if [[ $required -eq 1 ]]; then
    echo "K8S_WORKLOADS_REAL_NODE=1 but the real node could not start" >&2
    return 1
  fi
  k8sw_log "continuing with the KWOK-only cluster. To get the real node: as root on Linux, run"
  k8sw_log "  bash scripts/node-packages.sh && bash scripts/toolchain.sh && bash scripts/cluster-up.sh"
  return 0
}
# Directories of the pre-made hostPath volumes: world-writable (database images run as non-root users).
pv_dirs() { # pv names...
  local pv
  for pv in "$@"; do mkdir -p "$PV_ROOT/$pv" && chmod 0777 "$PV_ROOT/$pv"; done
}
PV_ROOT=/tmp/kwok-pv

if cluster_exists && healthy && [[ -f "$K8SW_STATE/cluster-ready" ]]; then
  # Top up the workers if more are wanted now (e.g. K8S_WORKLOADS_NODES=100 for benchmarks).
  have="$(kc get nodes -o name | grep -c '^node/kwok-node-' || true)"
  if (( have < NODES )); then
    for i in $(seq "$have" $((NODES - 1))); do fake_node "kwok-node-$i" "" "  taints: []"; done | kc apply -f - >/dev/null
    kc wait --for=condition=Ready node --all --timeout=120s >/dev/null
    k8sw_log "added $((NODES - have)) worker nodes"
  fi
  # Make volumes released by deleted claims (reclaim policy Retain) available again.
  released="$(kc get pv -l k8s-workloads.io/local-pv=true --no-headers 2>/dev/null | awk '$5=="Released"{print $1}')"
  # Their directories are emptied first: data of an old claim must never show up in a new one.
  for pv in $released; do
    rm -rf "${PV_ROOT:?}/$pv" && pv_dirs "$pv"
    kc patch pv "$pv" --type json -p '[{"op":"remove","path":"/spec/claimRef"}]' >/dev/null
  done
  [[ -z "$released" ]] || k8sw_log "made $(wc -w <<<"$released") released volumes available again"
  start_real_node
  k8sw_log "cluster $K8SW_CLUSTER_NAME is already up and healthy (KUBECONFIG=$KC)"
  exit 0
fi
if cluster_exists; then
  k8sw_log "cluster $K8SW_CLUSTER_NAME exists but is not healthy/complete: recreating it"
  bash "$K8SW_SCRIPTS_DIR/cluster-down.sh"
fi
rm -f "$K8SW_STATE/cluster-ready"

# --- KWOK stages: KWOK's own defaults (from its module, since passing any Stage drops them) + ours.
KWOK_SRC="$(go mod download -json "sigs.k8s.io/kwok@v$KWOK_VERSION" | awk -F'"' '$2=="Dir"{print $4}')"
STAGES="$K8SW_CACHE/kwok/stages-$KWOK_VERSION.yaml"
mkdir -p "$(dirname "$STAGES")"
{
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
           pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    echo "---"; cat "$KWOK_SRC/kustomize/stage/$f"
  done
  echo "---"; cat "$K8SW_SCRIPTS_DIR/kwok/pod-never-ready.yaml"
} >"$STAGES"
# kwokctl options: KWOK manages only the fake nodes; the Service range (see kwok/kwokctl-config.yaml).
KWOKCTL_CONFIG="$K8SW_CACHE/kwok/kwokctl-config.yaml"
sed "s|@SERVICE_CIDR@|$K8SW_SERVICE_CIDR|g" "$K8SW_SCRIPTS_DIR/kwok/kwokctl-config.yaml" >"$KWOKCTL_CONFIG"

k8sw_log "creating cluster $K8SW_CLUSTER_NAME (Kubernetes v$KUBERNETES_VERSION, etcd $ETCD_VERSION, kwok v$KWOK_VERSION)"
"$K8SW_BIN/kwokctl" create cluster --name "$K8SW_CLUSTER_NAME" --runtime binary \
  -c "$STAGES" -c "$KWOKCTL_CONFIG" \
  --kubeconfig "$KC" \
  --kube-apiserver-binary "$K8SW_BIN/kube-apiserver" \
  --kube-controller-manager-binary "$K8SW_BIN/kube-controller-manager" \
  --kube-scheduler-binary "$K8SW_BIN/kube-scheduler" \
  --kwok-controller-binary "$K8SW_BIN/kwok" \
  --etcd-binary "$K8SW_BIN/etcd" \
  --wait 120s
k8sw_log "control plane up after $((SECONDS - START))s; kubeconfig: $KC"

# Wait for the API and the default service account (needed before pods can be created).
for _ in $(seq 1 120); do healthy && kc get serviceaccount default >/dev/null 2>&1 && break; sleep 1; done
healthy || { echo "API server not healthy" >&2; exit 1; }

{
  for i in $(seq 0 $((NODES - 1))); do fake_node "kwok-node-$i" "" "  taints: []"; done
  fake_node kwok-monitoring-0 "    k8s-workloads.io/role: monitoring" "  taints: []"
  fake_node kwok-control-plane-0 '    node-role.kubernetes.io/control-plane: ""' \
    "  taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]"
} | kc apply -f - >/dev/null
k8sw_log "created $((NODES + 2)) fake nodes"

# --- Storage: default class "standard" and "ebs-gp3", with pre-provisioned volumes that bind.
{
  for sc in standard ebs-gp3; do
    default=false; [[ $sc == standard ]] && default=true
    cat <<EOF
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $sc
  annotations:
    storageclass.kubernetes.io/is-default-class: "$default"
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: Immediate
reclaimPolicy: Retain
allowVolumeExpansion: true
EOF
  done
  pv() { # name, class, size
    cat <<EOF
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: $1
  labels: {k8s-workloads.io/local-pv: "true"}
spec:
  storageClassName: $2
  capacity: {storage: $3}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath: {path: /tmp/kwok-pv/$1}
EOF
  }
  for i in $(seq 0 $((${K8S_WORKLOADS_STANDARD_PVS:-40} - 1))); do pv "pv-standard-$i" standard 20Gi; done
  for i in $(seq 0 $((${K8S_WORKLOADS_GP3_PVS:-10} - 1))); do pv "pv-ebs-gp3-$i" ebs-gp3 20Gi; done
} | kc apply -f - >/dev/null
# Fresh volumes start empty (a cluster recreated over old directories must not hand out old data).
mapfile -t pvs < <(kc get pv -l k8s-workloads.io/local-pv=true -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')
for pv in "${pvs[@]}"; do rm -rf "${PV_ROOT:?}/$pv"; done
pv_dirs "${pvs[@]}"
k8sw_log "created storage classes standard (default), ebs-gp3 and $(kc get pv --no-headers | wc -l) persistent volumes"

# --- Istio CRDs from the istio.io/api module (server-side apply: they exceed the annotation limit).
ISTIO_SRC="$(go mod download -json "istio.io/api@v$ISTIO_API_VERSION" | awk -F'"' '$2=="Dir"{print $4}')"
kc apply --server-side --force-conflicts -f "$ISTIO_SRC/kubernetes/customresourcedefinitions.gen.yaml" >/dev/null
kc wait --for=condition=Established crd --all --timeout=60s >/dev/null
k8sw_log "installed Istio CRDs from istio.io/api v$ISTIO_API_VERSION ($(kc get crd -o name | grep -c istio.io) CRDs)"

kc apply -f - >/dev/null <<EOF
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
EOF

start_real_node

# --- Wait for all nodes to be Ready.
kc wait --for=condition=Ready node --all --timeout=120s >/dev/null
k8sw_log "$(kc get nodes --no-headers | grep -c ' Ready') nodes Ready"
touch "$K8SW_STATE/cluster-ready"
k8sw_log "cluster $K8SW_CLUSTER_NAME ready in $((SECONDS - START))s; export KUBECONFIG=$KC (or: source scripts/env.sh)"
