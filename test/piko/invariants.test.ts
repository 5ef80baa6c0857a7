import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import { EnvFieldPaths, EnvValue, Secret } from 'cdk8s-plus-28';
import { PikoAuth, PikoCluster, PikoTls, PikoClusterProps } from '../../lib';
import { captureWarnings, pikoSynthError, synthPiko } from '../support/synth';

// Each rule is broken the way a user could break it: raw `config` or a JSON patch on the final
// objects (in the manifest's own field names and plain values, as they apply to the manifest).

const CONTAINER = '/spec/template/spec/containers/0';
const PEM = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n';

function patchStatefulSet(...patches: JsonPatch[]) {
  return (piko: PikoCluster) => ApiObject.of(piko).addJsonPatch(...patches);
}

function expectSynthFailure(props: PikoClusterProps, change: ((piko: PikoCluster) => void) | undefined, ...lines: string[]) {
  const message = pikoSynthError(props, change);
  expect(message).toContain('Validation failed with the following errors:');
  for (const line of lines) {
    expect(message).toContain(`[test/piko] PikoCluster ${line}`);
  }
}

describe('synth-time rules: node identity and joining', () => {
  test('no fixed node_id with more than one node', () => {
    expectSynthFailure({ config: { cluster: { node_id: 'edge-a' } } }, undefined,
      'ConfigMap "piko" server.yaml cluster.node_id must not be fixed with 3 replicas: every node needs its own ID, new on every start, or peers drop its state (found "edge-a")');
    expect(() => synthPiko({ replicas: 1, config: { cluster: { node_id: 'edge-a' } } })).not.toThrow();
  });

  test('node_id_prefix must use POD_NAME', () => {
    expectSynthFailure({ config: { cluster: { node_id_prefix: 'piko-' } } }, undefined,
      'ConfigMap "piko" server.yaml cluster.node_id_prefix must contain ${POD_NAME}, so a node\'s ID tells which pod it runs in (found "piko-")');
  });

  test('POD_NAME must come from the downward API', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/env/0`, { name: 'POD_NAME', value: 'piko' })),
      'StatefulSet "piko" env POD_NAME must come from the downward API (fieldRef metadata.name) (found "piko")');
  });

  test('env expansion must be on and the config path must be the mounted file', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/args`, ['server', '--config.path', '/etc/piko/server.yaml'])),
      'StatefulSet "piko" args must include --config.expand-env: without it ${POD_NAME} and the other references in server.yaml are taken literally',
      'StatefulSet "piko" args must pass --config.path /config/server.yaml, where ConfigMap "piko" is mounted (found "/etc/piko/server.yaml")');
  });

  test.each([
    [['piko-other.piko.svc.cluster.local'], '["piko-other.piko.svc.cluster.local"]'],
    [[], '[]'],
    [['piko.piko.svc.cluster.local:7946'], '["piko.piko.svc.cluster.local:7946"]'],
  ])('the join target %j is refused', (join, found) => {
    expectSynthFailure({ config: { cluster: { join } } }, undefined,
      `ConfigMap "piko" server.yaml cluster.join must name only this cluster's headless Service "piko.piko.svc.cluster.local" (optionally with the gossip port 8003): an empty list leaves each node alone, another name joins another cluster (found ${found})`);
  });

  test.each(['piko', 'piko.piko', 'piko.piko.svc:8003'])('the join target %p resolves to this cluster', (target) => {
    expect(() => synthPiko({ config: { cluster: { join: [target] } } })).not.toThrow();
  });

  test('the node ID and join targets are judged as Piko expands them', () => {
    // An empty default leaves the ID empty, and Piko makes one from the prefix.
    expect(() => synthPiko({ config: { cluster: { node_id: '${NODE_ID:}', join: ['${JOIN:piko}'] } } })).not.toThrow();
    expectSynthFailure({ config: { cluster: { node_id: '${NODE_ID:edge-a}', join: ['${JOIN:other}'] } } }, undefined,
      'ConfigMap "piko" server.yaml cluster.node_id must not be fixed with 3 replicas: every node needs its own ID, new on every start, or peers drop its state (found "edge-a")',
      'ConfigMap "piko" server.yaml cluster.join must name only this cluster\'s headless Service "piko.piko.svc.cluster.local" (optionally with the gossip port 8003): an empty list leaves each node alone, another name joins another cluster (found ["other"])');
  });
});

