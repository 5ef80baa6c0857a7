# shellcheck shell=bash
# Checks on the example apps' output: what a user applying the library's manifests to a real cluster gets, on 1.28
# (every check) and on the newest release (the checks of example_app_checks_newest).

# Admission is really on: in a namespace that enforces `restricted`, a privileged pod is refused. Without this, the
# pods the controller creates later would prove nothing about Pod Security.
podsecurity_refuses_privileged_pod() {
  reset_namespaces e2e-psa && create_restricted_namespace e2e-psa >/dev/null || return 1
  local out
  if out=$(k -n e2e-psa create --dry-run=server -f - 2>&1 <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: privileged}
spec:
  containers: [{name: c, image: busybox, securityContext: {privileged: true}}]
EOF
  ); then echo "a privileged pod was accepted in a restricted namespace: $out"; return 1; fi
  echo "$out"
  grep -q 'violates PodSecurity "restricted:latest"' <<< "$out"
}

# The pinned CRDs install on 1.28 (server-side, as the README tells users) and become Established, so the custom
# resources of the integrations are validated against their real schemas (and CEL rules) below.
# Known: CRDs released for newer Kubernetes carry `spec.versions[].selectableFields` (a 1.30+ field; 1.28's
# CustomResourceDefinition schema lacks it), which 1.28 refuses in a server-side apply with "field not declared in
# schema". Such a CRD is installed once more without that field (it only enables field selectors, it does not change
# validation), and a note gives the API server's error. Any other error fails the check; with `as-released` (on the
# newest release) that one does too.
crds_install() { # [as-released]
  local f out rc=0 as_released="${1:-}"
  mkdir -p "$WORK/crds"
  for f in "$REPO"/crds/*.yaml; do
    if out=$(k apply --server-side --field-manager=e2e-setup -f "$f" 2>&1); then echo "$out"; continue; fi
    echo "$out"
    if [[ -z "$as_released" ]] && grep -q 'selectableFields: field not declared in schema' <<< "$out" &&
       [[ $(grep -c '^Error' <<< "$out") == $(grep -c 'selectableFields: field not declared in schema' <<< "$out") ]]; then
      echo "note: $(basename "$f") as released is refused by 1.28: $(grep -m1 '^Error' <<< "$out")"
      node -e '
        const YAML = require(process.env.YAML_MODULE); const fs = require("fs");
        const docs = YAML.parseAllDocuments(fs.readFileSync(process.argv[1], "utf8")).map((d) => d.toJS()).filter(Boolean);
        for (const d of docs) for (const v of d.spec.versions) delete v.selectableFields;
        fs.writeFileSync(process.argv[2], docs.map((d) => YAML.stringify(d)).join("---\n"));' "$f" "$WORK/crds/$(basename "$f")"
      echo "note: $(basename "$f") installed without spec.versions[].selectableFields"
      k apply --server-side --field-manager=e2e-setup -f "$WORK/crds/$(basename "$f")" || rc=1
    else
      rc=1
    fi
  done
  ((rc == 0)) && k wait --for=condition=Established --timeout=60s -f "$REPO/crds/"
}

# Cluster-scoped objects an app's pods need but that an app does not render (a cluster admin's): PriorityClasses the
# pods name. Without one, the Priority admission plugin refuses the pod ("no PriorityClass with name ... was found").
create_prerequisites() { # files...
  local pc
  for pc in $(grep -ho 'priorityClassName: *[^ ]*' "$@" | awk '{print $2}' | tr -d "\"'" | sort -u); do
    k get priorityclass "$pc" >/dev/null 2>&1 && continue
    k create priorityclass "$pc" --value=1000000 --description="e2e: named by the example's pods" >/dev/null || return 1
    echo "note: created PriorityClass $pc (the output names it; the cluster must have it)"
  done
}

# Step 1 of an app: its namespaces start empty and enforce `restricted`; then the output is applied server-side with
# strict validation (unknown or duplicate fields are errors, not warnings). Notes what labels the output's own
# Namespace objects carry.
apply_app() { # app files...
  local app="$1"; shift
  local ns
  # shellcheck disable=SC2046
  reset_namespaces $(list_namespaces "$@") || return 1
  for ns in $(list_namespaces "$@"); do create_restricted_namespace "$ns" >/dev/null || return 1; done
  create_prerequisites "$@" || return 1
  node -e '
    const YAML = require(process.env.YAML_MODULE);
    for (const f of process.argv.slice(1))
      for (const d of YAML.parseAllDocuments(require("fs").readFileSync(f, "utf8"))) {
        const o = d.toJS();
        if (o && o.kind === "Namespace")
          console.log(`note: the output'"'"'s Namespace ${o.metadata.name} carries labels ${JSON.stringify(o.metadata.labels || {})}`);
      }' "$@"
  local args=() f
  for f in "$@"; do args+=(-f "$f"); done
  k apply --server-side --validate=strict --field-manager="$FIELD_MANAGER" "${args[@]}"
}

# Step 2, per StatefulSet: the controller creates every pod and claim (admission accepts them in the restricted
# namespace), pods are marked Ready one by one (OrderedReady), and nothing was refused on the way.
statefulset_rolls_out() { # namespace name replicas claims
  replicas_reach "$1" "$2" "$3" 60 &&
    drive_statefulset "$1" "$2" 120 &&
    pods_and_claims_exist "$@" &&
    no_failed_create_events "$1"
}

# Step 3: applying the same files again is a no-op. `kubectl diff --server-side` shows nothing, and no object gets a
# new resourceVersion or generation (the API server did not write anything).
reapply_is_noop() { # files...
  local args=() f before after
  for f in "$@"; do args+=(-f "$f"); done
  # Wait until the controllers have stopped writing status (autoscalers first, whose writes come a sync period
  # apart; then two equal snapshots), so a change is ours.
  autoscalers_settle "$@"
  before=$(snapshot_objects "$@")
  for _ in $(seq 1 20); do
    sleep 1; after=$(snapshot_objects "$@")
    [[ "$after" == "$before" ]] && break
    before="$after"
  done
  local diff rc=0
  diff=$(k diff --server-side --field-manager="$FIELD_MANAGER" "${args[@]}" 2>&1) || rc=$?
  if ((rc != 0)); then echo "kubectl diff --server-side exited $rc:"; echo "$diff"; return 1; fi
  k apply --server-side --validate=strict --field-manager="$FIELD_MANAGER" "${args[@]}" >/dev/null || return 1
  after=$(snapshot_objects "$@")
  if [[ "$after" != "$before" ]]; then
    echo "objects changed by the second apply:"; diff <(echo "$before") <(echo "$after")
    local line
    while read -r line; do explain_rewrite "${line%% *}" "$@"; done < <(comm -13 <(echo "$before" | sort) <(echo "$after" | sort))
    return 1
  fi
  echo "$(wc -l <<< "$after") objects unchanged"
}

# Why the API server wrote an object on a no-op apply: the fields it holds that the output leaves out (defaults it
# filled in). Inside an atomic list such a default makes every server-side apply "change" the list, so the object is
# rewritten each time (new resourceVersion and managedFields time), though `kubectl diff` shows nothing.
explain_rewrite() { # kind/ns/name files...
  local id="$1"; shift
  local kind="${id%%/*}" rest="${id#*/}"; local ns="${rest%%/*}" name="${rest#*/}"
  local api; api=$(list_objects "$@" | awk -F'|' -v k="$kind" -v n="$ns" -v m="$name" '$1==k && $2==n && $3==m {print $4; exit}')
  local nsflag=(); [[ -n "$ns" ]] && nsflag=(-n "$ns")
  k get "${nsflag[@]}" "$(obj_ref "$kind" "$api" "$name")" -o json | ID="$id" node -e '
    const YAML = require(process.env.YAML_MODULE); const fs = require("fs");
    const live = JSON.parse(fs.readFileSync(0, "utf8"));
    const want = process.argv.slice(1).flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(f, "utf8")).map((d) => d.toJS()))
      .find((o) => o && o.kind === live.kind && o.metadata.name === live.metadata.name && (o.metadata.namespace || "") === (live.metadata.namespace || ""));
    const extra = [];
    const walk = (l, w, p) => {
      if (Array.isArray(l) && Array.isArray(w)) l.forEach((x, i) => walk(x, w[i], `${p}[${i}]`));
      else if (l && typeof l === "object" && w && typeof w === "object")
        for (const k of Object.keys(l)) { if (!(k in w)) extra.push(`${p}.${k}=${JSON.stringify(l[k])}`); else walk(l[k], w[k], `${p}.${k}`); }
    };
    walk(live.spec, want.spec, "spec");
    console.log(`note: ${process.env.ID} rewritten by a no-op apply; the API server holds fields the output omits: ${extra.join(" ") || "(none)"}`);
  ' "$@"
}

