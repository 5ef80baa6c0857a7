#!/usr/bin/env bash
# Builds the real Kubernetes control plane the e2e suite runs against, from published Go modules at
# pinned versions, into a cache OUTSIDE the repository (nothing upstream is ever written into the repo):
#
#   kube-apiserver, kube-controller-manager   k8s.io/kubernetes v1.28.15 (the API level of cdk8s-plus-28)
#   kubectl                                   k8s.io/kubectl    v0.28.15 (same minor as the server; Debian's is 1.20)
#   etcd                                      go.etcd.io/etcd/server/v3 v3.5.15 (the etcd Kubernetes 1.28 ships with)
#
# `go install k8s.io/kubernetes/cmd/...@v1.28.15` refuses (kubernetes' go.mod replaces its staging modules with
# ./staging paths), so this script writes a small module of its own that requires k8s.io/kubernetes and replaces each
# staging module k8s.io/<x> v0.0.0 by its published twin k8s.io/<x> v0.28.15, with mains that call the commands'
# constructors. etcd gets a module of its own so that it keeps the dependency versions etcd was released with.
#
# Idempotent: a stamp (hash of everything that defines the build) next to the binaries skips the work when nothing
# changed. Prints the directory holding the binaries on its last line of stdout.
#
# Env: E2E_CACHE (default ~/.cache/cdk8s-pika-piko-e2e). Go module and build caches live in it too, so that removing
# it gives a truly cold build (`chmod -R u+w "$E2E_CACHE"; rm -rf "$E2E_CACHE"`).
set -euo pipefail

K8S_VERSION=1.28.15
STAGING_VERSION=v0.28.15
ETCD_VERSION=v3.5.15
E2E_CACHE="${E2E_CACHE:-$HOME/.cache/cdk8s-pika-piko-e2e}"

# The staging modules of k8s.io/kubernetes v1.28.15: exactly the left-hand sides of the `replace` block of its go.mod
# (https://proxy.golang.org/k8s.io/kubernetes/@v/v1.28.15.mod). Each is published as k8s.io/<x> v0.28.15.
STAGING="api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider cluster-bootstrap
code-generator component-base component-helpers controller-manager cri-api csi-translation-lib
dynamic-resource-allocation endpointslice kms kube-aggregator kube-controller-manager kube-proxy kube-scheduler kubectl
kubelet legacy-cloud-providers metrics mount-utils pod-security-admission sample-apiserver sample-cli-plugin
sample-controller"

log() { echo "build: $*" >&2; }

command -v go >/dev/null || { echo "build: go is required (Go >= 1.21)" >&2; exit 1; }

# shellcheck source=lib/go-build.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/go-build.sh"
go_build_env

SRC="$E2E_CACHE/src-k8s-$K8S_VERSION"
BIN="$E2E_CACHE/bin-k8s-$K8S_VERSION"
mkdir -p "$SRC/k8s" "$SRC/etcd" "$BIN"

# ---- the generated module for kube-apiserver, kube-controller-manager and kubectl -----------------------------------
gen_k8s() {
  local d="$SRC/k8s"
  {
    echo "module cdk8s-pika-piko-e2e/k8s"
    echo
    echo "go 1.20"
    echo
    echo "require ("
    echo "	k8s.io/kubernetes v$K8S_VERSION"
    for m in $STAGING; do echo "	k8s.io/$m $STAGING_VERSION"; done
    echo ")"
    echo
    echo "replace ("
    for m in $STAGING; do echo "	k8s.io/$m v0.0.0 => k8s.io/$m $STAGING_VERSION"; done
    echo ")"
  } > "$d/go.mod.want"
  mkdir -p "$d/cmd/kube-apiserver" "$d/cmd/kube-controller-manager" "$d/cmd/kubectl"
  # A main that calls the command constructor, as the kube-apiserver binary of v1.28.15 does.
  cat > "$d/cmd/kube-apiserver/main.go" <<'GO'
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
  # A main that calls the command constructor, as the kube-controller-manager binary of v1.28.15 does.
  cat > "$d/cmd/kube-controller-manager/main.go" <<'GO'
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
  # A main that calls the command constructor, as the kubectl binary of v1.28.15 does (without the cloud auth plugins).
  cat > "$d/cmd/kubectl/main.go" <<'GO'
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
if [[ -f "$BIN/.stamp" && "$(cat "$BIN/.stamp")" == "$stamp" ]] &&
   [[ -x "$BIN/kube-apiserver" && -x "$BIN/kube-controller-manager" && -x "$BIN/kubectl" && -x "$BIN/etcd" ]]; then
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
