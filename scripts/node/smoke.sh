#!/usr/bin/env bash
# Smoke test of the real node real-0 on a running cluster: a pod of the local pause image is scheduled on
# real-0 (it tolerates the node's taint), becomes Ready, `kubectl logs` shows its line and `kubectl exec`
# runs in it (both through the API server to kubelet). With the busybox image imported
# (k8s-workloads.local/busybox:1.35, scripts/images.sh) a second pod also resolves the first one's
# StatefulSet-style name <host>.<headless-service>.<ns>.svc.cluster.local and a Service name through the
# cluster DNS; without it that check is reported as not run (--dns makes it required).
# Cleans up its namespace. Exit 1 on any failure.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/_common.sh"
kc() { "$K8SW_BIN/kubectl" --kubeconfig "$K8SW_STATE/kubeconfig" "$@"; }
NS="k8sw-node-smoke"
BUSYBOX="k8s-workloads.local/busybox:1.35"
REQUIRE_DNS=0; [[ "${1:-}" == "--dns" ]] && REQUIRE_DNS=1
START=$SECONDS
fail() { echo "node smoke test FAILED: $*" >&2; kc -n "$NS" describe pod smoke >&2 || true; exit 1; }

kc delete namespace "$NS" --ignore-not-found --wait=true >/dev/null
kc create namespace "$NS" >/dev/null
trap 'kc delete namespace "$NS" --ignore-not-found --wait=false >/dev/null 2>&1 || true' EXIT
kc -n "$NS" apply -f - >/dev/null <<EOF2
apiVersion: v1
kind: Pod
metadata:
  name: smoke
  labels: {app: smoke}
spec:
  hostname: web-0
  subdomain: web-headless
  nodeSelector: {k8s-workloads.io/real-node: "true"}
  tolerations: [{key: k8s-workloads.io/real-node, operator: Exists, effect: NoSchedule}]
  terminationGracePeriodSeconds: 2
  containers:
    - name: pause
      image: $K8SW_PAUSE_IMAGE
      imagePullPolicy: Never
      securityContext: {runAsUser: 65534, runAsNonRoot: true, allowPrivilegeEscalation: false}
---
apiVersion: v1
kind: Service
metadata:
  name: web-headless
spec:
  clusterIP: None
  selector: {app: smoke}
  ports: [{name: web, port: 80}]
EOF2
kc -n "$NS" wait --for=condition=Ready pod/smoke --timeout=90s >/dev/null || fail "pod did not become Ready"
node="$(kc -n "$NS" get pod smoke -o jsonpath='{.spec.nodeName}')"
[[ "$node" == "$K8SW_NODE_NAME" ]] || fail "pod ran on '$node', expected $K8SW_NODE_NAME"
ip="$(kc -n "$NS" get pod smoke -o jsonpath='{.status.podIP}')"
logs="$(kc -n "$NS" logs smoke)" || fail "kubectl logs failed"
grep -q '^pause: holding' <<<"$logs" || fail "kubectl logs did not show the pause line (got: '$logs')"
version="$(kc -n "$NS" exec smoke -- /pause -v)" || fail "kubectl exec failed"
[[ "$version" == "k8s-workloads pause 1" ]] || fail "kubectl exec printed '$version'"
# A service account token was mounted (projected volume through the API server's TokenRequest).
kc -n "$NS" get pod smoke -o jsonpath='{.spec.volumes[*].projected.sources[*].serviceAccountToken.path}' |
  grep -qw token || fail "no service account token volume"

dns="not run (image $BUSYBOX not in containerd)"
if "$K8SW_BIN/ctr" --address "$K8SW_CONTAINERD_SOCK" -n k8s.io images ls -q 2>/dev/null | grep -qx "$BUSYBOX"; then
  name="web-0.web-headless.$NS.svc.cluster.local"
  kc -n "$NS" apply -f - >/dev/null <<EOF2
apiVersion: v1
kind: Pod
metadata:
  name: lookup
spec:
  restartPolicy: Never
  nodeSelector: {k8s-workloads.io/real-node: "true"}
  tolerations: [{key: k8s-workloads.io/real-node, operator: Exists, effect: NoSchedule}]
  containers:
    - name: lookup
      image: $BUSYBOX
      imagePullPolicy: Never
      command: [sh, -c, "nslookup $name && nslookup kubernetes.default.svc.cluster.local"]
EOF2
  for _ in $(seq 1 60); do
    phase="$(kc -n "$NS" get pod lookup -o jsonpath='{.status.phase}')"
    [[ "$phase" == Succeeded || "$phase" == Failed ]] && break
    sleep 1
  done
  out="$(kc -n "$NS" logs lookup 2>&1 || true)"
  [[ "$phase" == Succeeded ]] || fail "DNS lookup pod ended '$phase': $out"
  grep -qF "$ip" <<<"$out" || fail "$name did not resolve to the pod's address $ip: $out"
  svc_ip="$(kc -n default get service kubernetes -o jsonpath='{.spec.clusterIP}')"
  grep -qF "$svc_ip" <<<"$out" || fail "kubernetes.default did not resolve to $svc_ip: $out"
  dns="$name -> $ip and kubernetes.default.svc.cluster.local resolve"
elif [[ $REQUIRE_DNS -eq 1 ]]; then
  fail "--dns: image $BUSYBOX is not in containerd (import it: scripts/images.sh --import $K8SW_CONTAINERD_SOCK)"
fi
echo "DNS check: $dns"
echo "node smoke test passed in $((SECONDS - START))s: pod on $node ($ip), logs and exec work"
