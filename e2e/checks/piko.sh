# shellcheck shell=bash
# Real Piko nodes and agents run from the synthesized StatefulSets, Deployments and ConfigMaps (pods.sh): do they
# start with exactly what the manifests give them, form a cluster through the headless Service's name, and carry a
# request from a proxy port to an agent's upstream?
#
# Uses: PIKO (the built binary), SYNTH (the example apps' output), WORK.

PIKO_IMAGE_REPOSITORY=ghcr.io/andydunstall/piko

# ---- fixtures: what a user, cert-manager or trust-manager provides beside the output ---------------------------------

# A CA for the certificates cert-manager would issue; made once per run.
fixture_ca() {
  local d="$WORK/fixtures/ca"
  [[ -f "$d/ca.crt" ]] && return 0
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.crt" -days 2 -subj "/CN=e2e-internal-ca" 2>/dev/null
}

# A kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt) for DNS names, signed by the fixture CA, as cert-manager
# writes it for a Certificate; the certificate serves as a server's and as a client's. Its files stay in
# $WORK/fixtures/<namespace>-<name>.
tls_secret() { # namespace name dns-name...
  local ns="$1" name="$2"; shift 2
  local d="$WORK/fixtures/$ns-$name" san=""
  fixture_ca || return 1
  mkdir -p "$d"
  for n in "$@"; do san+="${san:+,}DNS:$n"; done
  openssl req -newkey rsa:2048 -nodes -keyout "$d/tls.key" -out "$d/tls.csr" -subj "/CN=$1" 2>/dev/null &&
    openssl x509 -req -in "$d/tls.csr" -CA "$WORK/fixtures/ca/ca.crt" -CAkey "$WORK/fixtures/ca/ca.key" -CAcreateserial \
      -days 2 -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$san") -out "$d/tls.crt" 2>/dev/null || return 1
  secret_yaml "$ns" "$name" "tls.crt=@$d/tls.crt" "tls.key=@$d/tls.key" "ca.crt=@$WORK/fixtures/ca/ca.crt"
}

