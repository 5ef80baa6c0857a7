import { Duration, Size, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { LogLevel, NetworkPeer, PikoAdvertiseAddress, PikoAuth, PikoCluster, PikoClusterProps, PikoHeaderFilter, PikoTls, ServiceExposure } from '../../lib';
import { parseConfigYaml } from '../../lib/common/config-document';
import { captureWarnings, findObject, kindsAndNames, Manifest, pikoPropsError, serverContainer, synthPiko } from '../support/synth';

function serverYaml(objects: Manifest[], name = 'piko') {
  return parseConfigYaml(findObject(objects, 'ConfigMap', name).data['server.yaml'])!;
}

describe('names', () => {
  test('name derives every object name; the instance label defaults to it', () => {
    const objects = synthPiko({ name: 'edge', namespace: 'edge-proxy' });
    expect(kindsAndNames(objects)).toEqual([
      'Namespace/edge-proxy', 'ServiceAccount/edge', 'ConfigMap/edge', 'Service/edge', 'Service/edge-proxy', 'Service/edge-upstream',
      'StatefulSet/edge', 'PodDisruptionBudget/edge',
    ]);
    expect(findObject(objects, 'StatefulSet', 'edge').spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'piko', 'app.kubernetes.io/instance': 'edge' });
    expect(serverYaml(objects, 'edge').cluster).toMatchObject({ join: ['edge.edge-proxy.svc.cluster.local'] });
  });

  test('instance sets the selector\'s instance label, to adopt a Helm release', () => {
    const statefulSet = findObject(synthPiko({ name: 'edge-piko', instance: 'edge' }), 'StatefulSet', 'edge-piko');
    expect(statefulSet.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'piko', 'app.kubernetes.io/instance': 'edge' });
  });

  test('cluster domain goes into the join target', () => {
    expect(serverYaml(synthPiko({ clusterDomain: 'corp.internal' })).cluster).toMatchObject({ join: ['piko.piko.svc.corp.internal'] });
  });
});

describe('ports are set in one place', () => {
  const objects = synthPiko({ ports: { proxy: 9000, upstream: 9001, admin: 9002, gossip: 9003 } });
  const container = serverContainer(objects);

  test('config binds and advertises them', () => {
    const config = serverYaml(objects);
    expect([config.proxy, config.upstream, config.admin, config.cluster]).toMatchObject([
      { bind_addr: ':9000', advertise_addr: '${POD_IP}:9000' },
      { bind_addr: ':9001' },
      { bind_addr: ':9002', advertise_addr: '${POD_IP}:9002' },
      { gossip: { bind_addr: ':9003', advertise_addr: '${POD_IP}:9003' } },
    ]);
  });

  test('container, headless Service and client Services declare them', () => {
    expect(container.ports.map((p: Manifest) => `${p.name}:${p.containerPort}/${p.protocol}`)).toEqual([
      'proxy:9000/TCP', 'upstream:9001/TCP', 'admin:9002/TCP', 'gossip:9003/TCP', 'gossip-udp:9003/UDP',
    ]);
    expect(findObject(objects, 'Service', 'piko').spec.ports.map((p: Manifest) => p.port)).toEqual([9000, 9001, 9002, 9003, 9003]);
    expect(findObject(objects, 'Service', 'piko-proxy').spec.ports[0]).toMatchObject({ port: 9000, targetPort: 'proxy' });
    expect(findObject(objects, 'Service', 'piko-upstream').spec.ports[0]).toMatchObject({ port: 9001, targetPort: 'upstream' });
  });

  test('probes follow the admin port by name', () => {
    expect(container.readinessProbe.httpGet.port).toBe('admin');
  });
});

describe('advertise addresses', () => {
  test('IPv6 pods advertise the pod IP in brackets', () => {
    expect(serverYaml(synthPiko({ advertiseAddress: PikoAdvertiseAddress.POD_IP_V6 })).proxy).toMatchObject({ advertise_addr: '[${POD_IP}]:8000' });
  });

  test('inferred addresses render no advertise_addr and no POD_IP', () => {
    const objects = synthPiko({ advertiseAddress: PikoAdvertiseAddress.INFERRED });
    expect(serverYaml(objects).proxy).toEqual({ bind_addr: ':8000' });
    expect(serverContainer(objects).env.map((e: Manifest) => e.name)).toEqual(['POD_NAME']);
  });
});

