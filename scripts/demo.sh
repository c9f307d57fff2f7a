#!/usr/bin/env bash
# The main job (`npm run demo`): build the toolchain if missing, start the local cluster if it is not up,
# deploy the dev stack with the policy pack enforced, then print the outputs and a health summary.
# A second run is a no-op. With K8S_WORKLOADS_USE_PATH=1 it uses your own `pulumi` and kube context.
# When the cluster has a Ready real node (real-0), the web workloads run there from the local images (stack config
# `realNode: true`) and the health summary adds real HTTP checks (verify --http); otherwise all pods are simulated.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
stack="${K8S_WORKLOADS_STACK:-dev}"
started=$SECONDS
step() { printf '\n==> [%4ss] %s\n' "$((SECONDS - started))" "$*"; }

step "1/7 toolchain (cached under ~/.cache/k8s-workloads)"
bash scripts/demo-plan.sh estimate
bash scripts/toolchain.sh
step "2/7 local cluster"
bash scripts/cluster-up.sh
# shellcheck source=env.sh
source scripts/env.sh
step "3/7 compile the stack program and the policy pack"
npm run --silent build
step "4/7 log in to the file backend ($PULUMI_BACKEND_URL)"
pulumi login "$PULUMI_BACKEND_URL" >/dev/null
pulumi whoami -v | sed 's/^/    /'
step "5/7 select the $stack stack (its secrets in Pulumi.$stack.yaml use the local passphrase; see README)"
pulumi stack select "$stack" 2>/dev/null || pulumi stack init "$stack" --secrets-provider passphrase
# realNode follows the cluster: set while real-0 is Ready, removed (the default, false) otherwise. Setting the value
# it already has changes nothing, so a second run stays a no-op.
real_ready="$(kubectl get node real-0 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null || true)"
if [[ "$real_ready" == True ]]; then
  echo "    real node real-0 is Ready: the web workloads run on it from the local images (config realNode=true)"
  [[ "$(pulumi config get realNode --stack "$stack" 2>/dev/null || true)" == true ]] ||
    pulumi config set realNode true --stack "$stack"
  verify_http=(--http)
else
  echo "    no Ready real node: every pod is simulated by KWOK (config realNode unset)"
  pulumi config rm realNode --stack "$stack" 2>/dev/null || true
  verify_http=()
fi
# --refresh reconciles the stack's state with a cluster that was recreated (or reset) since the last deploy. It costs
# a read of every resource, so it runs only when the cluster's identity (the kube-system namespace's UID) differs
# from the one recorded after the last successful up of this stack, or when K8S_WORKLOADS_REFRESH=1 asks for it
# (after changing the cluster's objects by hand, for example).
cluster_uid="$(kubectl get namespace kube-system -o jsonpath='{.metadata.uid}')"
uid_file="$K8SW_STATE/demo-cluster-uid/$stack"
refresh=()
if [[ "${K8S_WORKLOADS_REFRESH:-0}" == 1 ]]; then
  refresh=(--refresh); why="K8S_WORKLOADS_REFRESH=1"
elif [[ "$(cat "$uid_file" 2>/dev/null || true)" != "$cluster_uid" ]]; then
  refresh=(--refresh); why="the cluster is not the one of the last deploy"
else
  why="same cluster as the last deploy: no refresh (K8S_WORKLOADS_REFRESH=1 forces one)"
fi
step "6/7 pulumi up${refresh[*]:+ ${refresh[*]}} --policy-pack policies (mandatory rules block the update; $why)"
pulumi up --yes "${refresh[@]}" --stack "$stack" --policy-pack policies
mkdir -p "$(dirname "$uid_file")"
printf '%s\n' "$cluster_uid" >"$uid_file"
echo "    checking that another up would change nothing..."
pulumi preview --stack "$stack" --policy-pack policies --expect-no-changes >/dev/null
echo "    unchanged"
step "7/7 outputs and health"
pulumi stack output --stack "$stack"
node cli/k8s-workloads.js verify --stack "$stack" --timeout 180s "${verify_http[@]}"
step "done in $((SECONDS - started))s"
bash scripts/demo-plan.sh next-steps
