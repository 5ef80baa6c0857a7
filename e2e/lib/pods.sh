# shellcheck shell=bash
# Real processes for synthesized pods (see pods.ts): a bridge on the host, one network namespace per pod with its own
# IP, each container a process started from the script pods.ts writes. Only a check's own pods are touched, and
# pods_down removes everything pods_up and pod_start made (namespaces, links, the mount points made on the host).
#
# Uses: WORK, REPO. Sets: POD_PIDS (pod dir -> the container pids, space-separated).

PODS_BRIDGE=e2epk0
PODS_NETWORK=10.213.0
# Outside /tmp: containers mount their own /tmp over it, which would hide the binaries and volumes kept there.
PODS_ROOT=/run/cdk8s-pika-piko-e2e
declare -gA POD_PIDS=()
MADE_MOUNTPOINTS=()

pods_up() {
  pods_down
  mkdir -p "$PODS_ROOT/bin" && chmod 755 "$PODS_ROOT" "$PODS_ROOT/bin" || return 1
  ip link add "$PODS_BRIDGE" type bridge && ip addr add "$PODS_NETWORK.1/24" dev "$PODS_BRIDGE" && ip link set "$PODS_BRIDGE" up
}

# A copy of a binary that every container's user can run; prints its path.
pods_binary() { # path
  cp "$1" "$PODS_ROOT/bin/" && chmod 755 "$PODS_ROOT/bin/$(basename "$1")" && echo "$PODS_ROOT/bin/$(basename "$1")"
}

# Plans the pods of a scene (pods.ts) into a fresh directory; prints it.
pods_plan() { # scene.json name
  local out="$PODS_ROOT/$2"
  rm -rf "$out"; mkdir -p "$out"; chmod 755 "$out"
  (cd "$REPO" && npx tsx e2e/lib/pods.ts "$1" "$out") >&2 || return 1
  echo "$out"
}

pod_netns() { echo "e2e-$(basename "$1")"; }
# A field of a planned pod's pod.json (a JavaScript expression over it, `p`).
pod_field() { # pod dir, expression
  node -e 'const p = require(process.argv[1]); const v = eval(process.argv[2]); console.log(Array.isArray(v) ? v.join("\n") : v)' "$1/pod.json" "$2"
}
pod_ip() { pod_field "$1" p.ip; }

