#!/usr/bin/env bash
# End-to-end suite: proves that a real Kubernetes 1.28 API server (with its admission plugins, Pod Security among
# them) and its controllers accept what the library renders. See e2e/README.md.
#
#   bash e2e/run.sh            build (cached), start a control plane on 127.0.0.1, run every check, stop it
#
# Env: E2E_CACHE (binaries and Go caches, default ~/.cache/cdk8s-pika-piko-e2e), E2E_KEEP=1 keeps the temp dir.
# Prints one line per check and, last, "e2e: N passed, M failed"; exits non-zero when a check failed.
set -euo pipefail

E2E="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$E2E/.." && pwd)"
REFERENCE="${REFERENCE:-$REPO/../shared/reference}"   # upstream manifests for the migration checks
[[ -d "$REFERENCE" ]] || REFERENCE=/work/shared/reference
export YAML_MODULE="$REPO/node_modules/yaml"
START=$SECONDS

# shellcheck source=lib/cluster.sh
source "$E2E/lib/cluster.sh"
# shellcheck source=lib/checks.sh
source "$E2E/lib/checks.sh"
# shellcheck source=checks/examples.sh
source "$E2E/checks/examples.sh"
# shellcheck source=checks/migration.sh
source "$E2E/checks/migration.sh"

step() { echo "--    $*"; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-pika-piko-e2e.XXXXXX")"
mkdir -p "$WORK/logs"
cleanup() {
  local rc=$?
  stop_cluster
  if [[ "${E2E_KEEP:-}" == 1 || $rc != 0 ]]; then echo "e2e: logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- tools: Debian packages for what the machine may lack, then the control plane's binaries (cached) -------------
need=()
command -v openssl >/dev/null || need+=(openssl)
command -v curl >/dev/null || need+=(curl ca-certificates)
if ((${#need[@]})); then
  step "installing ${need[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
[[ -d "$REPO/node_modules/yaml" ]] || { echo "e2e: node_modules missing: run npm ci first" >&2; exit 1; }

step "building kube-apiserver, kube-controller-manager, kubectl, etcd (cached in ${E2E_CACHE:-~/.cache/cdk8s-pika-piko-e2e})"
t=$SECONDS
BIN="$("$E2E/build.sh" 2> "$WORK/logs/build.log" | tail -1)" || { tail -30 "$WORK/logs/build.log" >&2; exit 1; }
step "binaries ready in $((SECONDS - t)) s: $("$BIN/kubectl" version --client -o json | node -pe 'JSON.parse(require("fs").readFileSync(0)).clientVersion.gitVersion')"

# ---- the library's output: every example app, synthesized as test/support/run-example-apps.ts does it --------------
SYNTH="$WORK/synth"
synth() {
  (cd "$REPO" && npm run build > "$WORK/logs/npm-build.log" 2>&1 &&
    npx tsx test/support/run-example-apps.ts "$SYNTH" examples/*.ts examples/integrations/*.ts > "$WORK/logs/synth.log" 2>&1)
}
step "synthesizing the example apps"
for attempt in 1 2 3; do
  # The library may be mid-edit in a working tree; a failed build is retried after a pause.
  if synth; then break; fi
  ((attempt == 3)) && { echo "e2e: npm run build / synth failed 3 times:" >&2; tail -30 "$WORK/logs/npm-build.log" "$WORK/logs/synth.log" >&2; exit 1; }
  rm -rf "$SYNTH"; sleep 20
done

# ---- the control plane ---------------------------------------------------------------------------------------------
step "starting etcd, kube-apiserver, kube-controller-manager on 127.0.0.1"
t=$SECONDS
start_cluster || { echo "e2e: the control plane did not start (logs in $WORK/logs)" >&2; E2E_KEEP=1; exit 1; }
step "control plane up in $((SECONDS - t)) s: server $(k version -o json | node -pe 'JSON.parse(require("fs").readFileSync(0)).serverVersion.gitVersion')"

# ---- checks --------------------------------------------------------------------------------------------------------
check "admission: PodSecurity refuses a privileged pod in a namespace labelled enforce=restricted" \
  podsecurity_refuses_privileged_pod
check "pinned CRDs (crds/*.yaml) install server-side and become Established" crds_install

for app in "$SYNTH"/*/; do
  example_app_checks "${app%/}"
done

pika_migration_checks
piko_migration_checks

step "done in $((SECONDS - START)) s (logs: $WORK/logs, kept with E2E_KEEP=1)"
if ((FAILED)); then
  printf 'failed: %s\n' "${FAILURES[@]}"
fi
echo "e2e: $PASSED passed, $FAILED failed"
((FAILED == 0))
