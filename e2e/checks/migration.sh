# shellcheck shell=bash
# Migration checks: a cluster first installed from upstream's manifests, then taken over by the library's output with
# `kubectl apply --server-side --force-conflicts` (docs/migration.md). The StatefulSet must be updated in place —
# same object (uid), same PersistentVolumeClaims — because its selector, serviceName, podManagementPolicy and
# volumeClaimTemplates are immutable and a mismatch is refused by the API server.

# "statefulset <uid>" then "pvc <name> <uid>" per claim of the namespace, sorted.
sts_and_claims() { # namespace sts
  echo "statefulset $(k -n "$1" get statefulset "$2" -o jsonpath='{.metadata.uid}')"
  k -n "$1" get pvc -o jsonpath='{range .items[*]}pvc {.metadata.name} {.metadata.uid}{"\n"}{end}' | sort
}

# What the take-over left of upstream's object: the live object compared with the same object of the library's output
# created fresh (a server-side dry run in a scratch namespace, so that it gets the same defaults). Extra or different
# metadata labels/annotations and spec fields are what a manager other than ours (helm, a client-side apply not
# migrated by kubectl) still owns. Printed as "note:" lines, for the report.
leftovers() { # namespace kind name file
  local ns="$1" kind="$2" name="$3" file="$4" fresh
  k get namespace e2e-scratch >/dev/null 2>&1 || k create namespace e2e-scratch >/dev/null
  fresh=$(node -e '
    const YAML = require(process.env.YAML_MODULE); const fs = require("fs");
    const o = YAML.parseAllDocuments(fs.readFileSync(process.argv[1], "utf8")).map((d) => d.toJS())
      .find((x) => x && x.kind === process.argv[2] && x.metadata.name === process.argv[3]);
    o.metadata.namespace = "e2e-scratch"; console.log(JSON.stringify(o));' "$file" "$kind" "$name" |
    k create --dry-run=server -o json -f -) || return 1
  k -n "$ns" get "$kind/$name" -o json | FRESH="$fresh" node -e '
    const live = JSON.parse(require("fs").readFileSync(0, "utf8")), fresh = JSON.parse(process.env.FRESH);
    const out = [];
    const walk = (l, f, p) => {
      if (/^spec\.clusterIPs?$/.test(p)) return; // allocated per object
      if (l && f && typeof l === "object" && typeof f === "object" && Array.isArray(l) === Array.isArray(f)) {
        if (Array.isArray(l) && l.length !== f.length) { out.push(`${p}: live ${JSON.stringify(l)} / library ${JSON.stringify(f)}`); return; }
        for (const k of Object.keys(l)) {
          if (k === "kubectl.kubernetes.io/last-applied-configuration") continue;
          if (!(k in f)) out.push(`${p}.${k}=${JSON.stringify(l[k])}`); else walk(l[k], f[k], `${p}.${k}`);
        }
      } else if (JSON.stringify(l) !== JSON.stringify(f)) out.push(`${p}: live ${JSON.stringify(l)} / library ${JSON.stringify(f)}`);
    };
    walk(live.metadata.labels || {}, fresh.metadata.labels || {}, "metadata.labels");
    walk(live.metadata.annotations || {}, fresh.metadata.annotations || {}, "metadata.annotations");
    walk(live.spec, fresh.spec, "spec");
    if (out.length) console.log(`note: ${live.kind} ${live.metadata.namespace}/${live.metadata.name} after the take-over still has, beyond the library'"'"'s output: ${out.join("; ")}`);'
}

# Applies the library's chart over what is running, as docs/migration.md says.
apply_library_over() { # file
  k apply --server-side --force-conflicts --validate=strict --field-manager="$FIELD_MANAGER" -f "$1"
}

# The take-over of a migration: names any immutable StatefulSet field that differs (a note each; the API server's
# error would not name it), then applies.
take_over() { # namespace sts file
  immutable_fields_differ "$1" "$2" "$3" | sed 's/^/note: immutable field differs: /'
  apply_library_over "$3"
}

