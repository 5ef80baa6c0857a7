#!/usr/bin/env bash
# End-to-end suite: proves that a real Kubernetes 1.28 API server (with its admission plugins, Pod Security among
# them) and its controllers accept what the library renders, that the newest Kubernetes release applies it without a
# warning, and that real Piko nodes and agents run from it. See e2e/README.md.
#
#   bash e2e/run.sh            build (cached), start a control plane on 127.0.0.1, run every check, stop it
#
# Env: E2E_CACHE (binaries and Go caches, default ~/.cache/cdk8s-pika-piko-e2e), E2E_KEEP=1 keeps the temp dir,
# E2E_SUITES (default "kubernetes kubernetes-newest piko") the parts to run.
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
# shellcheck source=lib/pods.sh
source "$E2E/lib/pods.sh"
# shellcheck source=checks/piko.sh
source "$E2E/checks/piko.sh"

SUITES=" ${E2E_SUITES:-kubernetes kubernetes-newest piko} "
suite() { [[ "$SUITES" == *" $1 "* ]]; }

step() { echo "--    $*"; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-pika-piko-e2e.XXXXXX")"
mkdir -p "$WORK/logs"
cleanup() {
  local rc=$?
  stop_cluster
  pods_down
  if [[ "${E2E_KEEP:-}" == 1 || $rc != 0 ]]; then echo "e2e: logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- tools: Debian packages for what the machine may lack, then the control plane's binaries (cached) -------------
need=()
command -v openssl >/dev/null || need+=(openssl)
command -v curl >/dev/null || need+=(curl ca-certificates)
command -v ip >/dev/null || need+=(iproute2)
command -v setpriv >/dev/null || need+=(util-linux)
if ((${#need[@]})); then
  step "installing ${need[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
[[ -d "$REPO/node_modules/yaml" ]] || { echo "e2e: node_modules missing: run npm ci first" >&2; exit 1; }

if suite kubernetes; then
  step "building kube-apiserver, kube-controller-manager, kubectl, etcd (cached in ${E2E_CACHE:-~/.cache/cdk8s-pika-piko-e2e})"
  t=$SECONDS
  BIN="$("$E2E/build.sh" 2> "$WORK/logs/build.log" | tail -1)" || { tail -30 "$WORK/logs/build.log" >&2; exit 1; }
  step "binaries ready in $((SECONDS - t)) s: $("$BIN/kubectl" version --client -o json | node -pe 'JSON.parse(require("fs").readFileSync(0)).clientVersion.gitVersion')"
fi
# The newest Kubernetes release the Go module proxy serves (k8s.io/kubernetes), beside 1.28, the API level of
# cdk8s-plus-28 and the oldest the library supports.
K8S_NEWEST=1.37.2
if suite kubernetes-newest; then
  step "building kube-apiserver, kube-controller-manager, kubectl $K8S_NEWEST (cached)"
  t=$SECONDS
  BIN_NEWEST="$("$E2E/build.sh" "$K8S_NEWEST" 2> "$WORK/logs/build-$K8S_NEWEST.log" | tail -1)" ||
    { tail -30 "$WORK/logs/build-$K8S_NEWEST.log" >&2; exit 1; }
  step "binaries ready in $((SECONDS - t)) s"
fi
if suite piko; then
  step "building piko"
  t=$SECONDS
  PIKO_BIN="$("$E2E/build-piko.sh" 2> "$WORK/logs/build-piko.log" | tail -1)" || { tail -30 "$WORK/logs/build-piko.log" >&2; exit 1; }
  PIKO_VERSION="$("$PIKO_BIN/piko" --version | awk '{print $NF}')"
  step "piko ready in $((SECONDS - t)) s: $PIKO_VERSION"
fi

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

# Starts the control plane of $BIN (lib/cluster.sh) and says which server answers.
control_plane_up() {
  step "starting etcd, kube-apiserver, kube-controller-manager${K8S_TAG:+ ${K8S_TAG#-}} on 127.0.0.1"
  local t=$SECONDS
  start_cluster || { echo "e2e: the control plane did not start (logs in $WORK/logs)" >&2; E2E_KEEP=1; exit 1; }
  step "control plane up in $((SECONDS - t)) s: server $(k version -o json | node -pe 'JSON.parse(require("fs").readFileSync(0)).serverVersion.gitVersion')"
}

if suite kubernetes; then
  # ---- the control plane -------------------------------------------------------------------------------------------
  control_plane_up

  # ---- checks ------------------------------------------------------------------------------------------------------
  check "admission: PodSecurity refuses a privileged pod in a namespace labelled enforce=restricted" \
    podsecurity_refuses_privileged_pod
  check "pinned CRDs (crds/*.yaml) install server-side and become Established" crds_install

  for app in "$SYNTH"/*/; do
    example_app_checks "${app%/}"
  done

  pika_migration_checks
  piko_migration_checks
  stop_cluster
fi

if suite kubernetes-newest; then
  # ---- the newest release: the same output, applied without a warning ---------------------------------------------
  BIN="$BIN_NEWEST" K8S_TAG="-$K8S_NEWEST"
  control_plane_up
  check "$K8S_NEWEST: admission: PodSecurity refuses a privileged pod in a namespace labelled enforce=restricted" \
    podsecurity_refuses_privileged_pod
  check "$K8S_NEWEST: admission: PodSecurity warns of a Deployment whose pods would be privileged there" \
    podsecurity_warns_of_privileged_template
  check "$K8S_NEWEST: pinned CRDs (crds/*.yaml) install server-side as released and become Established" \
    crds_install as-released
  for app in "$SYNTH"/*/; do
    example_app_checks_newest "${app%/}"
  done
  stop_cluster
fi

if suite piko; then
  step "running Piko nodes and agents from the example apps' manifests (network namespaces on $PODS_NETWORK.0/24)"
  piko_checks || { echo "e2e: the pods' network could not be set up" >&2; exit 1; }
fi

step "done in $((SECONDS - START)) s (logs: $WORK/logs, kept with E2E_KEEP=1)"
if ((FAILED)); then
  printf 'failed: %s\n' "${FAILURES[@]}"
fi
echo "e2e: $PASSED passed, $FAILED failed"
((FAILED == 0))