describe('synth-time rules: ports', () => {
  test('a bind address moved in raw config no longer matches the container, Services and probes', () => {
    expectSynthFailure({ config: { admin: { bind_addr: ':9002' } } }, undefined,
      'StatefulSet "piko" container port "admin" must be TCP port 9002, where admin.bind_addr listens (found "8002/TCP")',
      'ConfigMap "piko" server.yaml admin.advertise_addr must end in the bound port 9002: peers dial the advertised address (found "${POD_IP}:8002")',
      'StatefulSet "piko" readinessProbe port must reach the admin port 9002 (found "admin")');
    expectSynthFailure({ config: { proxy: { bind_addr: ':9000', advertise_addr: '${POD_IP}:9000' } } }, undefined,
      'Service "piko-proxy" spec.ports must target the proxy port 9000 (found [8000])');
  });

  test('a bind address without a port', () => {
    expectSynthFailure({ config: { upstream: { bind_addr: 'localhost' } } }, undefined,
      'ConfigMap "piko" server.yaml upstream.bind_addr must be a host:port address (found "localhost")');
  });

  test('ports are read from bind addresses as Piko expands them', () => {
    // ${VAR:default} for a variable the container does not set: Piko binds the default.
    expect(() => synthPiko({ config: { proxy: { bind_addr: ':${PROXY_PORT:8000}' } } })).not.toThrow();
    expectSynthFailure({ config: { proxy: { bind_addr: ':${PROXY_PORT:9000}' } } }, undefined,
      'StatefulSet "piko" container port "proxy" must be TCP port 9000, where proxy.bind_addr listens (found "8000/TCP")',
      'ConfigMap "piko" server.yaml proxy.advertise_addr must end in the bound port 9000: peers dial the advertised address (found "${POD_IP}:8000")',
      'Service "piko-proxy" spec.ports must target the proxy port 9000 (found [8000])');
    // A variable the container sets to a literal: Piko binds its value.
    expectSynthFailure({ env: { UPSTREAM_PORT: EnvValue.fromValue('9001') }, config: { upstream: { bind_addr: ':${UPSTREAM_PORT}' } } }, undefined,
      'StatefulSet "piko" container port "upstream" must be TCP port 9001, where upstream.bind_addr listens (found "8001/TCP")');
  });

  test.each(['proxy', 'admin'])('a %s port only the pod knows is refused once, with no rule about an unknown port', (listener) => {
    const secret = Secret.fromSecretName(Testing.chart(), 'ports', 'ports');
    const message = pikoSynthError({ env: { PORT: EnvValue.fromSecretValue({ secret, key: listener }) }, config: { [listener]: { bind_addr: ':${PORT}' } } });
    expect(message.trim().split('\n')).toEqual([
      'Validation failed with the following errors:',
      `  [test/piko] PikoCluster ConfigMap "piko" server.yaml ${listener}.bind_addr must be a host:port address whose port the synth can read: a number, or a \${VAR:default} for a variable the container does not set, not a value only the pod knows (found ":\${PORT}"). Fix: remove ${listener}.bind_addr from the raw config; set the port through the ports prop`,
    ]);
  });

  test('the gossip container port must be declared on TCP and UDP', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.remove(`${CONTAINER}/ports/4`)),
      'StatefulSet "piko" container port "gossip-udp" must be UDP port 8003, where cluster.gossip.bind_addr listens (found nothing)');
  });

  test('the headless Service must carry gossip over TCP and UDP', () => {
    expectSynthFailure({}, (piko) => piko.headlessService.addJsonPatch(JsonPatch.remove('/spec/ports/4')),
      'Service "piko" spec.ports must include the gossip port 8003 over UDP: gossip uses TCP for joins and UDP for state (found ["8000/TCP","8001/TCP","8002/TCP","8003/TCP"])');
  });

  test('the headless Service must be headless, publish not-ready nodes and be the serviceName', () => {
    expectSynthFailure({}, (piko) => piko.headlessService.addJsonPatch(JsonPatch.replace('/spec/clusterIP', '10.0.0.1'), JsonPatch.replace('/spec/publishNotReadyAddresses', false)),
      'Service "piko" spec.clusterIP must be "None"',
      'Service "piko" spec.publishNotReadyAddresses must be true');
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace('/spec/serviceName', 'piko-proxy')),
      'StatefulSet "piko" spec.serviceName must name the headless Service "piko" (found "piko-proxy")');
  });

  test('client Services must select the nodes and reach a declared port', () => {
    expectSynthFailure({}, (piko) => piko.upstreamService.addJsonPatch(
      JsonPatch.replace('/spec/selector', { app: 'piko' }), JsonPatch.replace('/spec/ports/0/targetPort', 'agent')),
    'Service "piko-upstream" spec.selector must match the labels of the StatefulSet\'s pods',
    'Service "piko-upstream" port "upstream" targetPort must reach a TCP port of the container (found "agent")');
  });
});

