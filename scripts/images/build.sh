# Build steps of scripts/images.sh: the cached bookworm base, one image from a recipe, the OCI archive.
# Sourced by images.sh (not executable on its own). Every build runs in a subshell with its own log.
# shellcheck shell=bash

# Bump when a change here must rebuild every image (it is part of each image's recipe hash).
IMAGES_BUILDER_VERSION=2
IMAGES_SUITE=bookworm
# dpkg-query's format for package=version lines (a dpkg format, not a shell expansion).
# shellcheck disable=SC2016
IMAGES_DPKG_FORMAT='${Package}=${Version}\n'

# The Debian mirror apt uses on this machine for $1 (bookworm or bookworm-security); deb.debian.org if none.
images_mirror() {
  local suite="$1" uri
  uri="$(awk -v want="$suite" '
    /^URIs:/ { uri = $2 }
    /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == want) found = uri }
    /^deb / { for (i = 3; i <= NF; i++) if ($i == want && $(i-1) ~ /^[a-z]+:/) found = $(i-1) }
    END { print found }' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null)"
  if [[ -z "$uri" ]]; then
    case "$suite" in
      *-security) uri="http://deb.debian.org/debian-security" ;;
      *) uri="http://deb.debian.org/debian" ;;
    esac
  fi
  printf '%s\n' "${uri%/}"
}

# Mounts /proc, /dev and the shared .deb cache into rootfs $1; images_unmount_all undoes it.
images_mount() {
  local root="$1"
  mkdir -p "$IMAGES_CACHE/apt-archives/partial" "$root/var/cache/apt/archives"
  mount -t proc proc "$root/proc"
  mount --bind /dev "$root/dev"
  mount --bind "$IMAGES_CACHE/apt-archives" "$root/var/cache/apt/archives"
}

# Unmounts everything below $1 (deepest first); safe to call twice.
images_unmount_all() {
  local root="$1" mnt
  [[ -d "$root" ]] || return 0
  root="$(realpath "$root")"
  while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done < <(awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r)
}

# Runs a command in rootfs $1 with a clean environment.
images_chroot() {
  local root="$1"; shift
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 HOME=/root \
    chroot "$root" "$@"
}

# The base rootfs: debootstrap --variant=minbase once, then apt sources with updates and security, upgraded.
images_base_stamp_want() {
  printf 'suite=%s mirror=%s security=%s builder=%s files=%s\n' "$IMAGES_SUITE" "$(images_mirror "$IMAGES_SUITE")" \
    "$(images_mirror "$IMAGES_SUITE-security")" "$IMAGES_BUILDER_VERSION" \
    "$(cat "$IMAGES_DIR"/base/* | sha256sum | cut -c1-16)"
}

images_base_ensure() {
  local base="$IMAGES_CACHE/base" want log="$IMAGES_CACHE/logs/base.log" start=$SECONDS
  want="$(images_base_stamp_want)"
  if [[ -d "$base/rootfs" && -f "$base/stamp" && "$(head -n1 "$base/stamp")" == "$want" ]]; then
    return 0
  fi
  k8sw_log "base: debootstrap --variant=minbase $IMAGES_SUITE from $(images_mirror "$IMAGES_SUITE"); log: $log"
  if ! (images_base_build "$base" "$want") >"$log" 2>&1; then
    images_unmount_all "$base/rootfs.tmp"
    images_fail base "$log"
  fi
  k8sw_log "base: ready in $((SECONDS - start))s ($(du -sh "$base/rootfs" | cut -f1))"
}

