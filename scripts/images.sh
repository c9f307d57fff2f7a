#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Local container images built from Debian bookworm packages (no container registry is reachable here).
# A minbase debootstrap is made once and cached; each image in scripts/images/*.recipe is derived from a copy of
# it, stripped, and packed as a one-layer OCI archive under ${XDG_CACHE_HOME:-~/.cache}/k8s-workloads/images/out.
# A stamp per image records its recipe hash, archive sha256 and Debian package versions: a warm run is a no-op,
# and a changed recipe rebuilds only that image.
#
# Usage: scripts/images.sh [--force] [--only id[,id...]] [--list [--verbose]] [--import <containerd-socket>]
#        scripts/images.sh --install-deps
#   (no flag)        build what is missing or out of date (needs root: debootstrap, chroot, mounts)
#   --list           print the image references, one per line (--verbose: packages, size, user, archive)
#   --import SOCK    build what is missing, then import every image into containerd's k8s.io namespace
#                    (ctr from env CTR or PATH), as k8s-workloads.local/<name>:<version>
#   --install-deps   apt-get update + install the tools this script needs
#   --force          rebuild the selected images (--force-base: the base rootfs too)
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_common.sh"

IMAGES_DIR="$K8SW_SCRIPTS_DIR/images"
IMAGES_CACHE="$K8SW_CACHE/images"
IMAGES_REGISTRY="k8s-workloads.local"
# shellcheck source=images/build.sh
source "$IMAGES_DIR/build.sh"

# Debian packages of the build tools (tool:package).
IMAGES_DEPS=(debootstrap:debootstrap umoci:umoci jq:jq)
IMAGES_APT_INSTALL="apt-get update && apt-get install -y debootstrap umoci jq"