describe('synth-time rules: probes', () => {
  test('readiness must check /ready and liveness /health', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/readinessProbe/httpGet/path`, '/health')),
      'StatefulSet "piko" readinessProbe path must be "/ready" (found "/health")');
  });

  test('probes must reach the admin port', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/livenessProbe/httpGet/port`, 'proxy')),
      'StatefulSet "piko" livenessProbe port must reach the admin port 8002 (found "proxy")');
  });

  test('an httpGet probe against an authenticated admin port is an error', () => {
    expectSynthFailure({ config: { admin: { auth: { jwks: { endpoint: 'https://auth.example.com/jwks' } } } } }, undefined,
      'StatefulSet "piko" readinessProbe must not be an httpGet probe while admin auth is on: every admin route answers 401 without a token, so the pod would never be ready');
  });

  test('admin TLS needs HTTPS probes', () => {
    expectSynthFailure({ replicas: 1, config: { admin: { tls: { cert: '/config/admin.crt', key: '/config/admin.key' } } } }, undefined,
      'StatefulSet "piko" livenessProbe scheme must be HTTPS because admin TLS is on (found "HTTP")');
  });

  test('probes must exist', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.remove(`${CONTAINER}/readinessProbe`)),
      'StatefulSet "piko" readinessProbe must check /ready on the admin port (httpGet) or, with admin auth, the admin port (tcpSocket) (found nothing)');
  });
});