describe('server tuning', () => {
  test('join, gossip, proxy, rebalancing, logging and grace period render as Piko keys', () => {
    const config = serverYaml(synthPiko({
      join: { timeout: Duration.minutes(2), abortIfJoinFails: false },
      gossip: { interval: Duration.millis(250), maxPacketSize: 1200 },
      proxy: {
        timeout: Duration.seconds(0),
        http: { writeTimeout: Duration.seconds(0) },
        accessLog: { level: LogLevel.WARN, disable: false, requestHeaders: PikoHeaderFilter.allow(['X-Request-Id']), responseHeaders: PikoHeaderFilter.block(['Set-Cookie']) },
      },
      upstream: { rebalance: { threshold: 0.2, shedRate: 0.01, minConns: 10 } },
      gracePeriod: Duration.seconds(30),
      logLevel: LogLevel.DEBUG,
      logSubsystems: ['gossip', 'proxy.access'],
    }));
    expect(config.cluster).toMatchObject({ join_timeout: '2m', abort_if_join_fails: false, gossip: { interval: '250ms', max_packet_size: 1200 } });
    expect(config.proxy).toMatchObject({
      timeout: '0s',
      access_log: { level: 'warn', disable: false, request_headers: { allow_list: ['X-Request-Id'] }, response_headers: { block_list: ['Set-Cookie'] } },
    });
    expect(config.upstream).toMatchObject({ rebalance: { threshold: 0.2, shed_rate: 0.01, min_conns: 10 } });
    expect(config.log).toEqual({ level: 'debug', subsystems: ['gossip', 'proxy.access'] });
    expect(config.grace_period).toBe('30s');
  });

  test('the proxy port\'s HTTP read and write timeouts render as proxy.http keys', () => {
    const http = { readTimeout: Duration.seconds(30), writeTimeout: Duration.seconds(90) };
    const config = serverYaml(synthPiko({ proxy: { timeout: Duration.seconds(60), http } }));
    expect(config.proxy).toMatchObject({ timeout: '1m', http: { read_timeout: '30s', write_timeout: '1m30s' } });
    expect(serverYaml(synthPiko()).proxy).not.toHaveProperty('http');
  });

  test('the stream window renders as stream.max_window_size in bytes, and only when set', () => {
    expect(serverYaml(synthPiko({ streamWindowSize: Size.mebibytes(1) })).stream).toEqual({ max_window_size: 1_048_576 });
    expect(serverYaml(synthPiko())).not.toHaveProperty('stream');
  });

  test('every whole-KiB stream window Piko takes (256 KiB to 4 GiB less 1 KiB) renders its bytes; every other is refused', () => {
    const smallest = 256;
    const largest = 4 * 1024 * 1024 - 1;
    const windows = fc.oneof(fc.integer({ min: 1, max: 2 * largest }), fc.constantFrom(smallest - 1, smallest, largest, largest + 1));
    fc.assert(fc.property(windows, (kibibytes) => {
      if (kibibytes >= smallest && kibibytes <= largest) {
        expect(serverYaml(synthPiko({ streamWindowSize: Size.kibibytes(kibibytes) })).stream).toEqual({ max_window_size: kibibytes * 1024 });
      } else {
        expect(pikoPropsError({ streamWindowSize: Size.kibibytes(kibibytes) })).toContain(`streamWindowSize must be a whole number of bytes from 256 KiB to 4 GiB less one byte: Piko refuses a window under 256 KiB at start, and reads the size as a 32-bit number (found "${kibibytes * 1024} bytes")`);
      }
    }), { seed: 1, numRuns: 40 });
  });

  test('a forwarding timeout the write timeout cuts short warns, naming the write timeout as the one that wins', () => {
    const warnings = (proxy: PikoClusterProps['proxy']) => captureWarnings(() => synthPiko({ proxy }));
    expect(warnings({ timeout: Duration.seconds(60) })).toEqual([
      '[test/piko] warning: PikoCluster ConfigMap "piko" server.yaml proxy.http.write_timeout is shorter than proxy.timeout (1m; 0 is none), and wins: a response still being written after it is cut off, so clients of a slow upstream lose the connection instead of getting Piko\'s 504 at proxy.timeout (found "10s"). Fix: set proxy.http.writeTimeout at least as long as proxy.timeout, or shorten proxy.timeout',
    ]);
    expect(warnings({ timeout: Duration.seconds(0), http: { writeTimeout: Duration.seconds(30) } })).toHaveLength(1);
    expect(warnings({ timeout: Duration.seconds(60), http: { writeTimeout: Duration.seconds(60) } })).toEqual([]);
    expect(warnings({ timeout: Duration.seconds(60), http: { writeTimeout: Duration.seconds(0) } })).toEqual([]);
    // Piko's own defaults (30s and 10s) are left alone.
    expect(warnings(undefined)).toEqual([]);
  });

  test('a negative forwarding timeout is refused alone, without a warning that compares it', () => {
    const warnings = captureWarnings(() => expect(() => synthPiko({ config: { proxy: { timeout: '-1s' } } })).toThrow(
      'ConfigMap "piko" server.yaml proxy.timeout must not be negative (found "-1s")'));
    expect(warnings).toEqual([]);
  });

  test('the pod\'s grace period follows Piko\'s, plus the preStop pause and 10s, unless set', () => {
    const seconds = (props: object) => findObject(synthPiko(props), 'StatefulSet', 'piko').spec.template.spec.terminationGracePeriodSeconds;
    expect(seconds({ gracePeriod: Duration.seconds(30) })).toBe(45);
    expect(seconds({ gracePeriod: Duration.seconds(30), preStopPause: Duration.seconds(20) })).toBe(60);
    expect(seconds({ gracePeriod: Duration.seconds(30), preStopPause: Duration.seconds(0) })).toBe(40);
    expect(seconds({ gracePeriod: Duration.seconds(30), terminationGracePeriod: Duration.seconds(90) })).toBe(90);
  });
});

