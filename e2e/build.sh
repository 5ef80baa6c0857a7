#!/usr/bin/env bash
# Builds the real Kubernetes control plane the e2e suite runs against, from published Go modules at
# pinned versions, into a cache OUTSIDE the repository (nothing upstream is ever written into the repo):
#
#   build.sh [<version> [<command>...]]
#
#   kube-apiserver, kube-controller-manager   k8s.io/kubernetes v<version>, by default v1.28.15 (the API level of
#                                             cdk8s-plus-28); the commands default to both and kubectl
#   kubectl                                   k8s.io/kubectl    v0.<minor>.<patch> (same minor as the server; Debian's
#                                             is 1.20)
#   etcd                                      go.etcd.io/etcd/server/v3 v3.5.15 (the etcd Kubernetes 1.28 ships with,
#                                             which the newer API servers support too)
#
# `go install k8s.io/kubernetes/cmd/...@v1.28.15` refuses (kubernetes' go.mod replaces its staging modules with
# ./staging paths), so this script writes a small module of its own that requires k8s.io/kubernetes and replaces each
# staging module k8s.io/<x> v0.0.0 by its published twin k8s.io/<x> v0.<minor>.<patch>, with mains that call the
# commands' constructors. The staging modules are read from the replace block of that release's own go.mod. etcd
# gets a module of its own so that it keeps the dependency versions etcd was released with.
#
# Idempotent: a stamp (hash of everything that defines the build) next to the binaries skips the work when nothing
# changed. Prints the directory holding the binaries on its last line of stdout.
#
# Env: E2E_CACHE (default ~/.cache/cdk8s-pika-piko-e2e). Go module and build caches live in it too, so that removing
# it gives a truly cold build (`chmod -R u+w "$E2E_CACHE"; rm -rf "$E2E_CACHE"`).
set -euo pipefail

K8S_VERSION="${1:-1.28.15}"
shift $(($# > 0 ? 1 : 0))
COMMANDS="${*:-kube-apiserver kube-controller-manager kubectl}"
STAGING_VERSION="v0.${K8S_VERSION#1.}"
ETCD_VERSION=v3.5.15
E2E_CACHE="${E2E_CACHE:-$HOME/.cache/cdk8s-pika-piko-e2e}"

log() { echo "build: $*" >&2; }

command -v go >/dev/null || { echo "build: go is required (Go >= 1.21)" >&2; exit 1; }

# shellcheck source=lib/go-build.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/go-build.sh"
go_build_env

SRC="$E2E_CACHE/src-k8s-$K8S_VERSION"
BIN="$E2E_CACHE/bin-k8s-$K8S_VERSION"
mkdir -p "$SRC/k8s" "$SRC/etcd" "$BIN"

# The staging modules of the release: exactly the left-hand sides of the `replace` block of its go.mod
# (https://proxy.golang.org/k8s.io/kubernetes/@v/v<version>.mod), each published as k8s.io/<x> v0.<minor>.<patch>.
staging_modules() {
  local mod
  mod="$(cd "$SRC" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  [[ -f "$mod" ]] || { log "no go.mod for k8s.io/kubernetes v$K8S_VERSION"; return 1; }
  sed -n 's#^[[:space:]]*k8s.io/\([a-z0-9-]*\) => \./staging/src/k8s.io/.*#\1#p' "$mod"
}
STAGING="$(staging_modules)"
[[ -n "$STAGING" ]] || { log "found no staging modules in k8s.io/kubernetes v$K8S_VERSION's go.mod"; exit 1; }

# ---- the generated module for kube-apiserver, kube-controller-manager and kubectl -----------------------------------
gen_k8s() {
  local d="$SRC/k8s"
  {
    echo "module cdk8s-pika-piko-e2e/k8s"
    echo
    echo "go 1.20"
    echo
    # Only k8s.io/kubernetes: go mod tidy requires the staging modules the commands need, so the ones nothing needs
    # (the sample-* modules, which the module proxy does not serve for every release) are never fetched.
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo
    echo "replace ("
    for m in $STAGING; do echo "	k8s.io/$m v0.0.0 => k8s.io/$m $STAGING_VERSION"; done
    echo ")"
  } > "$d/go.mod.want"
  rm -rf "$d/cmd"
  local c
  for c in $COMMANDS; do mkdir -p "$d/cmd/$c" && main_source "$c" > "$d/cmd/$c/main.go"; done
}

# A main that calls the command's constructor, as the released binary does (kubectl without the cloud auth plugins).
main_source() { # command
  case "$1" in
    kube-apiserver) cat <<'GO'
package main

import (
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() { os.Exit(cli.Run(app.NewAPIServerCommand())) }
GO
      ;;
    kube-controller-manager) cat <<'GO'
package main

import (
	"os"
	_ "time/tzdata"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

func main() { os.Exit(cli.Run(app.NewControllerManagerCommand())) }
GO
      ;;
    kubectl) cat <<'GO'
package main

import (
	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	command := cmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		util.CheckErr(err)
	}
}
GO
      ;;
    *) log "no main for $1"; return 1 ;;
  esac
}