describe('synth-time rules: auth and secrets', () => {
  test('JWKS cannot be combined with a key', () => {
    expectSynthFailure({ proxy: { auth: PikoAuth.jwks('https://auth.example.com/jwks') }, config: { proxy: { auth: { ecdsa_public_key: PEM } } } }, undefined,
      'ConfigMap "piko" server.yaml proxy.auth.jwks.endpoint must not be combined with a verification key: Piko refuses JWKS together with hmac, rsa or ecdsa keys (found ["ecdsa_public_key"])');
    expectSynthFailure({ upstream: { auth: PikoAuth.rsaPublicKey('keys', 'rsa.pem') }, config: { upstream: { auth: { jwks: { endpoint: 'https://auth.example.com/jwks' } } } } }, undefined,
      'ConfigMap "piko" server.yaml upstream.auth.jwks.endpoint must not be combined with a verification key');
  });

  test('an HMAC secret written into the config is refused without echoing it', () => {
    const message = pikoSynthError({ config: { upstream: { auth: { hmac_secret_key: 'supersecret-value' } } } });
    expect(message).toContain('[test/piko] PikoCluster ConfigMap "piko" server.yaml upstream.auth.hmac_secret_key must be a ${VAR} reference to an env var from a Secret: a literal secret in the ConfigMap is readable by anyone who can read the namespace (found "<a literal secret>"). Fix: use PikoAuth.hmac(secretName, key)');
    expect(message).not.toContain('supersecret-value');
  });

  test('public keys in the config must be PEM, and cannot be ${VAR} references', () => {
    expectSynthFailure({ config: { proxy: { auth: { rsa_public_key: 'MIIBIjANBg' } } } }, undefined,
      'ConfigMap "piko" server.yaml proxy.auth.rsa_public_key must be a PEM public key ("-----BEGIN PUBLIC KEY-----" …); a ${VAR} reference cannot work, as the expanded PEM breaks the YAML (found "MIIBIjANBg")');
    expectSynthFailure({ env: {}, config: { admin: { auth: { ecdsa_public_key: '${POD_NAME}' } } } }, undefined,
      'ConfigMap "piko" server.yaml admin.auth.ecdsa_public_key must be a PEM public key');
    expect(() => synthPiko({ replicas: 1, config: { proxy: { auth: { ecdsa_public_key: PEM } } } })).not.toThrow();
  });

  test('a key passed as a flag must not also be in the config, which would override it', () => {
    expectSynthFailure({ upstream: { auth: PikoAuth.rsaPublicKey('keys', 'rsa.pem') }, config: { upstream: { auth: { rsa_public_key: PEM } } } }, undefined,
      'ConfigMap "piko" server.yaml upstream.auth.rsa_public_key must not be set while the key is also passed as a flag: the file overrides the flag');
  });

  test('a key flag must carry a $(VAR) from a Secret', () => {
    expectSynthFailure({ upstream: { auth: PikoAuth.rsaPublicKey('keys', 'rsa.pem') } },
      patchStatefulSet(JsonPatch.replace(`${CONTAINER}/args/4`, '--upstream.auth.rsa-public-key=MIIBIjANBg')),
      'StatefulSet "piko" args --upstream.auth.rsa-public-key must be $(VAR) of an env var read from a Secret through secretKeyRef (found "<a literal key>")');
  });

  test('tenants need an ID and auth', () => {
    expectSynthFailure({ config: { upstream: { tenants: [{ auth: {} }] } } }, undefined,
      'ConfigMap "piko" server.yaml upstream.tenants[0].id must be a non-empty tenant ID (found nothing)',
      'ConfigMap "piko" server.yaml upstream.tenants[0].auth must enable auth (a key or a JWKS endpoint): Piko refuses a tenant without it');
  });
});

