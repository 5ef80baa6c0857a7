# shellcheck shell=bash
# Building a generated Go module's commands into a cache, for build.sh and build-piko.sh.

# The Go environment of every e2e build: module and build caches inside E2E_CACHE (removing it gives a truly cold
# build), no VCS stamping, this machine's Go only, static binaries, no workspace.
go_build_env() {
  export GOMODCACHE="$E2E_CACHE/gomod" GOCACHE="$E2E_CACHE/gocache"
  export GOFLAGS="-modcacherw -buildvcs=false" GOTOOLCHAIN=local CGO_ENABLED=0 GOWORK=off
}

# Builds every command under <dir>/cmd into <bin>. go.mod/go.sum are resolved from <dir>/go.mod.want the first time
# or when the recipe changed; checksums are verified against sum.golang.org through the module proxy.
go_build_module() { # dir bin ldflags [build tags]
  local d="$1" bin="$2" t
  if ! cmp -s "$d/go.mod.want" "$d/go.mod.base" 2>/dev/null || [[ ! -f "$d/go.sum" ]]; then
    cp "$d/go.mod.want" "$d/go.mod"; rm -f "$d/go.sum"
    echo "build: resolving modules in $d" >&2
    (cd "$d" && go mod tidy) >&2
    cp "$d/go.mod.want" "$d/go.mod.base"
  fi
  t=$SECONDS
  (cd "$d" && go mod download) >&2
  echo "build: modules ready in $d ($((SECONDS - t)) s)" >&2
  t=$SECONDS
  (cd "$d" && go build -trimpath -tags "${4:-}" -ldflags "$3" -o "$bin/" ./cmd/...) >&2
  echo "build: compiled $(cd "$d/cmd" && echo *) ($((SECONDS - t)) s)" >&2
}