# After the take-over: the same StatefulSet object and the same claims (names and uids), the rollout onto the new
# template completes (pods recreated one at a time, each mounting its old claim), nothing refused.
updated_in_place() { # namespace sts replicas claims before_file library_file
  local ns="$1" sts="$2" before="$5" after
  drive_statefulset "$ns" "$sts" 180 || return 1
  after=$(sts_and_claims "$ns" "$sts")
  if [[ "$after" != "$(cat "$before")" ]]; then
    echo "StatefulSet or claims changed (before / after):"; diff "$before" <(echo "$after"); return 1
  fi
  pods_and_claims_exist "$ns" "$sts" "$3" "$4" && no_failed_create_events "$ns" || return 1
  echo "$after"
  local kind name
  while IFS='|' read -r kind _ name _; do
    [[ "$kind" != Namespace ]] && leftovers "$ns" "$kind" "$name" "$6"
  done < <(list_objects "$6")
  return 0
}

# ---- Pika: upstream's Kustomize bundle (ci/kubernetes at d7e7a6ca) -> PikaCluster defaults -------------------------

# As a user of the bundle would have installed it: `kubectl apply -k` (client-side apply, namespace pika unlabelled).
install_pika_upstream() {
  reset_namespaces pika || return 1
  k kustomize "$REFERENCE/pika-upstream" > "$WORK/pika-upstream.yaml" || return 1
  k apply -f "$WORK/pika-upstream.yaml" || return 1
  drive_statefulset pika pika 120 && pods_and_claims_exist pika pika 3 data || return 1
  sts_and_claims pika pika | tee "$WORK/pika-before.txt"
}

pika_migration_checks() {
  check "migration pika: upstream Kustomize bundle installed (kubectl apply -k), 3 pods and claims data-pika-0..2" \
    install_pika_upstream
  ((LAST_RC == 0)) || return 0
  check "migration pika: PikaCluster (pika-quickstart) applied over it with --server-side --force-conflicts" \
    take_over pika pika "$SYNTH/main/pika-quickstart.k8s.yaml"
  ((LAST_RC == 0)) || return 0
  check "migration pika: StatefulSet updated in place (same uid), same claims (names, uids), rolled out" \
    updated_in_place pika pika 3 data "$WORK/pika-before.txt" "$SYNTH/main/pika-quickstart.k8s.yaml"
}

# ---- Piko: the Helm chart's default rendering -> PikoCluster defaults ----------------------------------------------

# As `helm install piko operations/helm/piko -n piko --create-namespace` would have: Helm creates the objects with
# field manager "helm" (no last-applied annotation), in a namespace without labels.
install_piko_helm() {
  reset_namespaces piko && k create namespace piko >/dev/null || return 1
  k -n piko create --field-manager=helm -f "$REFERENCE/piko-upstream/helm-default.yaml" || return 1
  drive_statefulset piko piko 120 && pods_and_claims_exist piko piko 1 - || return 1
  sts_and_claims piko piko | tee "$WORK/piko-before.txt"
}

# ---- Piko: the docs' example manifests -> PikoCluster defaults -------------------------------------------------------

# As the docs tell: `kubectl apply -f` of the three manifests (client-side), here into namespace piko.
install_piko_docs() {
  reset_namespaces piko && k create namespace piko >/dev/null || return 1
  k -n piko apply -f "$REFERENCE/piko-upstream/docs-example.yaml" || return 1
  drive_statefulset piko piko 120 && pods_and_claims_exist piko piko 3 - || return 1
}