describe('authentication', () => {
  test('an HMAC secret reaches the config through env expansion, never in clear', () => {
    const objects = synthPiko({ upstream: { auth: PikoAuth.hmac('piko-auth', 'hmac', { audience: 'agents', keepConnectedAfterExpiry: true }) } });
    const text: string = findObject(objects, 'ConfigMap', 'piko').data['server.yaml'];
    expect(serverYaml(objects).upstream).toMatchObject({
      auth: { hmac_secret_key: '${PIKO_UPSTREAM_HMAC_SECRET_KEY}', audience: 'agents', disable_disconnect_on_expiry: true },
    });
    expect(text).toContain('hmac_secret_key: "${PIKO_UPSTREAM_HMAC_SECRET_KEY}"');
    expect(serverContainer(objects).env).toContainEqual({
      name: 'PIKO_UPSTREAM_HMAC_SECRET_KEY', valueFrom: { secretKeyRef: { name: 'piko-auth', key: 'hmac' } },
    });
  });

  test.each([
    ['RSA', PikoAuth.rsaPublicKey('keys', 'rsa.pem'), '--proxy.auth.rsa-public-key=$(PIKO_PROXY_RSA_PUBLIC_KEY)', 'PIKO_PROXY_RSA_PUBLIC_KEY'],
    ['ECDSA', PikoAuth.ecdsaPublicKey('keys', 'ec.pem'), '--proxy.auth.ecdsa-public-key=$(PIKO_PROXY_ECDSA_PUBLIC_KEY)', 'PIKO_PROXY_ECDSA_PUBLIC_KEY'],
  ])('a PEM %s key goes in as a flag through $(VAR), since expansion would break the YAML', (_kind, auth, flag, env) => {
    const objects = synthPiko({ proxy: { auth } });
    const container = serverContainer(objects);
    expect(container.args).toEqual(['server', '--config.path', '/config/server.yaml', '--config.expand-env', flag]);
    expect(container.env).toContainEqual({ name: env, valueFrom: { secretKeyRef: { name: 'keys', key: expect.any(String) } } });
    expect(serverYaml(objects).proxy).not.toHaveProperty('auth.rsa_public_key');
  });

  test('JWKS renders the endpoint and its timings', () => {
    const config = serverYaml(synthPiko({
      proxy: { auth: PikoAuth.jwks('https://auth.example.com/jwks.json', { issuer: 'https://auth.example.com', cacheTtl: Duration.minutes(5), timeout: Duration.seconds(3) }) },
    }));
    expect(config.proxy).toMatchObject({
      auth: { issuer: 'https://auth.example.com', jwks: { endpoint: 'https://auth.example.com/jwks.json', cache_ttl: '5m', timeout: '3s' } },
    });
  });

  test('admin auth switches both probes to TCP checks of the admin port', () => {
    const container = serverContainer(synthPiko({ admin: { auth: PikoAuth.hmac('admin-auth', 'hmac') } }));
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 'admin' }, periodSeconds: 5 });
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'admin' }, initialDelaySeconds: 10, periodSeconds: 10 });
  });
});

