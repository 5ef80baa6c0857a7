# shellcheck shell=sh
# One raw config case, run inside the network and mount namespaces made for it (config_case_run in
# checks/piko.sh): the loopback with the pod's address; the env vars the container sets to a literal; the certificate files (tls.crt, tls.key, ca.crt) at every
# certificate directory the container mounts, as the kubelet would put the Secret's keys there; then Piko, killed
# after 3 s. When the case lists the ports it serves, each is asked, while Piko runs, whether it answers plain HTTP,
# TLS, or TLS only to a client with a certificate; one line per port goes to <id>.served. Exits as Piko did: 137
# when it was still running.
#
#   sh config-case.sh <dir> <id> <piko> <args...>
set -u
dir="$1" id="$2"
shift 2
ip link set lo up && ip addr add 10.9.0.1/32 dev lo || exit 1
while read -r mount; do mount --bind "$dir/files" "$mount" || exit 1; done < "$dir/$id.mounts"
while IFS= read -r pair; do export "${pair?}"; done < "$dir/$id.env"

timeout -s KILL 3 "$@" --config.path "$dir/$id.yaml" --config.expand-env &
piko=$!

# The HTTP status a request gets, or 000 when none came back (nothing listens, or the TLS handshake failed).
status() { # url curl-args...
  url="$1"
  shift
  curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$@" "$url"
}

if [ -s "$dir/$id.serves" ]; then
  while read -r port as; do
    # curl exits 7 while nothing listens on the port yet.
    tries=0
    while curl -s -o /dev/null --max-time 1 "http://10.9.0.1:$port/"; [ $? -eq 7 ] && [ $tries -lt 20 ]; do
      tries=$((tries + 1))
      sleep 0.1
    done
    https="https://localhost:$port/"
    plain="$(status "http://10.9.0.1:$port/")"
    tls="$(status "$https" --resolve "localhost:$port:10.9.0.1" --cacert "$dir/files/ca.crt")"
    client="$(status "$https" --resolve "localhost:$port:10.9.0.1" --cacert "$dir/files/ca.crt" \
      --cert "$dir/files/tls.crt" --key "$dir/files/tls.key")"
    case "$as" in
      http) [ "$plain" != 000 ] && [ "$tls" = 000 ] ;;
      tls) [ "$tls" != 000 ] ;;
      mutual-tls) [ "$tls" = 000 ] && [ "$client" != 000 ] ;;
      *) false ;;
    esac && verdict=ok || verdict=FAIL
    echo "$verdict port $port as $as (plain HTTP: $plain; TLS: $tls; TLS with a client certificate: $client)"
  done < "$dir/$id.serves" > "$dir/$id.served"
fi
wait "$piko"
