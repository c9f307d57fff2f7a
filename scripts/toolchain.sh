#!/usr/bin/env bash
# Builds the pinned local toolchain from Go modules (see scripts/versions.env) into
# ${XDG_CACHE_HOME:-$HOME/.cache}/k8s-workloads/bin. Idempotent: a per-binary stamp records
# what was built, so a warm run is a no-op and a version bump rebuilds only what changed.
#
# Usage: scripts/toolchain.sh [--use-path] [--force] [name...]
#   --use-path (or K8S_WORKLOADS_USE_PATH=1): build nothing, check that `pulumi` is on PATH.
#   --force: rebuild even if the stamps match.   name...: only these steps (e.g. kwok kubernetes).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_common.sh"

export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

FORCE=0
ONLY=()
for arg in "$@"; do
  case "$arg" in
    --use-path) export K8S_WORKLOADS_USE_PATH=1 ;;
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) echo "unknown flag: $arg" >&2; exit 2 ;;
    *) ONLY+=("$arg") ;;
  esac
done

if k8sw_use_path; then
  command -v pulumi >/dev/null || { echo "use-path mode: no pulumi on PATH" >&2; exit 1; }
  k8sw_log "use-path mode: using $(command -v pulumi) ($(pulumi version)); nothing to build"
  exit 0
fi

k8sw_go_env
export GOWORK=off
export PULUMI_HOME="$K8SW_CACHE/pulumi-home"
STAMPS="$K8SW_CACHE/stamps"
LOGS="$K8SW_CACHE/logs"
TMPROOT="$K8SW_CACHE/tmp"
mkdir -p "$K8SW_BIN" "$STAMPS" "$LOGS" "$TMPROOT" "$PULUMI_HOME" "$GOMODCACHE" "$GOCACHE" "$GOPATH"
GO_VERSION="$(go env GOVERSION)"
# Bump when a build recipe below changes in a way that needs a rebuild.
RECIPE=1
BUILD_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
GOBUILD=(go build -p 2 -trimpath)
TOTAL_START=$SECONDS

