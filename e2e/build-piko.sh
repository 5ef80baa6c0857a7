#!/usr/bin/env bash
# Builds Piko, server and agent in one binary, from its published Go module at a pinned version, into the e2e cache
# OUTSIDE the repository (nothing upstream is written into the repo):
#
#   piko   github.com/andydunstall/piko v0.10.0
#
# The version is the library's default image (lib/piko/version.ts); keep the two equal.
# `go install github.com/andydunstall/piko@v0.10.0` refuses (it asks the proxy for the module's version list, which it
# refuses), so a small generated module requires the pinned version and its main calls the command's entry point, as
# upstream's main.go does.
#
# Idempotent (a stamp of the recipe next to the binary). Prints the directory holding the binary on its last line of
# stdout. Env: E2E_CACHE (default ~/.cache/cdk8s-pika-piko-e2e), shared with build.sh.
set -euo pipefail

PIKO_VERSION=v0.10.0
E2E_CACHE="${E2E_CACHE:-$HOME/.cache/cdk8s-pika-piko-e2e}"
command -v go >/dev/null || { echo "build-piko: go is required" >&2; exit 1; }
# shellcheck source=lib/go-build.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/go-build.sh"
go_build_env

SRC="$E2E_CACHE/src-piko-$PIKO_VERSION"
BIN="$E2E_CACHE/bin-piko-$PIKO_VERSION"
mkdir -p "$SRC/cmd/piko" "$BIN"
printf 'module cdk8s-pika-piko-e2e/piko\n\ngo 1.25.5\n\nrequire github.com/andydunstall/piko %s\n' "$PIKO_VERSION" > "$SRC/go.mod.want"
# A main that runs Piko's command line, as upstream's main.go does (and exits non-zero on an error).
cat > "$SRC/cmd/piko/main.go" <<'GO'
package main

import (
	"fmt"
	"os"

	"github.com/andydunstall/piko/cli"
)

func main() {
	if err := cli.Start(); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
}
GO
LDFLAGS="-s -w -X github.com/andydunstall/piko/pkg/build.Version=$PIKO_VERSION"
stamp="$( { cat "$SRC/go.mod.want" "$SRC/cmd/piko/main.go"; echo "$LDFLAGS"; go env GOVERSION GOOS GOARCH; } | sha256sum | cut -d' ' -f1)"
if [[ -x "$BIN/piko" && -f "$BIN/.stamp" && "$(cat "$BIN/.stamp")" == "$stamp" ]]; then
  echo "build-piko: cached: $BIN" >&2
  echo "$BIN"
  exit 0
fi
t0=$SECONDS
rm -f "$BIN/.stamp"
go_build_module "$SRC" "$BIN" "$LDFLAGS"
echo "$stamp" > "$BIN/.stamp"
echo "build-piko: built in $((SECONDS - t0)) s: $BIN/piko" >&2
echo "$BIN"
