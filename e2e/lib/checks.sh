# shellcheck shell=bash
# Helpers shared by the checks: result bookkeeping, kubectl, and driving StatefulSets without a kubelet.

PASSED=0
FAILED=0
FAILURES=()
FIELD_MANAGER=cdk8s-pika-piko-e2e

k() { "$BIN/kubectl" "$@"; }

# check "<description>" <function> [args...]: runs the function (its output goes to the log, and is shown on
# failure), prints one PASS/FAIL line. A check never stops the suite; LAST_RC holds the function's exit code.
check() {
  local name="$1"; shift
  local out="$WORK/check.out" rc=0
  "$@" > "$out" 2>&1 || rc=$?
  LAST_RC=$rc
  cat "$out" >> "$WORK/logs/checks.log"
  if ((rc == 0)); then
    PASSED=$((PASSED + 1)); echo "PASS  $name"
  else
    FAILED=$((FAILED + 1)); FAILURES+=("$name"); echo "FAIL  $name"
    grep -v '^note:' "$out" | tail -40 | sed 's/^/      | /' || true
  fi
  # Lines a check marks with "note:" are worth seeing even when it passes (what the API server did or kept).
  grep '^note:' "$out" | sed 's/^note:/      note:/' || true
  return 0
}

# Objects of a set of manifest files, one "kind|namespace|name|apiVersion" per line. (Not tabs: `read` would merge
# the two tabs around an empty namespace.)
list_objects() { # files...
  node -e '
    const YAML = require(process.env.YAML_MODULE);
    for (const f of process.argv.slice(1)) {
      for (const d of YAML.parseAllDocuments(require("fs").readFileSync(f, "utf8"))) {
        const o = d.toJS(); if (!o) continue;
        console.log([o.kind, (o.metadata.namespace || ""), o.metadata.name, o.apiVersion].join("|"));
      }
    }' "$@"
}

# StatefulSets of a set of files: "namespace|name|replicas|claim template names (comma-separated, or -)". An autoscaled
# StatefulSet has no spec.replicas: its count is the minReplicas of the HorizontalPodAutoscaler of the files that
# scales it (the controller raises the default 1 to it, and without a metrics API it never scales further).
list_statefulsets() { # files...
  node -e '
    const YAML = require(process.env.YAML_MODULE);
    const objects = process.argv.slice(1).flatMap((f) => YAML.parseAllDocuments(require("fs").readFileSync(f, "utf8")).map((d) => d.toJS()).filter(Boolean));
    const ns = (o) => o.metadata.namespace || "default";
    for (const o of objects) {
      if (o.kind !== "StatefulSet") continue;
      const hpa = objects.find((h) => h.kind === "HorizontalPodAutoscaler" && ns(h) === ns(o)
        && h.spec.scaleTargetRef.kind === "StatefulSet" && h.spec.scaleTargetRef.name === o.metadata.name);
      const claims = (o.spec.volumeClaimTemplates || []).map((t) => t.metadata.name).join(",");
      console.log([ns(o), o.metadata.name, o.spec.replicas ?? (hpa ? hpa.spec.minReplicas ?? 1 : 1), claims || "-"].join("|"));
    }' "$@"
}

# The Deployments of a set of files, one "namespace|name|replicas" a line.
list_deployments() { # files...
  node -e '
    const YAML = require(process.env.YAML_MODULE);
    for (const f of process.argv.slice(1))
      for (const d of YAML.parseAllDocuments(require("fs").readFileSync(f, "utf8"))) {
        const o = d.toJS();
        if (o && o.kind === "Deployment") console.log([o.metadata.namespace || "default", o.metadata.name, o.spec.replicas ?? 1].join("|"));
      }' "$@"
}

# The Deployment's controllers create all its pods (a ReplicaSet, then its pods, each admitted by Pod Security; they
# stay Pending without a kubelet), and nothing was refused on the way.
deployment_pods_created() { # namespace name replicas [timeout seconds]
  local deadline=$((SECONDS + ${4:-60})) live
  while true; do
    live=$(k -n "$1" get deployment "$2" -o jsonpath='{.status.replicas}')
    [[ "${live:-0}" == "$3" ]] && break
    if ((SECONDS > deadline)); then
      echo "Deployment $1/$2 has ${live:-0} pods after ${4:-60}s, wants $3"
      no_failed_create_events "$1"
      return 1
    fi
    sleep 0.5
  done
  no_failed_create_events "$1" && echo "Deployment $1/$2: $live pods"
}