describe('synth-time rules: TLS', () => {
  test('certificate and key come in pairs', () => {
    expectSynthFailure({ replicas: 1, config: { proxy: { tls: { cert: '/config/proxy.crt' } } } }, undefined,
      'ConfigMap "piko" server.yaml proxy.tls.key must be set together with proxy.tls.cert: Piko refuses one without the other (found nothing)');
  });

  test('a client CA without a certificate and key is refused: Piko would serve the port in plain HTTP and ignore it', () => {
    const message = pikoSynthError({ config: { proxy: { tls: { client_cas: '/etc/piko/ca/ca.crt' } } } });
    expect(message).toContain('[test/piko] PikoCluster ConfigMap "piko" server.yaml proxy.tls.client_cas only applies with proxy.tls.cert and key: '
      + 'without them Piko serves plain HTTP on this port, ignores it and verifies no client certificate (found "/etc/piko/ca/ca.crt"). '
      + 'Fix: set TLS through the listener\'s tls prop with its clientCaKey, or remove client_cas');
    // Piko never reads the file, so where it lies is not the problem.
    expect(message).not.toContain('must lie in a mounted volume');
  });

  test('a key alone turns TLS on, as in Piko: the probes must follow, and the cert is missing', () => {
    expectSynthFailure({ replicas: 1, config: { admin: { tls: { key: '/config/admin.key' } } } }, undefined,
      'ConfigMap "piko" server.yaml admin.tls.cert must be set together with admin.tls.key: Piko refuses one without the other (found nothing)',
      'StatefulSet "piko" readinessProbe scheme must be HTTPS because admin TLS is on (found "HTTP")');
  });

  test('the peer client block is refused while proxy TLS is off: Piko forwards in plain HTTP and ignores it', () => {
    const message = pikoSynthError({ config: { proxy: { tls: { client: { root_cas: '/etc/piko/ca/ca.crt', insecure_skip_verify: false, server_name: 'piko' } } } } });
    expect(message).toContain('[test/piko] PikoCluster ConfigMap "piko" server.yaml proxy.tls.client only applies while proxy TLS is on: '
      + 'without it nodes forward requests to each other over plain HTTP, and Piko ignores the block (found ["root_cas","server_name"]). '
      + 'Fix: turn on proxy TLS (the proxy.tls prop), or remove proxy.tls.client');
    expect(message).not.toContain('must lie in a mounted volume');
  });

  test('with proxy TLS on, the peer client certificate comes with its key and its files are mounted', () => {
    const proxy = { tls: PikoTls.fromSecret('proxy-cert') };
    // A client block of only a certificate or a key also gets the warning that peers are not verified.
    const unverified = (found: string) => [expect.stringContaining(`proxy.tls.client sets none of root_cas, server_name and insecure_skip_verify while proxy TLS is on: nodes forward requests to each other's proxy port by pod IP, and the certificate must verify for that (found ${found})`)];
    expect(captureWarnings(() => expectSynthFailure({ proxy, config: { proxy: { tls: { client: { cert: '/etc/piko/client/tls.crt' } } } } }, undefined,
      'ConfigMap "piko" server.yaml proxy.tls.client.key must be set together with proxy.tls.client.cert: Piko refuses a client certificate without its key (found nothing). Fix: set both, or neither',
      'ConfigMap "piko" server.yaml proxy.tls.client.cert must lie in a mounted volume: Piko reads it at start and exits when it is missing (found "/etc/piko/client/tls.crt"). '
      + 'Fix: mount the files\' Secret with a JSON patch on the StatefulSet, as the tls props mount theirs')))
      .toEqual(unverified('{"cert":"/etc/piko/client/tls.crt"}'));
    expect(captureWarnings(() => expectSynthFailure({ proxy, config: { proxy: { tls: { client: { key: '/etc/piko/client/tls.key' } } } } }, undefined,
      'ConfigMap "piko" server.yaml proxy.tls.client.cert must be set together with proxy.tls.client.key: without a certificate Piko ignores the key and presents none to its peers (found nothing)')))
      .toEqual(unverified('{"key":"/etc/piko/client/tls.key"}'));
    expect(() => synthPiko({ proxy, config: { proxy: { tls: { client: { server_name: 'piko.internal' } } } } })).not.toThrow();
  });

  test('certificate files must be in a mounted volume', () => {
    expectSynthFailure({ config: { upstream: { tls: { cert: '/certs/tls.crt', key: '/certs/tls.key' } } } }, undefined,
      'ConfigMap "piko" server.yaml upstream.tls.cert must lie in a mounted volume: Piko reads it at start and exits when it is missing (found "/certs/tls.crt")');
  });

  test('certificate paths are judged as Piko expands them, and not where only the pod can expand them', () => {
    expectSynthFailure({ config: { upstream: { tls: { cert: '${CERT:/certs/tls.crt}', key: '${KEY:/certs/tls.key}' } } } }, undefined,
      'ConfigMap "piko" server.yaml upstream.tls.cert must lie in a mounted volume: Piko reads it at start and exits when it is missing (found "/certs/tls.crt")');
    expect(() => synthPiko({
      env: { CERT_DIR: EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME) },
      config: { upstream: { tls: { cert: '${CERT_DIR}/tls.crt', key: '${CERT_DIR}/tls.key' } } },
    })).not.toThrow();
  });

  test('proxy TLS across nodes without peer verification settings warns', () => {
    const warnings = captureWarnings(() => synthPiko({ proxy: { tls: PikoTls.fromSecret('proxy-cert') } }));
    expect(warnings).toEqual([
      '[test/piko] warning: PikoCluster ConfigMap "piko" server.yaml proxy.tls.client is unset while proxy TLS is on: nodes forward requests to each other\'s proxy port by pod IP, and the certificate must verify for that (found nothing). Fix: give the certificate IP SANs, or set proxy.tls.client.server_name and root_cas in the raw config',
    ]);
    expect(captureWarnings(() => synthPiko({ proxy: { tls: PikoTls.fromSecret('proxy-cert') }, config: { proxy: { tls: { client: { server_name: 'piko.internal' } } } } }))).toEqual([]);
    // A client block that only sets the nodes' own certificate still leaves peers unverified by name.
    const message = captureWarnings(() => expect(() => synthPiko({ proxy: { tls: PikoTls.fromSecret('proxy-cert') }, config: { proxy: { tls: { client: { cert: '/c.crt', key: '/c.key' } } } } })).toThrow());
    expect(message).toEqual([expect.stringContaining('PikoCluster ConfigMap "piko" server.yaml proxy.tls.client sets none of root_cas, server_name and insecure_skip_verify while proxy TLS is on: '
      + 'nodes forward requests to each other\'s proxy port by pod IP, and the certificate must verify for that (found {"cert":"/c.crt","key":"/c.key"})')]);
  });

  test('admin TLS with several nodes warns that admin forwarding breaks', () => {
    const warnings = captureWarnings(() => synthPiko({ admin: { tls: PikoTls.fromSecret('admin-cert') } }));
    expect(warnings).toEqual([expect.stringContaining('PikoCluster ConfigMap "piko" server.yaml admin.tls is on with several nodes: Piko forwards admin requests (?forward=) to peers over plain HTTP')]);
  });
});

