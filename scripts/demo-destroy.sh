#!/usr/bin/env bash
# `npm run demo:destroy`: destroys the demo's stack (dev unless K8S_WORKLOADS_STACK is set) and stops the local
# cluster. Its config file Pulumi.<stack>.yaml stays, so `npm run demo` can deploy it again.
# With K8S_WORKLOADS_USE_PATH=1 it destroys the stack on your current kube context and leaves the cluster alone.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
stack="${K8S_WORKLOADS_STACK:-dev}"
# shellcheck source=env.sh
source scripts/env.sh

if ! command -v pulumi >/dev/null; then
  echo "==> no pulumi CLI: nothing was deployed from this machine"
elif ! pulumi login "$PULUMI_BACKEND_URL" >/dev/null || ! pulumi stack select "$stack" 2>/dev/null; then
  echo "==> no $stack stack in $PULUMI_BACKEND_URL: nothing to destroy"
elif kubectl get --raw /readyz >/dev/null 2>&1; then
  echo "==> pulumi destroy --stack $stack"
  pulumi destroy --yes --stack "$stack"
else
  # The resources went with the cluster: forget them, keep the stack and its config file.
  echo "==> the cluster is not running, so the $stack stack's resources are gone with it: clearing its state"
  pulumi state delete --all --yes --force --stack "$stack"
fi
echo "==> stopping the local cluster"
bash scripts/cluster-down.sh