# Starts every container of a planned pod in its own network namespace; logs in $WORK/logs/pods/<pod>.<container>.log.
pod_start() { # pod dir
  local dir="$1" ns ip host c
  ns="$(pod_netns "$dir")"; ip="$(pod_ip "$dir")"; host="e2ev${ip##*.}"
  ip netns add "$ns"
  ip link add "$host" type veth peer name eth0 netns "$ns"
  ip link set "$host" master "$PODS_BRIDGE" up
  ip -n "$ns" addr add "$ip/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" route add default via "$PODS_NETWORK.1"
  remember_mountpoints "$dir"
  mkdir -p "$WORK/logs/pods"
  POD_PIDS[$dir]=""
  for c in "$dir"/*.sh; do
    # `ip netns exec` execs into the script, which execs into the container's program: the pid is the program's.
    ip netns exec "$ns" bash "$c" > "$WORK/logs/pods/$(basename "$dir").$(basename "$c" .sh).log" 2>&1 &
    POD_PIDS[$dir]+="$! "
  done
}

# The mount points the container scripts create on the host's filesystem (the binds stay in the containers' mount
# namespaces); the topmost directory that does not exist yet is removed by pods_down.
remember_mountpoints() { # pod dir
  local p
  for p in $(grep -ho "^mkdir -p '[^']*'" "$1"/*.sh | sed "s/^mkdir -p '//; s/'$//" | sort -u); do
    remember_mountpoint "$p"
  done
  return 0
}

# Remembers the topmost directory of a mount point that does not exist yet, for pods_down to remove.
remember_mountpoint() { # path
  local p="$1" top=""
  while [[ "$p" != / && ! -e "$p" ]]; do top="$p"; p="$(dirname "$p")"; done
  [[ -n "$top" ]] && MADE_MOUNTPOINTS+=("$top")
  return 0
}

# Stops a pod as the kubelet does: each container's preStop hook, then SIGTERM, then SIGKILL once the grace period
# (counted from the start of the hooks) is over. Sets POD_STOPPED to the seconds from SIGTERM until the last container
# exited, or to "killed" when the grace period ran out.
pod_stop() { # pod dir
  local dir="$1" ns grace start pid hook killed=""
  ns="$(pod_netns "$dir")"
  grace="$(pod_field "$dir" p.terminationGracePeriodSeconds)"
  start=$SECONDS
  while IFS= read -r hook; do
    [[ -n "$hook" ]] && ip netns exec "$ns" bash -c "$hook" || true
  done < <(pod_field "$dir" 'p.containers.filter((c) => c.preStop).map((c) => c.preStop.map((a) => `'"'"'${a}'"'"'`).join(" "))')
  local term=$SECONDS
  for pid in ${POD_PIDS[$dir]:-}; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in ${POD_PIDS[$dir]:-}; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS - start < grace)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; killed=1; fi
    wait "$pid" 2>/dev/null || true
  done
  unset "POD_PIDS[$dir]"
  ip netns del "$ns" 2>/dev/null || true
  if [[ -n "$killed" ]]; then POD_STOPPED=killed; else POD_STOPPED="$((SECONDS - term))"; fi
}

# Runs a command as root in a pod's network namespace, with the pod's hosts file (its view of Service names).
pod_exec() { # pod dir, command...
  local dir="$1"; shift
  ip netns exec "$(pod_netns "$dir")" bash -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$dir/hosts" "$@"
}

# Whether every container of a pod is still running.
pod_running() { # pod dir
  local pid
  for pid in ${POD_PIDS[$1]:-none}; do kill -0 "$pid" 2>/dev/null || return 1; done
}

# One probe as the kubelet runs it: an HTTP(S) GET that answers 2xx or 3xx (no certificate check), or a TCP connect.
probe_passes() { # url (http://, https://, tcp://host:port)
  if [[ "$1" == tcp://* ]]; then
    local hostport="${1#tcp://}"
    timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "${hostport%:*}" "${hostport##*:}" 2>/dev/null
  else
    local code
    code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 -k "$1" 2>/dev/null)" && ((code >= 200 && code < 400))
  fi
}

# Polls a pod's probes (readiness, or the one named) until each answers 2xx; fails at once if a container exits.
pod_probe_ok() { # pod dir [readiness|liveness|startup] [timeout seconds]
  local dir="$1" kind="${2:-readiness}" deadline=$((SECONDS + ${3:-60})) url
  for url in $(pod_field "$dir" "p.containers.map((c) => c.$kind).filter(Boolean)"); do
    until probe_passes "$url"; do
      pod_running "$dir" || { echo "pod $(basename "$dir") exited before its $kind probe $url passed:"; tail -20 "$WORK"/logs/pods/"$(basename "$dir")".*.log; return 1; }
      ((SECONDS < deadline)) || { echo "$kind probe $url of $(basename "$dir") did not pass in ${3:-60}s"; return 1; }
      sleep 0.5
    done
  done
}

pods_down() {
  local dir ns
  for dir in "${!POD_PIDS[@]}"; do
    for pid in ${POD_PIDS[$dir]}; do kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  done
  POD_PIDS=()
  for ns in $(ip netns list 2>/dev/null | awk '/^e2e-/ {print $1}'); do ip netns del "$ns" 2>/dev/null || true; done
  ip link del "$PODS_BRIDGE" 2>/dev/null || true
  rm -rf "$PODS_ROOT"
  for dir in "${MADE_MOUNTPOINTS[@]}"; do
    # Only directories were made there; anything else means it is not ours to remove.
    [[ -d "$dir" ]] && [[ -z "$(find "$dir" ! -type d -print -quit)" ]] && rm -r "$dir"
  done
  MADE_MOUNTPOINTS=()
  return 0
}