images_base_build() {
  local base="$1" want="$2" tmp="$1/rootfs.tmp"
  set -euo pipefail
  # shellcheck disable=SC2064 # expand now: the locals are gone when the subshell exits
  trap "images_unmount_all '$tmp'" EXIT
  images_unmount_all "$tmp"
  rm -rf "$tmp" "$base/rootfs" "$base/stamp"
  mkdir -p "$base"
  debootstrap --variant=minbase "$IMAGES_SUITE" "$tmp" "$(images_mirror "$IMAGES_SUITE")"
  install -m 0644 "$IMAGES_DIR/base/dpkg-excludes" "$tmp/etc/dpkg/dpkg.cfg.d/excludes"
  install -m 0644 "$IMAGES_DIR/base/apt-minimal.conf" "$tmp/etc/apt/apt.conf.d/90minimal"
  install -m 0755 "$IMAGES_DIR/base/policy-rc.d" "$tmp/usr/sbin/policy-rc.d"
  rm -f "$tmp/etc/apt/sources.list"
  cat >"$tmp/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $(images_mirror "$IMAGES_SUITE")
Suites: $IMAGES_SUITE $IMAGES_SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $(images_mirror "$IMAGES_SUITE-security")
Suites: $IMAGES_SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  images_mount "$tmp"
  images_chroot "$tmp" apt-get update
  images_chroot "$tmp" apt-get -y dist-upgrade
  images_chroot "$tmp" apt-get clean
  images_unmount_all "$tmp"
  { printf '%s\n' "$want"; images_chroot "$tmp" dpkg-query -W -f "$IMAGES_DPKG_FORMAT"; } >"$base/stamp.tmp"
  mv "$tmp" "$base/rootfs"
  mv "$base/stamp.tmp" "$base/stamp"
}

