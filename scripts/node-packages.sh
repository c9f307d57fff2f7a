#!/usr/bin/env bash
# Installs the Debian packages the local cluster's real node (real-0) needs: runc, the CNI plugins,
# iptables + conntrack for kube-proxy, socat (kubectl port-forward) and the mount/namespace tools kubelet
# calls. Idempotent and quiet: packages already installed are left alone. Needs root and apt-get.
# Usage: scripts/node-packages.sh [--print]   (--print: only print the package list)
set -euo pipefail

NODE_PACKAGES=(runc containernetworking-plugins iptables conntrack socat ethtool iproute2 util-linux mount kmod)

if [[ "${1:-}" == "--print" ]]; then echo "${NODE_PACKAGES[*]}"; exit 0; fi
if [[ "$(id -u)" != 0 ]]; then
  echo "node-packages.sh must run as root (try: sudo bash $0)" >&2
  exit 1
fi
command -v apt-get >/dev/null || { echo "node-packages.sh needs apt-get (Debian/Ubuntu)" >&2; exit 1; }

missing=()
for p in "${NODE_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "node packages already installed: ${NODE_PACKAGES[*]}"
  exit 0
fi
echo "installing node packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2> >(grep -v "^debconf: delaying" >&2)
echo "node packages installed: ${missing[*]}"
