#!/usr/bin/env bash
# The end-to-end tier (`npm run test:e2e`): real pulumi CLI, real Kubernetes provider, real kube-apiserver
# (KWOK-simulated nodes). Builds the toolchain and starts the local cluster when they are missing.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/toolchain.sh
bash scripts/cluster-up.sh
# shellcheck source=env.sh
source scripts/env.sh
npm run --silent build
pulumi login "$PULUMI_BACKEND_URL" >/dev/null
exec npx mocha --config .mocharc.e2e.json "$@"