MODE=build VERBOSE=0 FORCE=0 FORCE_BASE=0 SOCKET="" ONLY=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --list) MODE=list ;;
    --verbose | -v) VERBOSE=1 ;;
    --import)
      [[ $# -ge 2 ]] || { echo "--import needs the containerd socket, e.g. --import /run/k8sw/containerd.sock" >&2; exit 2; }
      MODE=import SOCKET="$2"; shift ;;
    --install-deps) MODE=deps ;;
    --force) FORCE=1 ;;
    --force-base) FORCE=1 FORCE_BASE=1 ;;
    --only)
      [[ $# -ge 2 ]] || { echo "--only needs recipe ids, e.g. --only web-1.0.0,redis-7.0" >&2; exit 2; }
      ONLY="$2"; shift ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# The recipe ids (file names without .recipe), sorted; --only narrows them and rejects unknown ids.
recipe_ids() {
  local all id
  all="$(find "$IMAGES_DIR" -maxdepth 1 -name '*.recipe' -printf '%f\n' | sed 's/\.recipe$//' | sort)"
  if [[ -z "$ONLY" ]]; then printf '%s\n' "$all"; return 0; fi
  for id in ${ONLY//,/ }; do
    grep -qxF "$id" <<<"$all" || { echo "--only: no recipe '$id'; known: $(paste -sd' ' <<<"$all")" >&2; exit 2; }
    printf '%s\n' "$id"
  done
}

# Sources recipe $1 with every field reset (call in a subshell).
load_recipe() {
  IMAGE_NAME="" IMAGE_TAG="" IMAGE_USER="" IMAGE_WORKDIR=""
  IMAGE_PACKAGES=() IMAGE_FILES=() IMAGE_DEPENDS=() IMAGE_ENTRYPOINT=() IMAGE_CMD=() IMAGE_ENV=()
  IMAGE_PORTS=() IMAGE_VOLUMES=()
  unset -f image_prepare image_finish image_extract
  # shellcheck source=/dev/null
  source "$IMAGES_DIR/$1.recipe"
  local field
  for field in IMAGE_NAME IMAGE_TAG IMAGE_USER; do
    [[ -n "${!field}" ]] || { echo "recipe $1: $field is empty; set it in scripts/images/$1.recipe" >&2; exit 2; }
  done
  [[ "$IMAGE_USER" =~ ^[0-9]+(:[0-9]+)?$ ]] ||
    { echo "recipe $1: IMAGE_USER must be numeric uid[:gid] so runAsNonRoot works (got '$IMAGE_USER')" >&2; exit 2; }
}

# sha256 over the builder version, the recipe and every file it installs or depends on.
recipe_hash() {
  local entry
  {
    printf 'builder=%s\n' "$IMAGES_BUILDER_VERSION"
    cat "$IMAGES_DIR/$1.recipe" "$IMAGES_DIR/base/"*
    for entry in "${IMAGE_FILES[@]}"; do cat "$IMAGES_DIR/${entry%%:*}"; done
    for entry in "${IMAGE_DEPENDS[@]}"; do cat "$IMAGES_DIR/$entry"; done
  } | sha256sum | cut -d' ' -f1
}

stamp_field() { sed -n "s/^$2=//p" "$IMAGES_CACHE/out/$1.stamp" 2>/dev/null; }

# Is image $1 built from recipe hash $2, with its archive in place?
image_current() {
  [[ -f "$IMAGES_CACHE/out/$1.stamp" && -f "$IMAGES_CACHE/out/$1.oci.tar" ]] &&
    [[ "$(stamp_field "$1" recipe)" == "$2" ]] &&
    [[ "$(stamp_field "$1" bytes)" == "$(stat -c %s "$IMAGES_CACHE/out/$1.oci.tar")" ]]
}

require_tools() {
  local dep missing=()
  for dep in "${IMAGES_DEPS[@]}"; do command -v "${dep%%:*}" >/dev/null || missing+=("${dep#*:}"); done
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "images: missing ${missing[*]}; install with: $IMAGES_APT_INSTALL (or: bash scripts/images.sh --install-deps)" >&2
    exit 1
  fi
  [[ "$(id -u)" == 0 ]] || { echo "images: building needs root (debootstrap, chroot, mounts); run as root" >&2; exit 1; }
}

build_all() {
  local id hash start=$SECONDS t log built=0
  mkdir -p "$IMAGES_CACHE/logs" "$IMAGES_CACHE/out"
  for id in $(recipe_ids); do
    hash="$(load_recipe "$id"; recipe_hash "$id")"
    if [[ $FORCE -eq 0 ]] && image_current "$id" "$hash"; then continue; fi
    if [[ $built -eq 0 ]]; then
      require_tools
      [[ $FORCE_BASE -eq 1 ]] && rm -f "$IMAGES_CACHE/base/stamp"
      images_base_ensure
    fi
    built=$((built + 1)) t=$SECONDS log="$IMAGES_CACHE/logs/$id.log"
    k8sw_log "$id: building (+$((SECONDS - start))s); log: $log"
    if ! (load_recipe "$id"; images_build_one "$id" "$hash") >"$log" 2>&1; then
      images_unmount_all "$IMAGES_CACHE/work/$id"
      images_fail "$id" "$log"
    fi
    k8sw_log "$id: built in $((SECONDS - t))s, $(($(stamp_field "$id" bytes) / 1048576)) MiB: $(stamp_field "$id" packages)"
  done
  k8sw_log "images: $built built, $(($(recipe_ids | wc -l) - built)) already up to date, in $((SECONDS - start))s"
}

list_images() {
  local id
  for id in $(recipe_ids); do
    if [[ $VERBOSE -eq 0 ]]; then
      (load_recipe "$id"; printf '%s/%s:%s\n' "$IMAGES_REGISTRY" "$IMAGE_NAME" "$IMAGE_TAG")
    elif [[ -f "$IMAGES_CACHE/out/$id.stamp" ]]; then
      printf '%s\tuser=%s\t%s MiB\t%s\tpackages: %s\n' "$(stamp_field "$id" ref)" "$(stamp_field "$id" user)" \
        "$(($(stamp_field "$id" bytes) / 1048576))" "$IMAGES_CACHE/out/$id.oci.tar" "$(stamp_field "$id" packages)"
    else
      (load_recipe "$id"; printf '%s/%s:%s\tnot built\n' "$IMAGES_REGISTRY" "$IMAGE_NAME" "$IMAGE_TAG")
    fi
  done
}

# Imports every archive after checking its sha256 against the stamp (a half-written archive is never imported).
import_all() {
  local ctr="${CTR:-ctr}" id ref archive sum refs
  command -v "$ctr" >/dev/null ||
    { echo "images: no ctr (CTR=$ctr); set CTR to containerd's ctr or: apt-get install -y containerd" >&2; exit 1; }
  [[ -S "$SOCKET" ]] || { echo "images: --import $SOCKET is not a socket; start containerd first" >&2; exit 1; }
  for id in $(recipe_ids); do
    ref="$(stamp_field "$id" ref)" archive="$IMAGES_CACHE/out/$id.oci.tar"
    sum="$(sha256sum "$archive" | cut -d' ' -f1)"
    if [[ "$sum" != "$(stamp_field "$id" sha256)" ]]; then
      echo "images: $archive does not match its stamp (sha256 $sum); rebuild with: bash scripts/images.sh --force --only $id" >&2
      exit 1
    fi
    "$ctr" --address "$SOCKET" -n k8s.io images import "$archive" >/dev/null
    # The list is read whole first: `ctr ... | grep -q` would fail under pipefail when grep stops early.
    refs="$("$ctr" --address "$SOCKET" -n k8s.io images ls -q)"
    grep -qxF "$ref" <<<"$refs" || { echo "images: import of $archive did not create $ref" >&2; exit 1; }
    k8sw_log "$id: imported as $ref"
  done
}

# One build or import at a time per cache (another shell, or the node setup, may run this script too).
take_lock() {
  mkdir -p "$IMAGES_CACHE"
  exec 9>"$IMAGES_CACHE/.lock"
  if ! flock -n 9; then
    k8sw_log "images: waiting for another scripts/images.sh run (lock $IMAGES_CACHE/.lock)"
    flock 9
  fi
}

case "$MODE" in
  deps)
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap umoci jq ;;
  list) list_images ;;
  build) take_lock; build_all ;;
  import) take_lock; build_all; import_all ;;
esac
