#!/usr/bin/env bash
# Packs one static binary into a single-layer OCI image archive (an OCI image layout in a tar), so that
# `ctr images import` can load it without a registry. The binary becomes /<name> and the entrypoint.
# Usage: scripts/node/oci-image.sh <binary> <image-ref> <out.tar>     (e.g. pause k8s-workloads.local/pause:1)
# Deterministic: fixed owners and mtimes, gzip without a name or timestamp.
set -euo pipefail
[[ $# -eq 3 ]] || { sed -n '2,4p' "$0" >&2; exit 2; }
bin="$1" ref="$2" out="$3"
[[ -x "$bin" ]] || { echo "oci-image.sh: binary '$bin' is not an executable file" >&2; exit 2; }
name="$(basename "$bin")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
# blob FILE: move FILE into blobs/sha256/<digest>, print the digest.
blob() { local d; d="$(sha "$1")"; mv "$1" "$work/layout/blobs/sha256/$d"; echo "$d"; }

mkdir -p "$work/rootfs" "$work/layout/blobs/sha256"
install -m 0755 "$bin" "$work/rootfs/$name"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/rootfs" -cf "$work/layer.tar" "$name"
diff_id="$(sha "$work/layer.tar")"
gzip -n -9 "$work/layer.tar"
layer_size="$(size "$work/layer.tar.gz")"
layer="$(blob "$work/layer.tar.gz")"

printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/%s"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$name" "$diff_id" >"$work/config.json"
config_size="$(size "$work/config.json")"
config="$(blob "$work/config.json")"

printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" >"$work/manifest.json"
manifest_size="$(size "$work/manifest.json")"
manifest="$(blob "$work/manifest.json")"

printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest" "$manifest_size" "$ref" "${ref##*:}" >"$work/layout/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$work/layout/oci-layout"

mkdir -p "$(dirname "$out")"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/layout" -cf "$out.tmp" .
mv "$out.tmp" "$out"
echo "wrote $out ($ref, manifest sha256:$manifest)"