# Waits until a StatefulSet's live spec.replicas is the count the files imply: for an autoscaled one, until its
# HorizontalPodAutoscaler has scaled it from the default 1 to minReplicas (on its first sync).
replicas_reach() { # namespace name replicas [timeout seconds]
  local deadline=$((SECONDS + ${4:-60})) live
  while true; do
    live=$(k -n "$1" get statefulset "$2" -o jsonpath='{.spec.replicas}')
    [[ "$live" == "$3" ]] && return 0
    if ((SECONDS > deadline)); then
      echo "StatefulSet $1/$2 has spec.replicas=$live after ${4:-60}s, wants $3" >&2
      k -n "$1" get horizontalpodautoscalers -o wide >&2 || true
      return 1
    fi
    sleep 0.5
  done
}

# The resourceVersion of each object, one a line.
autoscaler_versions() { # "namespace|kind.version.group/name"...
  local r
  for r in "$@"; do k -n "${r%%|*}" get "${r#*|}" -o jsonpath='{.metadata.resourceVersion}{"\n"}'; done
}

# Waits until the HorizontalPodAutoscalers of the files have stopped writing their status: no new resourceVersion for
# longer than the controller's 15 s sync period (at most 90 s). Without a metrics API the controller records that it
# cannot read the metrics a sync or two after it scaled to minReplicas, and then writes nothing more.
autoscalers_settle() { # files...
  local kind ns name api before after stable=0 deadline=$((SECONDS + 90)) refs=()
  while IFS='|' read -r kind ns name api; do
    [[ "$kind" == HorizontalPodAutoscaler ]] && refs+=("$ns|$(obj_ref "$kind" "$api" "$name")")
  done < <(list_objects "$@")
  ((${#refs[@]} > 0)) || return 0
  before=$(autoscaler_versions "${refs[@]}")
  while ((stable < 20)); do
    sleep 1; after=$(autoscaler_versions "${refs[@]}")
    if [[ "$after" == "$before" ]]; then stable=$((stable + 1)); else stable=0; before="$after"; fi
    if ((SECONDS > deadline)); then echo "note: HorizontalPodAutoscalers still writing their status after 90s" >&2; return 0; fi
  done
}

# Namespaces a set of files uses: those its objects live in, and the Namespace objects it declares.
list_namespaces() { # files...
  list_objects "$@" | awk -F'|' '$1 == "Namespace" { print $3 } $2 != "" { print $2 }' | sort -u
}

# The exact resource for kubectl get: Kind.version.group/name (Kind/name for the core group).
obj_ref() { # kind apiVersion name
  if [[ "$2" == */* ]]; then echo "$1.${2#*/}.${2%/*}/$3"; else echo "$1/$3"; fi
}

# "kind/ns/name uid resourceVersion generation" for every object of the files, as the API server has them.
snapshot_objects() { # files...
  local kind ns name api
  while IFS='|' read -r kind ns name api; do
    local nsflag=(); [[ -n "$ns" ]] && nsflag=(-n "$ns")
    printf '%s/%s/%s ' "$kind" "$ns" "$name"
    k get "${nsflag[@]}" "$(obj_ref "$kind" "$api" "$name")" \
      -o jsonpath='{.metadata.uid} rv={.metadata.resourceVersion} gen={.metadata.generation}{"\n"}'
  done < <(list_objects "$@")
}

# Deletes namespaces (if present) and waits until they are gone, so that every app starts from nothing.
reset_namespaces() { # namespaces...
  local ns
  for ns in "$@"; do k delete namespace "$ns" --ignore-not-found --wait=false >/dev/null; done
  for ns in "$@"; do
    k wait --for=delete "namespace/$ns" --timeout=180s >/dev/null 2>&1 || {
      echo "namespace $ns still there after 180s:" >&2; k get namespace "$ns" -o yaml >&2; return 1; }
  done
}

# Creates a namespace that enforces the restricted Pod Security Standard (owned by a manager of its own, so an
# app's Namespace object without labels, applied server-side, leaves the labels alone).
create_restricted_namespace() { # name
  k apply --server-side --field-manager=e2e-setup -f - <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $1
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/warn-version: latest
EOF
}

# Plays the kubelet's part for a StatefulSet: every pod the controller creates is marked Running and Ready through
# the status subresource, so that an OrderedReady StatefulSet goes on to create the next ordinal and a rolling update
# goes on to the next pod. Returns once the StatefulSet reports all replicas ready and updated, or fails after the
# timeout. Nothing but the status of pods the controller created is touched.
drive_statefulset() { # namespace name [timeout seconds]
  local ns="$1" sts="$2" timeout="${3:-120}" deadline pods p st
  deadline=$((SECONDS + timeout))
  local patch='{"status":{"phase":"Running","conditions":[{"type":"PodScheduled","status":"True"},{"type":"Initialized","status":"True"},{"type":"ContainersReady","status":"True"},{"type":"Ready","status":"True"}]}}'
  while true; do
    # pod|ready|deleting, for the pods this StatefulSet owns
    pods=$(k -n "$ns" get pods -o jsonpath='{range .items[?(@.metadata.ownerReferences[0].name=="'"$sts"'")]}{.metadata.name}{"|"}{.status.conditions[?(@.type=="Ready")].status}{"|"}{.metadata.deletionTimestamp}{"\n"}{end}')
    while IFS='|' read -r p st del; do
      [[ -z "$p" || "$st" == "True" || -n "$del" ]] && continue
      k -n "$ns" patch pod "$p" --subresource=status --type=merge -p "$patch" >/dev/null
    done <<< "$pods"
    # replicas ready updated observedGeneration generation currentRevision updateRevision
    read -r want ready updated obs gen cur upd < <(k -n "$ns" get statefulset "$sts" -o jsonpath='{.spec.replicas} {.status.readyReplicas} {.status.updatedReplicas} {.status.observedGeneration} {.metadata.generation} {.status.currentRevision} {.status.updateRevision}{"\n"}')
    if [[ "$ready" == "$want" && "$updated" == "$want" && "$obs" == "$gen" && -n "$cur" && "$cur" == "$upd" ]]; then
      return 0
    fi
    if ((SECONDS > deadline)); then
      echo "StatefulSet $ns/$sts not rolled out after ${timeout}s: replicas=$want ready=$ready updated=$updated observedGeneration=$obs generation=$gen currentRevision=$cur updateRevision=$upd" >&2
      k -n "$ns" get pods,pvc >&2 || true
      return 1
    fi
    sleep 0.5
  done
}

# The FailedCreate events of a namespace (the StatefulSet controller's report of a pod or claim that the API server
# refused, e.g. by admission); prints them and fails when there is any.
no_failed_create_events() { # namespace
  local ev
  ev=$(k -n "$1" get events --field-selector reason=FailedCreate \
    -o jsonpath='{range .items[*]}{.involvedObject.kind}/{.involvedObject.name}: {.message}{"\n"}{end}')
  if [[ -n "$ev" ]]; then echo "FailedCreate events in namespace $1:"; echo "$ev"; return 1; fi
}

# Every pod <sts>-<i> and every claim <template>-<sts>-<i> for i < replicas exists, and the pods mount those claims.
pods_and_claims_exist() { # namespace sts replicas claims(comma-separated or -)
  local ns="$1" sts="$2" n="$3" claims="$4" i c
  for ((i = 0; i < n; i++)); do
    k -n "$ns" get pod "$sts-$i" -o name >/dev/null || { echo "pod $ns/$sts-$i missing"; return 1; }
    [[ "$claims" == "-" ]] && continue
    for c in ${claims//,/ }; do
      k -n "$ns" get pvc "$c-$sts-$i" -o name >/dev/null || { echo "claim $ns/$c-$sts-$i missing"; return 1; }
      k -n "$ns" get pod "$sts-$i" -o jsonpath='{.spec.volumes[*].persistentVolumeClaim.claimName}' | grep -qw "$c-$sts-$i" ||
        { echo "pod $ns/$sts-$i does not mount claim $c-$sts-$i"; return 1; }
    done
  done
  # and no more pods than replicas (the controller made exactly what was asked)
  local count
  count=$(k -n "$ns" get pods -o jsonpath='{range .items[?(@.metadata.ownerReferences[0].name=="'"$sts"'")]}{.metadata.name}{"\n"}{end}' | grep -c . || true)
  [[ "$count" == "$n" ]] || { echo "StatefulSet $ns/$sts owns $count pods, wants $n"; return 1; }
}