# GitOps tools build the output with kustomize, which refuses an object twice and a namespaced Namespace.
kustomize_accepts() { # files...
  local dir="$WORK/kustomize/$RANDOM" f
  mkdir -p "$dir"
  { echo "resources:"; for f in "$@"; do cp "$f" "$dir/"; echo "- $(basename "$f")"; done; } > "$dir/kustomization.yaml"
  k kustomize "$dir" > "$dir/out.yaml" && echo "$(grep -c '^kind:' "$dir/out.yaml") objects built"
}

# All checks of one example app (a directory of <chart>.k8s.yaml files written by one app).
example_app_checks() { # app_dir
  local dir="$1" app; app=$(basename "$dir")
  local files=("$dir"/*.k8s.yaml)
  local label="example $app ($(cd "$dir" && echo *.k8s.yaml | sed 's/\.k8s\.yaml//g'))"
  check "$label: kubectl kustomize builds it" kustomize_accepts "${files[@]}"
  check "$label: server-side apply --validate=strict accepted" apply_app "$app" "${files[@]}"
  ((LAST_RC == 0)) || return 0 # nothing was created to check further
  local ns name replicas claims
  while IFS='|' read -r ns name replicas claims; do
    check "$label: StatefulSet $ns/$name: $replicas pods$([[ $claims != - ]] && echo " and claims ($claims)") created, none refused" \
      statefulset_rolls_out "$ns" "$name" "$replicas" "$claims"
  done < <(list_statefulsets "${files[@]}")
  while IFS='|' read -r ns name replicas; do
    check "$label: Deployment $ns/$name: $replicas pods created, none refused" deployment_pods_created "$ns" "$name" "$replicas"
  done < <(list_deployments "${files[@]}")
  check "$label: second server-side apply changes nothing" reapply_is_noop "${files[@]}"
}

# On the newest release the output must apply without a single warning. Pod Security judges a workload's pod template
# when the workload is applied and warns of what it would refuse in the pods (it refuses only the pods), and the API
# server warns of deprecated fields and values: either would show here.
apply_app_without_warnings() { # app files...
  local out rc=0
  out=$(apply_app "$@" 2>&1) || rc=$?
  echo "$out"
  ((rc == 0)) || return 1
  if grep -q '^Warning' <<< "$out"; then echo "the API server warned:"; grep '^Warning' <<< "$out"; return 1; fi
}

# That warning is there to be seen: a Deployment whose pods would be privileged draws it from Pod Security, in a
# namespace that enforces `restricted`, while the Deployment itself is accepted.
podsecurity_warns_of_privileged_template() {
  reset_namespaces e2e-psa-template && create_restricted_namespace e2e-psa-template >/dev/null || return 1
  local out
  out=$(k -n e2e-psa-template apply --server-side --field-manager=e2e-setup -f - 2>&1 <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata: {name: privileged}
spec:
  selector: {matchLabels: {app: privileged}}
  template:
    metadata: {labels: {app: privileged}}
    spec:
      containers: [{name: c, image: busybox, securityContext: {privileged: true}}]
EOF
  ) || { echo "$out"; return 1; }
  echo "$out"
  grep -q '^Warning: would violate PodSecurity "restricted:latest"' <<< "$out"
}

# The checks of one example app on the newest release: the same output applies with strict validation and no warning,
# and a second apply changes nothing (a default the newer API server fills into an atomic list would rewrite the
# object on every apply).
example_app_checks_newest() { # app_dir
  local dir="$1" app; app=$(basename "$dir")
  local files=("$dir"/*.k8s.yaml)
  local label="$K8S_NEWEST: example $app ($(cd "$dir" && echo *.k8s.yaml | sed 's/\.k8s\.yaml//g'))"
  check "$label: server-side apply --validate=strict accepted, with no warning" apply_app_without_warnings "$app" "${files[@]}"
  ((LAST_RC == 0)) || return 0
  check "$label: second server-side apply changes nothing" reapply_is_noop "${files[@]}"
}
