#!/usr/bin/env bash
# What `npm run demo` tells a newcomer before and after its run.
#   demo-plan.sh estimate     one line per toolchain step still to build, with its expected time, and the total
#                             (prints nothing when the toolchain is built)
#   demo-plan.sh next-steps   the commands to look at, change, tear down or reuse what the demo deployed
# Expected times: the local record of this machine's builds (timings.txt) where it has a step, else the reference
# figures in scripts/toolchain-timings.ref.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_common.sh"
stack="${K8S_WORKLOADS_STACK:-dev}"

# seconds STEP: the expected cold build time of a step, or empty.
seconds() {
  local local_record="$K8SW_CACHE/logs/timings.txt" s=""
  [[ -f "$local_record" ]] && s="$(awk -v n="$1" '$1 == n { t = $2 } END { print t }' "$local_record")"
  [[ -n "$s" ]] || s="$(awk -v n="$1" '$1 == n { print $2 }' "$K8SW_SCRIPTS_DIR/toolchain-timings.ref")"
  echo "$s"
}

estimate() {
  local steps step total=0 lines=() s
  steps="$(awk '!/^#/ && NF == 2 && $1 != "images" { print $1 }' "$K8SW_SCRIPTS_DIR/toolchain-timings.ref")"
  for step in $steps; do
    [[ -f "$K8SW_CACHE/stamps/$step" ]] && continue
    s="$(seconds "$step")"
    total=$((total + ${s:-0}))
    lines+=("      $step ~$(( (${s:-0} + 59) / 60 )) min")
  done
  # The real node's images (scripts/images.sh): built once from Debian packages when the real node is used.
  if ! compgen -G "$K8SW_CACHE/images/out/*.stamp" >/dev/null; then
    s="$(seconds images)"
    total=$((total + ${s:-0}))
    lines+=("      images ~$(( (${s:-0} + 59) / 60 )) min (container images for the real node, from Debian packages)")
  fi
  [[ ${#lines[@]} -gt 0 ]] || return 0
  echo "    First run: the toolchain is built from source (Go modules) and cached under $K8SW_CACHE."
  echo "    Expected on 2 cores: about $(( (total + 59) / 60 )) min in all (up to twice that on a busy machine):"
  printf '%s\n' "${lines[@]}"
  echo "    Each step prints 'building' and then 'done in Ns'; its full log is in $K8SW_CACHE/logs/."
  echo "    Later runs reuse the cache and start in seconds."
}

next_steps() {
  cat <<EOF

Next steps (run them from $K8SW_REPO_DIR):
  Look at what was deployed:
    source scripts/env.sh                 # PATH (kubectl, pulumi), KUBECONFIG and the local Pulumi backend
    kubectl get pods -A
  See the stack (file backend $K8SW_STATE/pulumi-state, passphrase k8s-workloads-local):
    source scripts/env.sh && pulumi stack output --stack $stack
  Change something and deploy again:
    source scripts/env.sh && pulumi config set webappActiveColor green --stack $stack && npm run demo
  Tear it down:
    npm run demo:destroy                  # destroys the $stack stack, then stops the local cluster
    # and to free the toolchain cache too (the next demo builds it again):
    rm -rf $K8SW_CACHE
  Run the same stacks on your own cluster (your pulumi and current kube context; see README "On a real cluster"):
    K8S_WORKLOADS_USE_PATH=1 npm run demo
EOF
}

case "${1:-}" in
  estimate) estimate ;;
  next-steps) next_steps ;;
  *) echo "usage: $0 estimate|next-steps" >&2; exit 2 ;;
esac