# ---- the generated module for etcd -----------------------------------------------------------------------------------
gen_etcd() {
  local d="$SRC/etcd"
  # reflect2 v1.0.1 (what etcd 3.5 resolves to) breaks at run time on Go >= 1.18; v1.0.2 is the fix.
  printf 'module cdk8s-pika-piko-e2e/etcd\n\ngo 1.19\n\nrequire (\n\tgo.etcd.io/etcd/server/v3 %s\n\tgithub.com/modern-go/reflect2 v1.0.2\n\tgithub.com/json-iterator/go v1.1.12\n)\n' "$ETCD_VERSION" > "$d/go.mod.want"
  mkdir -p "$d/cmd/etcd"
  # A main that runs the etcd server, as the etcd binary of v3.5.x does.
  cat > "$d/cmd/etcd/main.go" <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
}

gen_k8s
gen_etcd

# Version strings the binaries report (kubectl version, /version); without them they say v0.0.0-master.
vflags() { # $1 = package path prefix, $2 = version
  local v="$2" maj min; maj="${v#v}"; maj="${maj%%.*}"; min="${v#v*.}"; min="${min%%.*}"
  echo "-X $1.gitVersion=$v -X $1.gitMajor=$maj -X $1.gitMinor=$min -X $1.gitTreeState=clean -X $1.buildDate=1970-01-01T00:00:00Z"
}
K8S_LDFLAGS="-s -w $(vflags k8s.io/component-base/version v$K8S_VERSION) $(vflags k8s.io/client-go/pkg/version v$K8S_VERSION)"
ETCD_LDFLAGS="-s -w"
# providerless: leave out the in-tree cloud providers (GCE, vSphere, Azure, ...) that kube-controller-manager would
# otherwise link; Kubernetes' own build supports this tag, and it saves minutes of compiling on 2 cores.
BUILD_TAGS="providerless"

# The stamp covers everything that defines the binaries: generated sources, flags, Go version.
stamp="$( { cat "$SRC"/k8s/go.mod.want "$SRC"/etcd/go.mod.want; find "$SRC" -name main.go | sort | xargs cat;
            echo "$K8S_LDFLAGS $ETCD_LDFLAGS $BUILD_TAGS"; go env GOVERSION GOOS GOARCH; } | sha256sum | cut -d' ' -f1)"
built() { local c; for c in etcd $COMMANDS; do [[ -x "$BIN/$c" ]] || return 1; done; }
if [[ -f "$BIN/.stamp" && "$(cat "$BIN/.stamp")" == "$stamp" ]] && built; then
  log "cached: $BIN"
  echo "$BIN"
  exit 0
fi

t0=$SECONDS
rm -f "$BIN/.stamp"
go_build_module "$SRC/etcd" "$BIN" "$ETCD_LDFLAGS" "$BUILD_TAGS"
go_build_module "$SRC/k8s" "$BIN" "$K8S_LDFLAGS" "$BUILD_TAGS"
echo "$stamp" > "$BIN/.stamp"
log "built in $((SECONDS - t0)) s: $(ls "$BIN" | tr '\n' ' ')"
echo "$((SECONDS - t0)) s  $(date -u +%FT%TZ)  go=$(go env GOVERSION)" >> "$E2E_CACHE/build-times.log"
echo "$BIN"