# Which of the fields the API server keeps immutable on a StatefulSet differ between the live object and a file's
# StatefulSet of the same name: one "spec.<field>: live <json> / file <json>" line each. (The API server's error names
# none of them: it says only that fields other than replicas, template, ... may not change.)
immutable_fields_differ() { # namespace sts file
  k -n "$1" get statefulset "$2" -o json | node -e '
    const YAML = require(process.env.YAML_MODULE); const fs = require("fs");
    const live = JSON.parse(fs.readFileSync(0, "utf8"));
    const want = YAML.parseAllDocuments(fs.readFileSync(process.argv[1], "utf8")).map((d) => d.toJS())
      .find((o) => o && o.kind === "StatefulSet" && o.metadata.name === live.metadata.name);
    const claims = (t) => (t || []).map((c) => ({ name: c.metadata.name, accessModes: c.spec.accessModes,
      storage: c.spec.resources?.requests?.storage, storageClassName: c.spec.storageClassName ?? null }));
    const get = {
      selector: (o) => o.spec.selector, serviceName: (o) => o.spec.serviceName ?? "",
      podManagementPolicy: (o) => o.spec.podManagementPolicy ?? "OrderedReady",
      volumeClaimTemplates: (o) => claims(o.spec.volumeClaimTemplates),
    };
    for (const [f, g] of Object.entries(get)) {
      const a = JSON.stringify(g(live)), b = JSON.stringify(g(want));
      if (a !== b) console.log(`spec.${f}: live ${a} / library ${b}`);
    }' "$3"
}

# docs/migration.md says the docs example cannot be updated in place (its selector is `app: piko`). The API server
# must refuse the StatefulSet (and only it), and the one immutable field that differs must be spec.selector.
in_place_refused_on_selector() { # file
  local differ out
  differ=$(immutable_fields_differ piko piko "$1") || return 1
  echo "$differ" | sed 's/^/note: immutable field differs: /'
  if out=$(apply_library_over "$1" 2>&1); then
    echo "the apply was accepted, but docs/migration.md says it cannot be:"; echo "$out"; return 1
  fi
  echo "$out"
  local errors; errors=$(grep -i 'error\|invalid\|forbidden' <<< "$out" || true)
  echo "$errors" | sed 's/^/note: API server: /'
  [[ "$(cut -d: -f1 <<< "$differ" | tr '\n' ' ')" == "spec.selector " ]] &&
    grep -q 'The StatefulSet "piko" is invalid: spec: Forbidden: updates to statefulset spec for fields other than' <<< "$errors" &&
    [[ $(grep -c . <<< "$errors") == 1 ]]
}

# What docs/migration.md says to do instead: delete the StatefulSet (its pods go with it), the old Service and the
# ConfigMap `server-config`, then apply. Piko keeps no state, so there are no claims to keep.
replace_as_documented() { # file
  k -n piko delete statefulset piko --cascade=foreground --wait --timeout=120s &&
    k -n piko delete service piko --ignore-not-found &&
    k -n piko delete configmap server-config --ignore-not-found &&
    apply_library_over "$1" &&
    drive_statefulset piko piko 120 &&
    pods_and_claims_exist piko piko 3 - &&
    no_failed_create_events piko
}

piko_migration_checks() {
  check "migration piko (Helm chart default): chart objects created as helm install -n piko would, 1 pod" \
    install_piko_helm
  if ((LAST_RC == 0)); then
    check "migration piko (Helm chart default): PikoCluster (piko-quickstart) applied over it with --server-side --force-conflicts" \
      take_over piko piko "$SYNTH/main/piko-quickstart.k8s.yaml"
    ((LAST_RC == 0)) &&
      check "migration piko (Helm chart default): StatefulSet updated in place (same uid, no claims), scaled 1 -> 3, rolled out" \
        updated_in_place piko piko 3 - "$WORK/piko-before.txt" "$SYNTH/main/piko-quickstart.k8s.yaml"
  fi

  check "migration piko (docs example): docs manifests installed (kubectl apply), 3 pods" install_piko_docs
  ((LAST_RC == 0)) || return 0
  check "migration piko (docs example): in-place apply refused on the StatefulSet's selector, as docs/migration.md says" \
    in_place_refused_on_selector "$SYNTH/main/piko-quickstart.k8s.yaml"
  check "migration piko (docs example): replacement as docs/migration.md says (delete StatefulSet, Service, ConfigMap; apply) works" \
    replace_as_documented "$SYNTH/main/piko-quickstart.k8s.yaml"
}