describe('synth-time rules: config keys and values', () => {
  test('unknown keys are refused as Piko refuses them', () => {
    expectSynthFailure({ config: { usage: { disable: true }, proxy: { tls: { enabled: false } } } }, undefined,
      'ConfigMap "piko" server.yaml usage is not a key Piko v0.10.0 knows (top level: proxy, upstream, admin, cluster, stream, log, grace_period); Piko refuses unknown keys at start (found "usage"). Fix: remove it: v0.9.0 dropped usage reporting and its key',
      'ConfigMap "piko" server.yaml proxy.tls.enabled is not a key Piko v0.10.0 knows (proxy.tls: cert, key, client_cas, client); Piko refuses unknown keys at start (found "enabled")');
  });

  test('values of the wrong type are refused', () => {
    expectSynthFailure({ config: { cluster: { join_timeout: 60, abort_if_join_fails: 'no' }, proxy: { access_log: true } } }, undefined,
      'ConfigMap "piko" server.yaml cluster.join_timeout must be a Go duration string (found 60). Fix: write a quoted Go duration such as "30s" or "1m"',
      'ConfigMap "piko" server.yaml cluster.abort_if_join_fails must be true or false (found "no")',
      'ConfigMap "piko" server.yaml proxy.access_log must be a map of keys (found true)');
  });

  test('the stream window: a whole number of at least 256 KiB that fits in 32 bits, as Piko reads it', () => {
    expectSynthFailure({ config: { stream: { max_window_size: 1024 } } }, undefined,
      'ConfigMap "piko" server.yaml stream.max_window_size must be at least 262144 bytes (256 KiB): Piko refuses a smaller stream window at start (found 1024). Fix: raise it to 262144 or more, or remove the key for the default of 262144');
    expectSynthFailure({ config: { stream: { max_window_size: 5_000_000_000 } } }, undefined,
      'ConfigMap "piko" server.yaml stream.max_window_size must be a whole number from 0 to 4294967295 (found 5000000000). Fix: write a whole number from 0 to 4294967295');
    expectSynthFailure({ config: { stream: { max_window_size: '1Mi' } } }, undefined,
      'ConfigMap "piko" server.yaml stream.max_window_size must be a whole number from 0 to 4294967295 (found "1Mi")');
    expect(pikoSynthError({ config: { stream: { max_window_size: '1Mi' } } })).not.toContain('must be at least 262144');
    const configMap = synthPiko({ config: { stream: { max_window_size: 1_048_576 } } }).find((o) => o.kind === 'ConfigMap')!;
    expect(configMap.data['server.yaml']).toContain('stream:\n  max_window_size: 1048576\n');
  });

  test('values are judged as Piko reads them, after expansion, where the synth can know it', () => {
    // The warning that the write timeout (10s) cuts the proxy timeout short names the timeout as read.
    const cutShort = (timeout: string) => [expect.stringContaining(`proxy.http.write_timeout is shorter than proxy.timeout (${timeout}; 0 is none)`)];
    // ${VAR:default} for a variable the container does not set: Piko reads the default.
    expect(captureWarnings(() => synthPiko({ config: { proxy: { timeout: '${PROXY_TIMEOUT:45s}' } } }))).toEqual(cutShort('45s'));
    expectSynthFailure({ config: { proxy: { timeout: '${PROXY_TIMEOUT:soon}' } } }, undefined,
      'ConfigMap "piko" server.yaml proxy.timeout must be a Go duration string (found "soon")');
    expectSynthFailure({ config: { cluster: { join_timeout: '${JOIN_TIMEOUT:-1s}' } } }, undefined,
      'ConfigMap "piko" server.yaml cluster.join_timeout must be a positive duration; Piko refuses zero (found "-1s")');
    // A variable the container sets to a literal: Piko reads its value, and the default only when it is empty.
    expect(captureWarnings(() => synthPiko({ env: { PROXY_TIMEOUT: EnvValue.fromValue('1m') }, config: { proxy: { timeout: '${PROXY_TIMEOUT}' } } })))
      .toEqual(cutShort('1m'));
    expectSynthFailure({ env: { PROXY_TIMEOUT: EnvValue.fromValue('1 minute') }, config: { proxy: { timeout: '${PROXY_TIMEOUT:45s}' } } }, undefined,
      'ConfigMap "piko" server.yaml proxy.timeout must be a Go duration string (found "1 minute")');
    expect(captureWarnings(() => synthPiko({ env: { PROXY_TIMEOUT: EnvValue.fromValue('') }, config: { proxy: { timeout: '${PROXY_TIMEOUT:45s}' } } })))
      .toEqual(cutShort('45s'));
    // A variable from a Secret is known only in the pod: nothing is said of its value.
    expect(() => synthPiko({
      env: { PROXY_TIMEOUT: EnvValue.fromSecretValue({ secret: Secret.fromSecretName(Testing.chart(), 'timeouts', 'timeouts'), key: 'proxy' }) },
      config: { proxy: { timeout: '${PROXY_TIMEOUT}' } },
    })).not.toThrow();
  });

  test('rebalance threshold and shed rate bounds', () => {
    expectSynthFailure({ config: { upstream: { rebalance: { threshold: -1, shed_rate: 2 } } } }, undefined,
      'ConfigMap "piko" server.yaml upstream.rebalance.threshold must be 0 or more (0 turns rebalancing off) (found -1)',
      'ConfigMap "piko" server.yaml upstream.rebalance.shed_rate must be from 0 to 1 (found 2)');
  });

  test('durations: positive where Piko requires it, never negative', () => {
    expectSynthFailure({ config: { cluster: { gossip: { interval: '0s' } }, proxy: { timeout: '-1s' } } }, undefined,
      'ConfigMap "piko" server.yaml cluster.gossip.interval must be a positive duration; Piko refuses zero (found "0s")',
      'ConfigMap "piko" server.yaml proxy.timeout must not be negative (found "-1s")');
  });

  test('log levels, subsystems and access-log filters', () => {
    expectSynthFailure({ config: { log: { level: 'trace', subsystems: ['gosip'] }, proxy: { access_log: { request_headers: { allow_list: ['a'], block_list: ['b'] } } } } }, undefined,
      'ConfigMap "piko" server.yaml log.level must be one of debug, info, warn, error (found "trace")',
      'ConfigMap "piko" server.yaml log.subsystems must name Piko subsystems exactly',
      'ConfigMap "piko" server.yaml proxy.access_log.request_headers must set allow_list or block_list, not both');
  });

  test('a "$" that env expansion would eat is refused', () => {
    expectSynthFailure({ config: { proxy: { access_log: { request_headers: { block_list: ['X-Price-$'] } } }, upstream: { auth: { audience: '${AUDIENCE}' } } } }, undefined,
      'ConfigMap "piko" server.yaml proxy.access_log.request_headers.block_list[0] must not contain a "$" other than a reference to an env var of the container or a ${VAR:default}: Piko expands the whole file and would replace it (an unknown variable becomes empty) (found "X-Price-$")',
      'ConfigMap "piko" server.yaml upstream.auth.audience must not contain a "$"');
  });

  test('${VAR:default} is accepted, as Piko uses the default when VAR is unset or empty', () => {
    const config = { log: { level: '${LOG_LEVEL:info}' }, upstream: { auth: { audience: '${AUDIENCE:piko}', issuer: '${POD_NAME:x}-${NOT_DEFINED}' } } };
    expectSynthFailure({ config }, undefined, 'ConfigMap "piko" server.yaml upstream.auth.issuer must not contain a "$" other than a reference');
    const message = pikoSynthError({ config }, undefined);
    expect(message).not.toContain('log.level must not contain');
    expect(message).not.toContain('upstream.auth.audience must not contain');
  });
});