# The Secret of every cert-manager Certificate in a set of files, signed by the fixture CA.
certificate_secrets() { # files...
  local line
  while IFS='|' read -r ns secret names; do
    # shellcheck disable=SC2086
    tls_secret "$ns" "$secret" $names || return 1
  done < <(node -e '
    const YAML = require(process.env.YAML_MODULE);
    for (const f of process.argv.slice(1)) for (const d of YAML.parseAllDocuments(require("fs").readFileSync(f, "utf8"))) {
      const o = d.toJS();
      if (o && o.kind === "Certificate") console.log([o.metadata.namespace, o.spec.secretName, o.spec.dnsNames.join(" ")].join("|"));
    }' "$@")
}

# A Secret or ConfigMap from key=value pairs (key=@file reads the file).
object_yaml() { # kind namespace name key=value...
  node -e '
    const [kind, namespace, name, ...pairs] = process.argv.slice(1);
    const data = Object.fromEntries(pairs.map((p) => { const [k, ...v] = p.split("="); const value = v.join("=");
      const text = value.startsWith("@") ? require("fs").readFileSync(value.slice(1), "utf8") : value;
      return [k, kind === "Secret" ? Buffer.from(text).toString("base64") : text]; }));
    console.log(JSON.stringify({ apiVersion: "v1", kind, metadata: { name, namespace }, data }) + "\n---");' "$@"
}
secret_yaml() { object_yaml Secret "$@"; }
configmap_yaml() { object_yaml ConfigMap "$@"; }

# An HS256 JWT signed with a key, valid for an hour, with optional extra claims (JSON).
hs256_jwt() { # key [claims-json]
  node -e '
    const crypto = require("crypto");
    const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const claims = { exp: Math.floor(Date.now() / 1000) + 3600, ...JSON.parse(process.argv[2] || "{}") };
    const body = b64({ alg: "HS256", typ: "JWT" }) + "." + b64(claims);
    console.log(body + "." + crypto.createHmac("sha256", process.argv[1]).update(body).digest("base64url"));' "$@"
}

# ---- running a scene -----------------------------------------------------------------------------------------------

# Plans a scene's pods and starts them all; SCENE_DIR holds their directories (pods.ts).
start_scene() { # name scene-json
  printf '%s\n' "$2" > "$WORK/scene-$1.json"
  SCENE_DIR="$(pods_plan "$WORK/scene-$1.json" "$1")" || return 1
  local p
  for p in "$SCENE_DIR"/*/; do pod_start "${p%/}"; done
}

# The scene JSON for the workloads of an app's files, with Piko's image run by the built binary.
scene_json() { # manifests-json workloads-json [stand-ins-json]
  printf '{"manifests":%s,"workloads":%s,"standIns":%s,"images":{"%s":["%s"],"nginx":["node","%s","web","8080"]},"network":"%s"}' \
    "$1" "$2" "${3:-[]}" "$PIKO_IMAGE_REPOSITORY" "$PIKO" "$ECHO_SERVER" "$PODS_NETWORK"
}

# Every pod of a scene passes its readiness and liveness probes (the manifest's own).
scene_ready() { # [timeout]
  local p
  for p in "$SCENE_DIR"/*/; do
    pod_probe_ok "${p%/}" readiness "${1:-60}" && pod_probe_ok "${p%/}" liveness 10 || return 1
    echo "$(basename "$p"): probes pass"
  done
}

# The cluster as a node's admin API lists it: "<node id> <status>" a line.
cluster_nodes() { # admin base URL [curl args...]
  local url="$1"; shift
  curl -fsS --max-time 3 "$@" "$url/status/cluster/nodes" | node -e '
    for (const n of JSON.parse(require("fs").readFileSync(0, "utf8"))) console.log(n.id + " " + n.status)'
}

# Every node's admin API lists all the scene's StatefulSet pods as active members, each under an ID that starts with
# its pod's name (node_id_prefix "${POD_NAME}-").
cluster_formed() { # admin-port pod-name-prefix count [curl args...]
  local port="$1" prefix="$2" count="$3"; shift 3
  local deadline=$((SECONDS + 30)) p ip nodes
  for p in "$SCENE_DIR/$prefix"-[0-9]*.*/; do
    ip="$(pod_ip "${p%/}")"
    while true; do
      nodes="$(cluster_nodes "http://$ip:$port" "$@" || true)"
      if [[ $(grep -c ' active$' <<< "$nodes") == "$count" ]] &&
         [[ $(for i in $(seq 0 $((count - 1))); do grep -c "^$prefix-$i-[a-z0-9]* active$" <<< "$nodes"; done | sort -u) == 1 ]]; then
        break
      fi
      ((SECONDS < deadline)) || { echo "$(basename "$p") lists, after 30 s:"; echo "$nodes"; return 1; }
      sleep 0.5
    done
    echo "$(basename "$p") lists $count active nodes: $(tr '\n' ' ' <<< "$nodes")"
  done
}

# A request through a node's proxy port for an endpoint answers with the upstream's body, within a timeout.
proxied_body_is() { # proxy URL endpoint expected-body-prefix [timeout]
  local deadline=$((SECONDS + ${4:-20})) body
  while true; do
    body="$(curl -sS --max-time 3 -H "x-piko-endpoint: $2" "$1/e2e-path" 2>&1 || true)"
    [[ "$body" == "$3"* ]] && { echo "$1 endpoint $2: $body"; return 0; }
    ((SECONDS < deadline)) || { echo "$1 endpoint $2 answered: $body (wanted $3...)"; return 1; }
    sleep 0.5
  done
}

# ---- the checks ----------------------------------------------------------------------------------------------------

# The quickstart's StatefulSet: three nodes, each with the args, env and server.yaml of the manifests, join through the
# headless Service's name, and pass their own probes.
piko_quickstart_forms() {
  local files="$SYNTH/main/piko-quickstart.k8s.yaml"
  start_scene quickstart "$(scene_json "[\"$files\"]" '[{"kind":"StatefulSet","namespace":"piko","name":"piko"}]')" &&
    scene_ready 60 && cluster_formed 8002 piko 3
}

# An agent connected to one node's upstream port serves a request sent to another node's proxy port.
piko_quickstart_proxies() {
  local agent_log="$WORK/logs/pods/quickstart-agent.log" rc=0
  node "$ECHO_SERVER" quickstart-upstream 18081 & local upstream=$!
  "$PIKO" agent http e2e-endpoint 127.0.0.1:18081 --connect.url "http://$(pod_ip "$SCENE_DIR/piko-0.piko"):8001" > "$agent_log" 2>&1 &
  local agent=$!
  proxied_body_is "http://$(pod_ip "$SCENE_DIR/piko-2.piko"):8000" e2e-endpoint "quickstart-upstream GET /e2e-path" || rc=1
  proxied_body_is "http://$(pod_ip "$SCENE_DIR/piko-1.piko"):8000" e2e-endpoint "quickstart-upstream GET /e2e-path" || rc=1
  kill "$agent" "$upstream"; wait "$agent" "$upstream" 2>/dev/null
  return $rc
}

# A node stopped as the kubelet stops it (the preStop pause, then SIGTERM) leaves within the rendered grace period,
# and the other nodes stop listing it as active.
piko_quickstart_leaves() {
  local nodes deadline
  pod_stop "$SCENE_DIR/piko-2.piko"
  [[ "$POD_STOPPED" != killed ]] || { echo "piko-2 was still running when its grace period ran out"; tail -5 "$WORK/logs/pods/piko-2.piko.piko.log"; return 1; }
  echo "piko-2 exited ${POD_STOPPED} s after SIGTERM (grace period $(pod_field "$SCENE_DIR/piko-2.piko" p.terminationGracePeriodSeconds) s, preStop included)"
  deadline=$((SECONDS + 30))
  while true; do
    nodes="$(cluster_nodes "http://$(pod_ip "$SCENE_DIR/piko-0.piko"):8002")"
    if ! grep -q '^piko-2-.* active$' <<< "$nodes" && [[ $(grep -c ' active$' <<< "$nodes") == 2 ]]; then
      echo "piko-0 lists: $(tr '\n' ' ' <<< "$nodes")"; return 0
    fi
    ((SECONDS < deadline)) || { echo "piko-0 still lists, 30 s after piko-2 exited: $nodes"; return 1; }
    sleep 0.5
  done
}

# The agents example: upstream auth (HMAC-signed JWTs) and upstream mutual TLS from a cert-manager Certificate. The
# fixtures are what the example expects around it: the HMAC key, a token signed with it, the Certificate's Secret
# (issued here by a CA of the suite's own), that CA as the ConfigMap `internal-ca` in the agents' namespace, and the
# agents' client certificate for the upstream port and the ledger service (issued by the same CA), whose own
# certificate the ledger stand-in serves.
AGENT_HMAC_KEY=e2e-upstream-hmac-key-0123456789
piko_agents_fixtures() {
  local f="$WORK/fixtures/piko-agent.yaml"
  mkdir -p "$WORK/fixtures"
  {
    certificate_secrets "$SYNTH/piko-agent/piko-agent.k8s.yaml" &&
      secret_yaml piko piko-upstream-auth "hmac=$AGENT_HMAC_KEY" &&
      secret_yaml apps piko-agent-token "token=$(hs256_jwt "$AGENT_HMAC_KEY")" &&
      configmap_yaml apps internal-ca "ca.crt=@$WORK/fixtures/ca/ca.crt" &&
      tls_secret apps piko-agent-client-tls piko-agent &&
      tls_secret apps ledger-tls ledger.apps.svc ledger.apps.svc.cluster.local
  } > "$f" || return 1
  echo "$f"
}

# The Piko nodes start with TLS and auth on the upstream port; the agents Deployment's two replicas and the web
# Deployment's two pods (a stand-in for nginx on 8080 and the agent sidecar) start from their manifests; so do stand-ins
# for billing.apps.svc:8080 and for ledger.apps.svc:8443 (HTTPS, client certificates required), the upstreams the agents
# Deployment points at.
piko_agents_start() {
  local fixtures
  fixtures="$(piko_agents_fixtures)" || return 1
  start_scene agents "$(scene_json "[\"$SYNTH/piko-agent/piko-agent.k8s.yaml\",\"$fixtures\"]" \
    '[{"kind":"StatefulSet","namespace":"piko","name":"piko"},{"kind":"Deployment","namespace":"apps","name":"piko-agent"},{"kind":"Deployment","namespace":"apps","name":"web"}]' \
    "[{\"namespace\":\"apps\",\"name\":\"billing\",\"port\":8080,\"argv\":[\"node\",\"$ECHO_SERVER\",\"billing\",\"8080\"]},
      {\"namespace\":\"apps\",\"name\":\"ledger\",\"port\":8443,\"argv\":[\"node\",\"$ECHO_SERVER\",\"ledger\",\"8443\",\"$WORK/fixtures/apps-ledger-tls\",\"$WORK/fixtures/ca/ca.crt\"]}]")" &&
    scene_ready 60 && cluster_formed 8002 piko 3
}

# Through every node's proxy port, the endpoints of the agents Deployment reach billing and, over HTTPS with the agents'
# client certificate, ledger; the sidecar's endpoint reaches the web container beside it: the agents dialled the
# upstream Service's name over TLS, trusting the CA from the ConfigMap, with the token from the Secret.
piko_agents_proxy() {
  local p rc=0
  for p in "$SCENE_DIR"/piko-*.piko/; do
    proxied_body_is "http://$(pod_ip "${p%/}"):8000" billing "billing GET /e2e-path" 30 || rc=1
    proxied_body_is "http://$(pod_ip "${p%/}"):8000" ledger "ledger GET /e2e-path client=piko-agent" 30 || rc=1
    proxied_body_is "http://$(pod_ip "${p%/}"):8000" web "web GET /e2e-path" 30 || rc=1
  done
  return $rc
}

# The upstream port really demands a token: an agent without one (but with the client certificate the port asks for) is
# refused, and its endpoint gets no traffic.
piko_agents_refuse_tokenless() {
  local log="$WORK/logs/pods/agents-tokenless.log" ip
  ip="$(pod_ip "$SCENE_DIR/piko-0.piko")"
  # From an agent pod's network, as the Deployment's agents connect (the certificate names the Service).
  pod_exec "$SCENE_DIR/piko-agent-e2e-0.apps" "$PIKO" agent http e2e-tokenless 127.0.0.1:1 \
    --connect.url "https://piko-upstream.piko.svc.cluster.local:8001" --connect.tls.root-cas "$WORK/fixtures/ca/ca.crt" \
    --connect.tls.cert "$WORK/fixtures/apps-piko-agent-client-tls/tls.crt" --connect.tls.key "$WORK/fixtures/apps-piko-agent-client-tls/tls.key" \
    > "$log" 2>&1 &
  local agent=$!
  sleep 3
  local status
  status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 -H 'x-piko-endpoint: e2e-tokenless' "http://$ip:8000/")"
  kill "$agent" 2>/dev/null; wait "$agent" 2>/dev/null
  grep -m2 -i 'unauthorized\|401\|token' "$log"
  [[ "$status" != 200 ]] && grep -qi 'unauthorized\|401' "$log" && echo "a request for its endpoint got $status"
}

# The production example: five nodes with a JWKS-verified proxy port, RSA-verified upstream, HMAC-protected admin API,
# TLS from a user's Secret, and gossip and ports of its own. Its fixtures: the RSA public key, the admin HMAC key and
# the TLS Secret (issued by the suite's CA for the upstream Service's names). The JWKS endpoint
# (auth.example.com) is not reachable here, as it may not be when a node starts.
ADMIN_HMAC_KEY=e2e-admin-hmac-key-0123456789
piko_production_start() {
  local f="$WORK/fixtures/piko-production.yaml"
  mkdir -p "$WORK/fixtures"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/fixtures/upstream-rsa.key" 2>/dev/null &&
    openssl pkey -in "$WORK/fixtures/upstream-rsa.key" -pubout -out "$WORK/fixtures/upstream-rsa.pub" || return 1
  {
    secret_yaml edge-proxy edge-upstream-auth "public.pem=@$WORK/fixtures/upstream-rsa.pub" &&
      secret_yaml edge-proxy edge-admin-auth "hmac=$ADMIN_HMAC_KEY" &&
      tls_secret edge-proxy edge-upstream-tls edge-upstream edge-upstream.edge-proxy.svc edge-upstream.edge-proxy.svc.cluster.local
  } > "$f" || return 1
  start_scene production "$(scene_json "[\"$SYNTH/main/piko-production.k8s.yaml\",\"$f\"]" \
    '[{"kind":"StatefulSet","namespace":"edge-proxy","name":"edge"}]')" &&
    scene_ready 90
}

# The admin API demands the HMAC-signed token: without one the node list is refused, and so are /ready and /health,
# which is why the library probes the admin port with TCP checks when admin auth is on; with a token all five nodes
# are active members.
piko_production_admin_auth() {
  local ip status route
  ip="$(pod_ip "$SCENE_DIR/edge-0.edge-proxy")"
  for route in /status/cluster/nodes /ready /health; do
    status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$ip:9002$route")"
    echo "without a token the admin API answers $route with $status"
    [[ "$status" == 401 ]] || return 1
  done
  grep -q '"tcp://' "$SCENE_DIR/edge-0.edge-proxy/pod.json" || { echo "the production pods' probes are not TCP checks"; return 1; }
  cluster_formed 9002 edge 5 -H "Authorization: Bearer $(hs256_jwt "$ADMIN_HMAC_KEY")"
}

# ---- raw config: the synth's verdict against Piko's own (lib/piko-config-cases.ts) ----------------------------------

# Runs Piko on one case's file (lib/config-case.sh) in a network namespace of its own (every case binds the same
# ports) with a private address on its loopback (Piko advertises one), and a mount namespace of its own for the
# certificate files. A process still running after 3 s has started; one that exited before refused the file. Why: the
# error of its "failed to run" log entry when it wrote one (a file or key it could not load), else its first line that
# is not a log entry (a config it refused before starting).
config_case_run() { # dir id program
  local dir="$1" id="$2" args=(server)
  [[ "$3" == agent ]] && args=(agent start)
  # The script kills Piko after 3 s; this timeout only ends a case whose port checks hang.
  timeout -s KILL 10 env -i PATH="$PATH" POD_IP=10.9.0.1 POD_NAME=piko-0 \
    unshare --net --mount sh "$E2E/lib/config-case.sh" "$dir" "$id" "$PIKO_BIN/piko" "${args[@]}" > "$dir/$id.log" 2>&1
  if (($? == 137)); then
    echo starts
  else
    local why
    why="$(sed -n 's/^{"level":"error".*"msg":"failed to run [a-z ]*","error":"\(.*\)"}$/\1/p' "$dir/$id.log" | head -1)"
    [[ -n "$why" ]] || why="$(grep -v '^{"level"' "$dir/$id.log" | head -1)"
    echo "refuses: $why"
  fi > "$dir/$id.piko"
}

# The certificate files of the raw config cases, signed by the fixture CA for localhost, good for a server and a
# client; and the host's mount points for them (removed by pods_down).
config_case_files() { # dir
  local dir="$1" m
  fixture_ca && mkdir -p "$dir/files" && cp "$WORK/fixtures/ca/ca.crt" "$dir/files/" &&
    openssl req -newkey rsa:2048 -nodes -keyout "$dir/files/tls.key" -out "$dir/files/tls.csr" -subj /CN=localhost 2>/dev/null &&
    openssl x509 -req -in "$dir/files/tls.csr" -CA "$WORK/fixtures/ca/ca.crt" -CAkey "$WORK/fixtures/ca/ca.key" -CAcreateserial \
      -days 2 -extfile <(printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n') \
      -out "$dir/files/tls.crt" 2>/dev/null && rm "$dir/files/tls.csr" || return 1
  for m in $(sort -u "$dir"/*.mounts); do
    remember_mountpoint "$m"
    mkdir -p "$m" || return 1
  done
}

# Every raw config case: the synth refuses what Piko refuses at start, passes what it starts with (its ports answering
# as the case lists), and where it is stricter on purpose Piko does start (so the case's reason holds).
piko_config_verdicts() {
  local dir="$WORK/piko-config-cases" id program pids=()
  (cd "$REPO" && npx tsx e2e/lib/piko-config-cases.ts plan "$dir") > "$WORK/piko-config-cases.list" \
    2> "$WORK/logs/piko-config-cases.log" || { tail -20 "$WORK/logs/piko-config-cases.log"; return 1; }
  config_case_files "$dir" || { echo "could not make the cases' certificate files"; return 1; }
  while read -r id program; do
    config_case_run "$dir" "$id" "$program" &
    pids+=("$!")
  done < "$WORK/piko-config-cases.list"
  wait "${pids[@]}"
  (cd "$REPO" && npx tsx e2e/lib/piko-config-cases.ts judge "$dir")
}

# A clean slate for a scene: no pods, the bridge, and the binaries where every container's user can run them.
fresh_pods() {
  pods_down
  pods_up && ECHO_SERVER="$(pods_binary "$E2E/lib/echo-server.js")" && PIKO="$(pods_binary "$PIKO_BIN/piko")"
}

piko_checks() {
  check "Piko: on every raw config case the synth refuses what Piko refuses at start and passes what it starts with, whose ports answer as listed (plain, TLS, mutual TLS); where it is stricter, Piko starts" \
    piko_config_verdicts
  fresh_pods || { echo "e2e: could not set up the pods' network" >&2; return 1; }
  check "Piko $PIKO_VERSION: the quickstart's 3 nodes start from the manifests, pass their probes, join through the headless Service" \
    piko_quickstart_forms
  check "Piko: an agent on piko-0's upstream port serves requests sent to piko-1's and piko-2's proxy ports" piko_quickstart_proxies
  check "Piko: piko-2 stopped with its preStop pause and SIGTERM exits within the grace period and leaves the cluster" \
    piko_quickstart_leaves
  fresh_pods || return 1
  check "Piko: the agents example's nodes start with upstream mutual TLS and HMAC auth; its agent Deployment and sidecar pods start" \
    piko_agents_start
  check "Piko: through every node, the agent Deployment's endpoints reach billing and, over mutual TLS, ledger; the sidecar's reaches its web container" \
    piko_agents_proxy
  check "Piko: the agents example's upstream port refuses an agent without a token" piko_agents_refuse_tokenless
  fresh_pods || return 1
  check "Piko: the production example's 5 nodes start (JWKS, RSA and HMAC auth, upstream TLS) and pass their probes" \
    piko_production_start
  check "Piko: the production example's admin API refuses a request without a token and lists 5 active nodes with one" \
    piko_production_admin_auth
  pods_down
}