describe('TLS', () => {
  test('each listener mounts its Secret read-only and points the config at fixed file names', () => {
    const objects = synthPiko({
      replicas: 1,
      proxy: { tls: PikoTls.fromSecret('proxy-cert') },
      upstream: { tls: PikoTls.fromSecret('upstream-cert', { certificateKey: 'cert.pem', privateKeyKey: 'key.pem', clientCaKey: 'ca.pem' }) },
    });
    const config = serverYaml(objects);
    expect(config.proxy).toMatchObject({ tls: { cert: '/etc/piko/tls/proxy/tls.crt', key: '/etc/piko/tls/proxy/tls.key' } });
    expect(config.upstream).toMatchObject({ tls: { cert: '/etc/piko/tls/upstream/tls.crt', key: '/etc/piko/tls/upstream/tls.key', client_cas: '/etc/piko/tls/upstream/ca.crt' } });
    const podSpec = findObject(objects, 'StatefulSet', 'piko').spec.template.spec;
    expect(podSpec.volumes).toContainEqual({
      name: 'upstream-tls',
      secret: { secretName: 'upstream-cert', items: [{ key: 'cert.pem', path: 'tls.crt' }, { key: 'key.pem', path: 'tls.key' }, { key: 'ca.pem', path: 'ca.crt' }] },
    });
    expect(serverContainer(objects).volumeMounts).toContainEqual({ name: 'proxy-tls', mountPath: '/etc/piko/tls/proxy', readOnly: true });
  });

  test('admin TLS switches the probes to HTTPS and the admin URL to https', () => {
    const chart = Testing.chart();
    const piko = new PikoCluster(chart, 'piko', { replicas: 1, admin: { tls: PikoTls.fromSecret('admin-cert') } });
    expect(serverContainer(Testing.synth(chart)).readinessProbe.httpGet.scheme).toBe('HTTPS');
    expect(piko.adminUrl).toBe('https://piko.piko.svc.cluster.local:8002');
  });

  test('the cluster says which listeners serve TLS and require tokens, for agents and integrations', () => {
    const chart = Testing.chart();
    const piko = new PikoCluster(chart, 'piko', {
      replicas: 1,
      upstream: { tls: PikoTls.fromSecret('upstream-cert'), auth: PikoAuth.hmac('piko-keys', 'upstream') },
    });
    expect([piko.proxyTlsEnabled, piko.upstreamTlsEnabled, piko.adminTlsEnabled]).toEqual([false, true, false]);
    expect([piko.proxyAuthEnabled, piko.upstreamAuthEnabled, piko.adminAuthEnabled]).toEqual([false, true, false]);
    expect(piko.upstreamUrl).toBe('https://piko-upstream.piko.svc.cluster.local:8001');
  });

  test('cert-manager writes each listener\'s certificate into <name>-<listener>-tls unless told otherwise', () => {
    const issuer = { issuerName: 'internal-ca' };
    const objects = synthPiko({
      replicas: 1,
      upstream: { tls: PikoTls.fromCertManager(issuer) },
      admin: { tls: PikoTls.fromCertManager({ ...issuer, secretName: 'admin-cert', clientCaKey: 'ca.crt' }) },
    });
    expect(objects.filter((o) => o.kind === 'Certificate').map((o) => o.spec.secretName)).toEqual(['piko-upstream-tls', 'admin-cert']);
    expect(serverYaml(objects).admin).toMatchObject({ tls: { client_cas: '/etc/piko/tls/admin/ca.crt' } });
  });
});

