#!/usr/bin/env bash
# The end-to-end tier (`npm run test:e2e`): real pulumi CLI, real Kubernetes provider, real kube-apiserver
# (KWOK-simulated nodes, and the real node real-0 for tests/e2e/real when it is up: without it those scenarios are
# reported pending with the reason). Builds the toolchain and starts the local cluster when they are missing.
# E2E_TIER=real runs only the real-pod tier, E2E_TIER=kwok only the KWOK scenarios; the default runs both.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/toolchain.sh
bash scripts/cluster-up.sh
# shellcheck source=env.sh
source scripts/env.sh
npm run --silent build
pulumi login "$PULUMI_BACKEND_URL" >/dev/null
# --sort: the KWOK scenarios (tests/e2e/*.e2e.ts) run before tests/e2e/real/, in file order; the dev-stack scenario
# destroys the demo's stack first, so that its node-exporter does not hold port 9100 on real-0.
case "${E2E_TIER:-all}" in
  all) exec npx mocha --config .mocharc.e2e.json --sort "$@" ;;
  real) spec='bin/tests/e2e/real/**/*.e2e.js' ;;
  kwok) spec='bin/tests/e2e/*.e2e.js' ;;
  *) echo "E2E_TIER must be all, real or kwok (got \"$E2E_TIER\")" >&2; exit 2 ;;
esac
exec npx mocha --no-config --require bin/tests/e2e/support/hooks.js --timeout 900000 --slow 60000 --reporter spec \
  --no-color --sort "$spec" "$@"