# Removes what a container never needs: apt lists and caches, docs, man pages, locales, logs.
images_strip() {
  local root="$1"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/debconf/*-old \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/lintian "$root"/usr/share/linda \
    "$root"/var/log/apt/* "$root"/var/log/*.log "$root"/tmp/* "$root"/var/tmp/* "$root/usr/sbin/policy-rc.d"
  find "$root/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  chmod 1777 "$root/tmp"
}

# Builds one image (recipe already sourced) into $IMAGES_CACHE/out/<id>.oci.tar with its stamp.
images_build_one() {
  local id="$1" hash="$2" work="$IMAGES_CACHE/work/$1" out="$IMAGES_CACHE/out"
  local root="$work/rootfs" final entry src dst mode
  set -euo pipefail
  # shellcheck disable=SC2064 # expand now: the locals are gone when the subshell exits
  trap "images_unmount_all '$work'" EXIT
  images_unmount_all "$work"
  rm -rf "$work"
  mkdir -p "$work" "$out"
  cp -a "$IMAGES_CACHE/base/rootfs" "$root"
  images_mount "$root"
  if declare -F image_prepare >/dev/null; then image_prepare "$root"; fi
  if [[ ${#IMAGE_PACKAGES[@]} -gt 0 ]]; then
    images_chroot "$root" apt-get install -y --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${IMAGE_PACKAGES[@]}"
  fi
  images_chroot "$root" dpkg-query -W -f "$IMAGES_DPKG_FORMAT" "${IMAGE_PACKAGES[@]}" >"$work/versions"
  images_chroot "$root" dpkg-query -W -f "$IMAGES_DPKG_FORMAT" >"$work/all-packages"
  for entry in "${IMAGE_FILES[@]}"; do # src:dst[:mode]
    IFS=: read -r src dst mode <<<"$entry"
    install -D -m "${mode:-0644}" "$IMAGES_DIR/$src" "$root$dst"
  done
  if declare -F image_finish >/dev/null; then image_finish "$root"; fi
  images_unmount_all "$work"
  images_strip "$root"
  final="$root"
  if declare -F image_extract >/dev/null; then
    final="$work/scratch"
    mkdir -p "$final"
    image_extract "$root" "$final"
  fi
  images_pack "$id" "$final" "$work"
  images_write_stamp "$id" "$hash" "$work"
  rm -rf "$work"
}

# Packs rootfs $2 as a one-layer OCI image with the recipe's config; tars the layout atomically.
images_pack() {
  local id="$1" rootfs="$2" work="$3" layout="$3/oci" ref arg labels
  local -a cfg=()
  ref="$IMAGES_REGISTRY/$IMAGE_NAME:$IMAGE_TAG"
  labels="$(paste -sd, "$work/versions")"
  umoci init --layout "$layout"
  umoci new --image "$layout:$IMAGE_TAG"
  umoci unpack --image "$layout:$IMAGE_TAG" "$work/bundle"
  rm -rf "$work/bundle/rootfs"
  mv "$rootfs" "$work/bundle/rootfs"
  umoci repack --image "$layout:$IMAGE_TAG" --history.created_by "scripts/images.sh ($id)" \
    --history.comment "Debian $IMAGES_SUITE: ${IMAGE_PACKAGES[*]}" "$work/bundle"
  cfg+=(--config.user "$IMAGE_USER" --config.workingdir "${IMAGE_WORKDIR:-/}")
  cfg+=(--config.label "org.opencontainers.image.version=$IMAGE_TAG")
  cfg+=(--config.label "io.k8s-workloads.debian-packages=$labels")
  cfg+=(--clear config.entrypoint --clear config.cmd)
  for arg in "${IMAGE_ENTRYPOINT[@]}"; do cfg+=(--config.entrypoint "$arg"); done
  for arg in "${IMAGE_CMD[@]}"; do cfg+=(--config.cmd "$arg"); done
  # --config.env replaces the whole environment: keep the usual PATH unless the recipe sets its own.
  if ! printf '%s\n' "${IMAGE_ENV[@]}" | grep -q '^PATH='; then
    cfg+=(--config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
  fi
  for arg in "${IMAGE_ENV[@]}"; do cfg+=(--config.env "$arg"); done
  for arg in "${IMAGE_PORTS[@]}"; do cfg+=(--config.exposedports "$arg"); done
  for arg in "${IMAGE_VOLUMES[@]}"; do cfg+=(--config.volume "$arg"); done
  umoci config --no-history --image "$layout:$IMAGE_TAG" "${cfg[@]}"
  umoci gc --layout "$layout"
  # containerd names the image after io.containerd.image.name; the OCI ref name stays the tag.
  jq --arg ref "$ref" '.manifests[0].annotations["io.containerd.image.name"] = $ref' "$layout/index.json" \
    >"$layout/index.json.new"
  mv "$layout/index.json.new" "$layout/index.json"
  tar -C "$layout" -cf "$IMAGES_CACHE/out/$id.oci.tar.tmp" --sort=name --owner=0 --group=0 --numeric-owner .
}

# The stamp is written last, after the archive has its final name: no stamp, no import.
images_write_stamp() {
  local id="$1" hash="$2" work="$3" out="$IMAGES_CACHE/out" sum
  sum="$(sha256sum "$out/$id.oci.tar.tmp" | cut -d' ' -f1)"
  mv "$out/$id.oci.tar.tmp" "$out/$id.oci.tar"
  cp "$work/all-packages" "$out/$id.packages"
  {
    printf 'ref=%s\n' "$IMAGES_REGISTRY/$IMAGE_NAME:$IMAGE_TAG"
    printf 'recipe=%s\n' "$hash"
    printf 'sha256=%s\n' "$sum"
    printf 'bytes=%s\n' "$(stat -c %s "$out/$id.oci.tar")"
    printf 'user=%s\n' "$IMAGE_USER"
    printf 'built=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf 'packages=%s\n' "$(paste -sd' ' "$work/versions")"
  } >"$out/$id.stamp.tmp"
  mv "$out/$id.stamp.tmp" "$out/$id.stamp"
}

# Names the failed step and shows the end of its log; exits.
images_fail() {
  local what="$1" log="$2"
  k8sw_log "FAILED: image $what; last lines of $log:"
  tail -n 40 "$log" >&2
  exit 1
}