describe('client Services', () => {
  test('LoadBalancer and NodePort with annotations, source ranges and a node port', () => {
    const objects = synthPiko({
      proxy: { service: ServiceExposure.nodePort({ nodePort: 30080 }) },
      upstream: { service: ServiceExposure.loadBalancer({ annotations: { 'example.com/lb': 'internal' }, sourceRanges: ['10.0.0.0/8'] }) },
    });
    const proxy = findObject(objects, 'Service', 'piko-proxy');
    const upstream = findObject(objects, 'Service', 'piko-upstream');
    expect(proxy.spec).toMatchObject({ type: 'NodePort', ports: [{ name: 'proxy', port: 8000, nodePort: 30080 }] });
    expect(upstream.metadata.annotations).toEqual({ 'example.com/lb': 'internal' });
    expect(upstream.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'] });
  });
});

describe('the NetworkPolicy', () => {
  const ownPods = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'piko', 'app.kubernetes.io/instance': 'piko' } } };

  test('admits gossip over TCP and UDP and admin only between Piko\'s pods, proxy and upstream from anywhere', () => {
    expect(findObject(synthPiko({ networkPolicy: {} }), 'NetworkPolicy', 'piko').spec.ingress).toEqual([
      { ports: [{ port: 8003, protocol: 'TCP' }, { port: 8003, protocol: 'UDP' }], from: [ownPods] },
      { ports: [{ port: 8000, protocol: 'TCP' }] },
      { ports: [{ port: 8001, protocol: 'TCP' }] },
      { ports: [{ port: 8002, protocol: 'TCP' }], from: [ownPods] },
    ]);
  });

  test('limits proxy, upstream and admin to the given peers, keeping pod-to-pod proxy and admin traffic', () => {
    const ingress = findObject(synthPiko({
      networkPolicy: {
        proxyFrom: [NetworkPeer.namespaceNamed('apps')],
        upstreamFrom: [NetworkPeer.ipBlock('10.0.0.0/8')],
        adminFrom: [NetworkPeer.namespaceNamed('monitoring')],
      },
    }), 'NetworkPolicy', 'piko').spec.ingress;
    const apps = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } } };
    const monitoring = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };
    expect(ingress[1].from).toEqual([ownPods, apps]);
    expect(ingress[2].from).toEqual([{ ipBlock: { cidr: '10.0.0.0/8' } }]);
    expect(ingress[3].from).toEqual([ownPods, monitoring]);
  });
});

describe('raw config', () => {
  test('deep-merges keys the props do not type', () => {
    const config = serverYaml(synthPiko({ config: { proxy: { http: { idle_timeout: '10m' } }, upstream: { tenants: [{ id: 'acme', auth: { jwks: { endpoint: 'https://acme.example.com/jwks' } } }] } } }));
    expect(config.proxy).toMatchObject({ bind_addr: ':8000', http: { idle_timeout: '10m' } });
    expect(config.upstream).toMatchObject({ tenants: [{ id: 'acme' }] });
  });
});

describe('image pull secrets', () => {
  test('reach the pod spec', () => {
    const podSpec = findObject(synthPiko({ imagePullSecrets: ['registry'] }), 'StatefulSet', 'piko').spec.template.spec;
    expect(podSpec.imagePullSecrets).toEqual([{ name: 'registry' }]);
  });
});