wanted() { # is step $1 selected?
  [[ ${#ONLY[@]} -eq 0 ]] && return 0
  local n; for n in "${ONLY[@]}"; do [[ "$n" == "$1" ]] && return 0; done
  return 1
}

# step NAME STAMP FUNC BIN...: run FUNC unless every BIN exists and the stamp matches.
step() {
  local name="$1" stamp="$2" fn="$3"; shift 3
  wanted "$name" || return 0
  local want="$stamp recipe=$RECIPE $GO_VERSION" have="" b ok=1
  [[ -f "$STAMPS/$name" ]] && have="$(cat "$STAMPS/$name")"
  for b in "$@"; do [[ -x "$K8SW_BIN/$b" || -s "$K8SW_CACHE/$b" ]] || ok=0; done
  if [[ $FORCE -eq 0 && $ok -eq 1 && "$have" == "$want" ]]; then
    k8sw_log "$name: up to date ($stamp)"
    return 0
  fi
  local log="$LOGS/$name.log" start=$SECONDS
  k8sw_log "$name: building ($stamp); log: $log"
  WORK="$(mktemp -d "$TMPROOT/$name.XXXXXX")"
  local rc=0
  set +e
  ( set -euo pipefail; cd "$WORK"; "$fn" ) >"$log" 2>&1
  rc=$?
  set -e
  if [[ $rc -eq 0 ]]; then
    rm -rf "$WORK"
    echo "$want" >"$STAMPS/$name"
    local t=$((SECONDS - start))
    echo "$name $t" >>"$LOGS/timings.txt"
    k8sw_log "$name: done in ${t}s ($*)"
  else
    echo "----- last 40 lines of $log -----" >&2
    tail -n 40 "$log" >&2
    echo "---------------------------------" >&2
    k8sw_log "FAILED to build $name after $((SECONDS - start))s (wrapper module kept in $WORK)"
    exit 1
  fi
}

# Print the remote (path + version) replace directives of a go.mod as "old => new version".
remote_replaces() {
  sed 's://.*$::' "$1" | awk '
    /^replace[ \t]*\(/ {blk=1; next}
    blk && /^\)/ {blk=0; next}
    blk {print; next}
    /^replace[ \t]/ {sub(/^replace[ \t]+/, ""); print}' |
    awk -F'=>' 'NF==2 { n=split($2, r, " "); split($1, l, " "); if (n==2 && !seen[l[1]]++) print l[1] " => " r[1] " " r[2] }'
}

# Path of a module version's go.mod / source dir (downloads it).
mod_file() { go mod download -json "$1" | awk -F'"' '$2=="GoMod"{print $4}'; }
mod_dir() { go mod download -json "$1" | awk -F'"' '$2=="Dir"{print $4}'; }

# Write a wrapper go.mod: module name, then extra lines (require/replace) from stdin.
write_gomod() {
  { echo "module k8sw.local/$1"; echo; echo "go 1.26"; echo; cat; } >go.mod
  echo "--- wrapper go.mod:"; cat go.mod
}

# A tools.go importing the main packages, so `go mod tidy` records their dependencies.
write_tools() {
  { echo "//go:build tools"; echo; echo "package tools"; echo; echo "import ("
    local p; for p in "$@"; do echo "	_ \"$p\""; done; echo ")"; } >tools.go
}

# ---------------------------------------------------------------------------------------------
build_kwok() {
  GOBIN="$K8SW_BIN" go install -p 2 -trimpath \
    "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@v$KWOK_VERSION"
  "$K8SW_BIN/kwokctl" --version
}

build_etcd() {
  local m=go.etcd.io/etcd
  write_gomod etcd <<EOF
require (
	$m/server/v3 v$ETCD_VERSION
	$m/api/v3 v$ETCD_VERSION
	$m/client/pkg/v3 v$ETCD_VERSION
	$m/client/v3 v$ETCD_VERSION
	$m/pkg/v3 v$ETCD_VERSION
)
EOF
  write_tools "$m/server/v3"
  go mod tidy
  "${GOBUILD[@]}" -o "$K8SW_BIN/etcd" "$m/server/v3"
  "$K8SW_BIN/etcd" --version
}

build_etcdctl() { # optional
  local m=go.etcd.io/etcd
  write_gomod etcdctl <<EOF
require (
	$m/etcdctl/v3 v$ETCD_VERSION
	$m/api/v3 v$ETCD_VERSION
	$m/client/pkg/v3 v$ETCD_VERSION
	$m/client/v3 v$ETCD_VERSION
	$m/pkg/v3 v$ETCD_VERSION
)
EOF
  write_tools "$m/etcdctl/v3"
  go mod tidy
  "${GOBUILD[@]}" -o "$K8SW_BIN/etcdctl" "$m/etcdctl/v3"
  "$K8SW_BIN/etcdctl" version
}

build_kubernetes() {
  local v="$KUBERNETES_VERSION" kgomod staging minor
  minor="$(cut -d. -f2 <<<"$v")"
  kgomod="$(mod_file "k8s.io/kubernetes@v$v")"
  # Every staging module k8s.io/<name> => ./staging/src/k8s.io/<name> becomes k8s.io/<name> v0.<minor>.<patch>.
  staging="$(sed 's://.*$::' "$kgomod" | awk '$2=="=>" && $3 ~ /^\.\/staging\// {print $1}' | sort -u)"
  [[ -n "$staging" ]] || { echo "no staging replaces found in $kgomod"; return 1; }
  echo "staging modules: $(wc -l <<<"$staging")"
  {
    echo "require k8s.io/kubernetes v$v"
    echo "replace ("
    local s; for s in $staging; do echo "	$s => $s v0.${v#1.}"; done
    echo ")"
  } | write_gomod kubernetes
  write_tools k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl \
    k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy
  go mod tidy
  local ld="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=v$v -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$BUILD_DATE"
  done
  for pkg in kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy; do
    echo "--- building $pkg"
    "${GOBUILD[@]}" -ldflags "$ld" -o "$K8SW_BIN/$pkg" "k8s.io/kubernetes/cmd/$pkg"
  done
  "$K8SW_BIN/kube-apiserver" --version | grep -F "v$v"
  "$K8SW_BIN/kubectl" version --client | grep -F "v$v"
  "$K8SW_BIN/kubelet" --version | grep -F "v$v"
}

pulumi_ldflags() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$1"; }

build_pulumi() {
  local v="$PULUMI_VERSION"
  {
    echo "require ("
    echo "	github.com/pulumi/pulumi/pkg/v3 v$v"
    echo "	github.com/pulumi/pulumi/sdk/v3 v$v"
    echo ")"
    # Only pkg's own replaces: upstream builds the CLI with pkg/ as the main module.
    remote_replaces "$(mod_file "github.com/pulumi/pulumi/pkg/v3@v$v")" | sed 's/^/replace /'
  } | write_gomod pulumi
  write_tools github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  go mod tidy
  "${GOBUILD[@]}" -tags osusergo,grpcnotrace -ldflags "$(pulumi_ldflags "$v")" \
    -o "$K8SW_BIN/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  "$K8SW_BIN/pulumi" version
}

build_language_nodejs() {
  local mod=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 v gm
  local host="$K8SW_BIN/pulumi-language-nodejs" delegate="$K8SW_CACHE/libexec/pulumi-language-nodejs-delegate"
  # Preferred route: the host's own module at the release commit (pseudo-version).
  echo "--- trying $mod@$PULUMI_COMMIT"
  if go list -m -json "$mod@$PULUMI_COMMIT" && gm="$(mod_file "$mod@$PULUMI_LANGUAGE_NODEJS_PSEUDO")"; then
    v="$PULUMI_VERSION"
    {
      echo "require ("
      echo "	$mod $PULUMI_LANGUAGE_NODEJS_PSEUDO"
      echo "	github.com/pulumi/pulumi/pkg/v3 v$v"
      echo "	github.com/pulumi/pulumi/sdk/v3 v$v"
      echo ")"
      remote_replaces "$gm" | sed 's/^/replace /'
    } | write_gomod pulumi-language-nodejs
    write_tools "$mod"
    go mod tidy
    "${GOBUILD[@]}" -tags osusergo,grpcnotrace -ldflags "$(pulumi_ldflags "$v")" -o "$host" "$mod"
    rm -f "$delegate"
    echo "built pulumi-language-nodejs from pulumi v$v"
    return 0
  fi

  # Fallback: the last sdk/v3 that still contained the host as a package, run behind our shim
  # (scripts/langhost-nodejs) that adds RunPlugin, which the 3.248 CLI needs for policy packs.
  v="$PULUMI_LANGUAGE_NODEJS_FALLBACK_SDK_VERSION"
  echo "--- $mod is not obtainable from the module proxy; falling back to sdk/v3@v$v behind the shim"
  mkdir -p delegate shim "$(dirname "$delegate")"
  (
    cd delegate
    {
      echo "require github.com/pulumi/pulumi/sdk/v3 v$v"
      remote_replaces "$(mod_file "github.com/pulumi/pulumi/sdk/v3@v$v")" | sed 's/^/replace /'
    } | write_gomod pulumi-language-nodejs-delegate
    write_tools github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
    go mod tidy
    "${GOBUILD[@]}" -tags osusergo,grpcnotrace -ldflags "$(pulumi_ldflags "$v")" -o "$delegate" \
      github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
  )
  (
    cd shim
    cp "$K8SW_SCRIPTS_DIR"/langhost-nodejs/*.go .
    pulumi_requires | write_gomod pulumi-language-nodejs-shim
    go mod tidy
    "${GOBUILD[@]}" -tags osusergo,grpcnotrace -ldflags "-s -w" -o "$host" .
  )
  echo "built pulumi-language-nodejs: shim (pkg/sdk v$PULUMI_VERSION) + delegate host from pulumi v$v"
}

# require + replace lines of a wrapper that builds against the pinned pulumi pkg/v3 and sdk/v3 (the CLI's versions).
pulumi_requires() {
  echo "require ("
  echo "	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION"
  echo "	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION"
  echo ")"
  remote_replaces "$(mod_file "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION")" | sed 's/^/replace /'
}

# The codegen-only Python host (scripts/langhost-python-codegen): `pulumi package gen-sdk --language python` needs a
# pulumi-language-python, whose own module the proxy does not serve. Kept off PATH (libexec/python-codegen/): it
# cannot run Python programs; npm run test:python puts it on PATH for gen-sdk only.
build_python_codegen() {
  local out="$K8SW_CACHE/$PYTHON_CODEGEN_BIN"
  cp "$K8SW_SCRIPTS_DIR/langhost-python-codegen/main.go" .
  pulumi_requires | write_gomod pulumi-language-python-codegen
  go mod tidy
  mkdir -p "$(dirname "$out")"
  "${GOBUILD[@]}" -tags osusergo,grpcnotrace -ldflags "$(pulumi_ldflags "$PULUMI_VERSION")" -o "$out" .
  echo "built $out"
}

# The Pulumi YAML language host, at the pulumi pkg/sdk versions its own go.mod requires (PULUMI_YAML_PULUMI_VERSION):
# v1.25.0 does not compile against pkg/sdk 3.248 (plugin.NewContextWithRoot and schema.NewPluginLoader changed). Its
# go.mod has no replace directives, so `go install module@version` works. It speaks the engine's gRPC protocol.
build_language_yaml() {
  local m=github.com/pulumi/pulumi-yaml v="$PULUMI_YAML_VERSION" want
  want="$(awk '$1 == "github.com/pulumi/pulumi/sdk/v3" { print $2 }' "$(mod_file "$m@v$v")")"
  [[ "$want" == "v$PULUMI_YAML_PULUMI_VERSION" ]] ||
    { echo "pulumi-yaml v$v requires pulumi sdk $want, versions.env says v$PULUMI_YAML_PULUMI_VERSION"; return 1; }
  GOBIN="$K8SW_BIN" go install -p 2 -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X $m/pkg/version.Version=v$v" "$m/cmd/pulumi-language-yaml@v$v"
  echo "built pulumi-language-yaml v$v (pulumi pkg/sdk $want)"
}

build_provider() {
  local mod=github.com/pulumi/pulumi-kubernetes/provider/v4 src v="$PULUMI_KUBERNETES_PROVIDER_SOURCE_VERSION"
  src="$(mod_dir "$mod@$PULUMI_KUBERNETES_PROVIDER_PSEUDO")"
  # The provider's main package, as the wrapper's own main (its *-embed.json files are gitignored).
  cp "$src"/cmd/pulumi-resource-kubernetes/* .
  chmod -R u+w .
  {
    echo "require $mod $PULUMI_KUBERNETES_PROVIDER_PSEUDO"
    # provider/go.mod replaces sdk/v4 with ../sdk: use the sdk tag of the same release.
    echo "replace github.com/pulumi/pulumi-kubernetes/sdk/v4 => github.com/pulumi/pulumi-kubernetes/sdk/v4 v$v"
    remote_replaces "$src/go.mod" | sed 's/^/replace /'
  } | write_gomod pulumi-resource-kubernetes
  go mod tidy
  # generate.go (build tag ignore): schema.json + VERSION -> schema-embed.json; terraform mapping minified.
  VERSION="$v" go run generate.go
  ls -l ./*-embed.json
  # Kept off PATH: a plugin on PATH would override PULUMI_HOME (with a warning on every run).
  local out="$K8SW_CACHE/$PROVIDER_BIN"
  mkdir -p "$(dirname "$out")"
  "${GOBUILD[@]}" -ldflags "-s -w -X $mod/pkg/version.Version=$v" -o "$out" .
  rm -f "$K8SW_BIN/pulumi-resource-kubernetes"
  # Offline install into PULUMI_HOME under the version the npm SDK asks for.
  "$K8SW_BIN/pulumi" plugin rm resource kubernetes --all --yes || true
  "$K8SW_BIN/pulumi" plugin install resource kubernetes "v$PULUMI_KUBERNETES_VERSION" --file "$out" --reinstall
  "$K8SW_BIN/pulumi" plugin ls
}

build_kube_score() {
  GOBIN="$K8SW_BIN" go install -p 2 -trimpath \
    -ldflags "-s -w -X main.version=$KUBE_SCORE_VERSION -X main.date=$BUILD_DATE" \
    "github.com/zegl/kube-score/cmd/kube-score@v$KUBE_SCORE_VERSION"
  "$K8SW_BIN/kube-score" version
}

# --- Real node (scripts/node/): container runtime, cluster DNS, sandbox image. runc and the CNI plugins are
# Debian packages (scripts/node-packages.sh); see TOOLCHAIN-NOTES.md for why.
build_containerd() {
  local m=github.com/containerd/containerd/v2 v="$CONTAINERD_VERSION"
  # No cgo: the btrfs snapshotter (cgo only) drops out; overlayfs and native stay.
  GOBIN="$K8SW_BIN" go install -p 2 -trimpath -tags no_btrfs,no_devmapper,no_zfs \
    -ldflags "-s -w -X $m/version.Version=v$v -X $m/version.Revision=v$v" \
    "$m/cmd/containerd@v$v" "$m/cmd/ctr@v$v" "$m/cmd/containerd-shim-runc-v2@v$v"
  "$K8SW_BIN/containerd" --version | grep -F "v$v"
}

# CoreDNS with only the plugins the cluster DNS uses (scripts/node/coredns/main.go).
build_coredns() {
  cp "$K8SW_SCRIPTS_DIR/node/coredns/main.go" .
  write_gomod coredns <<<"require github.com/coredns/coredns v$COREDNS_VERSION"
  go mod tidy
  "${GOBUILD[@]}" -ldflags "-s -w" -o "$K8SW_BIN/coredns" .
  "$K8SW_BIN/coredns" -version | grep -F "$COREDNS_VERSION"
  "$K8SW_BIN/coredns" -plugins | grep -x kubernetes
}

# A static pause binary (our own, scripts/node/pause) and an OCI archive of it for containerd's sandbox image.
build_pause() {
  cp "$K8SW_SCRIPTS_DIR/node/pause/main.go" .
  write_gomod pause </dev/null
  "${GOBUILD[@]}" -ldflags "-s -w" -o pause .
  mkdir -p "$K8SW_CACHE/node"
  bash "$K8SW_SCRIPTS_DIR/node/oci-image.sh" pause "$K8SW_PAUSE_IMAGE" "$K8SW_CACHE/$PAUSE_ARCHIVE"
  install -m 0755 pause "$K8SW_BIN/pause"
}

# Build order: small control-plane pieces, Kubernetes, Pulumi and its language hosts, provider, kube-score.
step kwok "kwok=$KWOK_VERSION" build_kwok kwok kwokctl
step etcd "etcd=$ETCD_VERSION" build_etcd etcd
if wanted etcdctl; then
  ( step etcdctl "etcd=$ETCD_VERSION" build_etcdctl etcdctl ) || k8sw_log "etcdctl is optional; continuing"
fi
step kubernetes "kubernetes=$KUBERNETES_VERSION" build_kubernetes \
  kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy
step pulumi "pulumi=$PULUMI_VERSION" build_pulumi pulumi
SHIM_SUM="$(cat "$K8SW_SCRIPTS_DIR"/langhost-nodejs/*.go | cksum | cut -d' ' -f1)"
step pulumi-language-nodejs \
  "pulumi=$PULUMI_VERSION lang=$PULUMI_LANGUAGE_NODEJS_PSEUDO/$PULUMI_LANGUAGE_NODEJS_FALLBACK_SDK_VERSION shim=$SHIM_SUM" \
  build_language_nodejs pulumi-language-nodejs
step pulumi-language-yaml "pulumi-yaml=$PULUMI_YAML_VERSION pulumi=$PULUMI_YAML_PULUMI_VERSION" build_language_yaml \
  pulumi-language-yaml
PYTHON_CODEGEN_BIN="libexec/python-codegen/pulumi-language-python"
PYCODEGEN_SUM="$(cksum <"$K8SW_SCRIPTS_DIR/langhost-python-codegen/main.go" | cut -d' ' -f1)"
step python-codegen "pulumi=$PULUMI_VERSION main=$PYCODEGEN_SUM" build_python_codegen "$PYTHON_CODEGEN_BIN"
PROVIDER_BIN="providers/pulumi-resource-kubernetes-$PULUMI_KUBERNETES_PROVIDER_SOURCE_VERSION"
step pulumi-resource-kubernetes \
  "plugin=$PULUMI_KUBERNETES_VERSION src=$PULUMI_KUBERNETES_PROVIDER_PSEUDO pulumi=$PULUMI_VERSION" \
  build_provider "$PROVIDER_BIN" \
  "pulumi-home/plugins/resource-kubernetes-v$PULUMI_KUBERNETES_VERSION/pulumi-resource-kubernetes"
step kube-score "kube-score=$KUBE_SCORE_VERSION" build_kube_score kube-score
step containerd "containerd=$CONTAINERD_VERSION" build_containerd containerd ctr containerd-shim-runc-v2
COREDNS_SUM="$(cksum <"$K8SW_SCRIPTS_DIR/node/coredns/main.go" | cut -d' ' -f1)"
step coredns "coredns=$COREDNS_VERSION main=$COREDNS_SUM" build_coredns coredns
PAUSE_SUM="$(cat "$K8SW_SCRIPTS_DIR/node/pause/main.go" "$K8SW_SCRIPTS_DIR/node/oci-image.sh" | cksum | cut -d' ' -f1)"
PAUSE_ARCHIVE="node/pause.oci.tar"
step pause "pause=$PAUSE_SUM image=$K8SW_PAUSE_IMAGE" build_pause pause "$PAUSE_ARCHIVE"

k8sw_log "toolchain ready in $K8SW_BIN ($((SECONDS - TOTAL_START))s); use: source scripts/env.sh"