describe('synth-time rules: shutdown and the pod', () => {
  test('the pod\'s grace period must cover Piko\'s, the preStop pause and a margin', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace('/spec/template/spec/terminationGracePeriodSeconds', 74)),
      'StatefulSet "piko" spec.template.spec.terminationGracePeriodSeconds must be at least grace_period (1m) + the preStop pause (5s) + 10s: Kubernetes counts it from the start of the pause and kills the pod when it ends, and a node killed before it leaves the cluster lingers as a ghost (found 74)');
    expectSynthFailure({ config: { grace_period: '2m' } }, undefined,
      'StatefulSet "piko" spec.template.spec.terminationGracePeriodSeconds must be at least grace_period (2m) + the preStop pause (5s) + 10s');
    expectSynthFailure({ preStopPause: Duration.seconds(0) }, patchStatefulSet(JsonPatch.replace('/spec/template/spec/terminationGracePeriodSeconds', 69)),
      'StatefulSet "piko" spec.template.spec.terminationGracePeriodSeconds must be at least grace_period (1m) + the preStop pause (0s) + 10s');
  });

  test('service links must stay off and the disruption budget must select the nodes', () => {
    expectSynthFailure({}, (piko) => {
      ApiObject.of(piko).addJsonPatch(JsonPatch.replace('/spec/template/spec/enableServiceLinks', true));
      piko.podDisruptionBudget!.addJsonPatch(JsonPatch.replace('/spec/selector/matchLabels', { app: 'piko' }));
    },
    'StatefulSet "piko" spec.template.spec.enableServiceLinks must be false',
    'PodDisruptionBudget "piko" spec.selector.matchLabels must match the labels of the StatefulSet\'s pods');
  });

  test('the defaults and the examples pass every rule without warnings', () => {
    expect(captureWarnings(() => synthPiko())).toEqual([]);
  });
});
