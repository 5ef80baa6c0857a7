# shellcheck shell=bash
# A throw-away control plane on 127.0.0.1: etcd, kube-apiserver, kube-controller-manager. No kubelet or scheduler:
# pods stay Pending (or are marked Ready by fake_kubelet_ready in checks.sh), which is all the suite needs — the
# point is what the API server's validation and admission accept, and what the controllers create.
#
# Uses: BIN (built binaries), WORK (temp dir for certs, data, logs), K8S_TAG (set for a second control plane, e.g.
# "-1.37.2": its etcd data and logs get names of their own). Sets: KUBECONFIG, and appends to PIDS.

PIDS=()

# A free TCP port on 127.0.0.1 (random, then probed: nothing answers there).
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

# Certificates: a CA, the API server's serving cert (for 127.0.0.1), an admin client cert in system:masters (kubectl and
# the controller manager), and the service-account signing key pair.
make_pki() {
  local d="$WORK/pki"; mkdir -p "$d"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj "/CN=e2e-ca" 2>/dev/null
    cat > san.cnf <<'CNF'
[req]
distinguished_name = dn
[dn]
[ext]
subjectAltName = IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
[client]
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
CNF
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 2 \
      -extfile san.cnf -extensions ext 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=e2e-admin" 2>/dev/null
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 2 \
      -extfile san.cnf -extensions client 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  )
}

write_kubeconfig() { # $1 = apiserver port
  KUBECONFIG="$WORK/kubeconfig"; export KUBECONFIG
  cat > "$KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster: {server: "https://127.0.0.1:$1", certificate-authority: "$WORK/pki/ca.crt"}
users:
- name: e2e-admin
  user: {client-certificate: "$WORK/pki/admin.crt", client-key: "$WORK/pki/admin.key"}
contexts:
- name: e2e
  context: {cluster: e2e, user: e2e-admin}
current-context: e2e
EOF
}

# Runs a command in the background with its output in $WORK/logs/<name>.log; remembers its pid for stop_cluster.
spawn() { # $1 = name, rest = command
  local name="$1"; shift
  mkdir -p "$WORK/logs"
  "$@" > "$WORK/logs/$name.log" 2>&1 &
  PIDS+=("$!")
  echo "$!" > "$WORK/$name.pid"
}

# Polls until the command succeeds or the deadline passes (seconds); the process named $2 must stay alive.
wait_for() { # $1 = timeout, $2 = name (its pid file), rest = command
  local timeout="$1" name="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$WORK/$name.pid")" 2>/dev/null; then
      echo "$name exited; last lines of its log:" >&2; tail -20 "$WORK/logs/$name.log" >&2; return 1
    fi
    if ((SECONDS > deadline)); then
      echo "$name not ready after ${timeout}s; last lines of its log:" >&2; tail -20 "$WORK/logs/$name.log" >&2; return 1
    fi
    sleep 0.5
  done
}

start_cluster() {
  make_pki
  local etcd_port etcd_peer api_port kcm_port tag="${K8S_TAG:-}"
  etcd_port=$(free_port); etcd_peer=$(free_port); api_port=$(free_port); kcm_port=$(free_port)

  spawn "etcd$tag" "$BIN/etcd" --name e2e --data-dir "$WORK/etcd$tag" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "e2e=http://127.0.0.1:$etcd_peer" --listen-metrics-urls "" --unsafe-no-fsync --log-level warn
  wait_for 30 "etcd$tag" curl -fsS "http://127.0.0.1:$etcd_port/health"

  # Admission: the release's default plugin set (on 1.28: NamespaceLifecycle, LimitRanger, ServiceAccount, PodSecurity,
  # DefaultStorageClass, StorageObjectInUseProtection, ResourceQuota, webhooks, ValidatingAdmissionPolicy, ...) plus
  # NodeRestriction, as a real cluster has. PodSecurity enforces a namespace's pod-security.kubernetes.io/enforce label.
  # --allow-privileged=true as on real clusters: otherwise the API server itself refuses privileged containers
  # ("disallowed by cluster policy") before Pod Security is even asked.
  # The endpoint reconciler is off: it would publish 127.0.0.1 as the `kubernetes` Service's endpoint, which
  # Endpoints validation refuses (loopback), and nothing here needs that Service.
  spawn "kube-apiserver$tag" "$BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$WORK/pki/apiserver.crt" --tls-private-key-file "$WORK/pki/apiserver.key" \
    --client-ca-file "$WORK/pki/ca.crt" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$WORK/pki/sa.pub" --service-account-signing-key-file "$WORK/pki/sa.key" \
    --service-cluster-ip-range 10.0.0.0/24 \
    --authorization-mode Node,RBAC \
    --allow-privileged=true \
    --enable-admission-plugins NodeRestriction \
    --endpoint-reconciler-type none \
    --profiling=false
  write_kubeconfig "$api_port"
  wait_for 120 "kube-apiserver$tag" "$BIN/kubectl" get --raw /readyz

  # The controller manager runs every default controller (statefulset, namespace, serviceaccount, garbage collector,
  # persistentvolume-binder, pvc-protection, ...) with the admin credentials; the serviceaccount controller creates each
  # namespace's `default` ServiceAccount, which the ServiceAccount admission plugin needs before pods are admitted.
  spawn "kube-controller-manager$tag" "$BIN/kube-controller-manager" \
    --kubeconfig "$KUBECONFIG" --authentication-kubeconfig "$KUBECONFIG" --authorization-kubeconfig "$KUBECONFIG" \
    --bind-address 127.0.0.1 --secure-port "$kcm_port" \
    --leader-elect=false \
    --service-account-private-key-file "$WORK/pki/sa.key" --root-ca-file "$WORK/pki/ca.crt" \
    --service-cluster-ip-range 10.0.0.0/24 \
    --profiling=false
  wait_for 60 "kube-controller-manager$tag" curl -fsSk "https://127.0.0.1:$kcm_port/healthz"
  # Ready for pods once the `default` namespace has its `default` ServiceAccount.
  wait_for 60 "kube-controller-manager$tag" "$BIN/kubectl" -n default get serviceaccount default
}

# Stops everything start_cluster started, newest first, by pid; waits so that etcd's data dir can be removed.
stop_cluster() {
  local i pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[$i]}"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
