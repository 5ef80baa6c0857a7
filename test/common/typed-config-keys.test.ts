import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  LogLevel, PikaServerTls, PikoAdvertiseAddress, PikoAgent, PikoAgentOptions, PikoAgentSidecar, PikoAgentTarget, PikoAgentToken,
  PikoHeaderFilter, PikoServerTrust, PikoSidecarHost, PikoTls,
} from '../../lib';
import { pikaPropsError, pikoPropsError, synthPika, synthPiko, thrownMessage } from '../support/synth';

// A raw config key beside the prop that renders it: the raw config is merged over the rendered
// file, so the prop would be dropped without a word. Every pair is refused, all at once.

/** A config tree that sets every dotted path, to a value of its own. */
function rawAt(paths: readonly string[]): { [key: string]: any } {
  const tree: { [key: string]: any } = {};
  for (const path of paths) {
    const keys = path.split('.');
    let node = tree;
    for (const key of keys.slice(0, -1)) {
      node = node[key] ??= {};
    }
    node[keys[keys.length - 1]] = `raw ${path}`;
  }
  return tree;
}

/** The problem lines of a message that are about a raw key beside its prop: `<path> <- <prop>` each. */
function overrides(message: string): string[] {
  return [...message.matchAll(/ config\.(\S+) must not be set beside the (\S+) prop/g)].map(([, path, prop]) => `${path} <- ${prop}`);
}

test('the message names the raw key, the prop, the value found and the fix', () => {
  expect(pikoPropsError({ gracePeriod: Duration.seconds(30), config: { grace_period: '2m' } })).toContain(
    '[test/piko] PikoCluster config.grace_period must not be set beside the gracePeriod prop, which renders the same server.yaml key: the raw config is merged over '
    + 'the rendered file, so the prop would be dropped (found "2m"). Fix: set it once: keep the gracePeriod prop and remove grace_period from config, or remove the prop');
});

test('PikoCluster: every server.yaml key a given prop renders', () => {
  const expected = [
    'proxy.tls.cert <- proxy.tls', 'proxy.tls.key <- proxy.tls', 'proxy.bind_addr <- ports.proxy',
    'upstream.tls.cert <- upstream.tls', 'upstream.tls.key <- upstream.tls', 'upstream.bind_addr <- ports.upstream',
    'admin.tls.cert <- admin.tls', 'admin.tls.key <- admin.tls', 'admin.bind_addr <- ports.admin',
    'cluster.gossip.bind_addr <- ports.gossip',
    'proxy.advertise_addr <- advertiseAddress', 'admin.advertise_addr <- advertiseAddress', 'cluster.gossip.advertise_addr <- advertiseAddress',
    'proxy.timeout <- proxy.timeout', 'proxy.http.read_timeout <- proxy.http.readTimeout', 'proxy.http.write_timeout <- proxy.http.writeTimeout',
    'proxy.access_log.level <- proxy.accessLog.level', 'proxy.access_log.disable <- proxy.accessLog.disable',
    'proxy.access_log.request_headers <- proxy.accessLog.requestHeaders', 'proxy.access_log.response_headers <- proxy.accessLog.responseHeaders',
    'upstream.rebalance.threshold <- upstream.rebalance.threshold', 'upstream.rebalance.shed_rate <- upstream.rebalance.shedRate',
    'upstream.rebalance.min_conns <- upstream.rebalance.minConns',
    'cluster.join_timeout <- join.timeout', 'cluster.abort_if_join_fails <- join.abortIfJoinFails',
    'cluster.gossip.interval <- gossip.interval', 'cluster.gossip.max_packet_size <- gossip.maxPacketSize',
    'log.level <- logLevel', 'log.subsystems <- logSubsystems', 'stream.max_window_size <- streamWindowSize', 'grace_period <- gracePeriod',
  ];
  const message = pikoPropsError({
    ports: { proxy: 9000, upstream: 9001, admin: 9002, gossip: 9003 },
    advertiseAddress: PikoAdvertiseAddress.POD_IP,
    proxy: {
      tls: PikoTls.fromSecret('proxy-tls'),
      timeout: Duration.seconds(30),
      http: { readTimeout: Duration.seconds(10), writeTimeout: Duration.seconds(30) },
      accessLog: { level: LogLevel.WARN, disable: false, requestHeaders: PikoHeaderFilter.allow(['a']), responseHeaders: PikoHeaderFilter.block(['b']) },
    },
    upstream: { tls: PikoTls.fromSecret('upstream-tls'), rebalance: { threshold: 0.2, shedRate: 0.01, minConns: 10 } },
    admin: { tls: PikoTls.fromSecret('admin-tls') },
    join: { timeout: Duration.minutes(1), abortIfJoinFails: true },
    gossip: { interval: Duration.millis(500), maxPacketSize: 1400 },
    logLevel: LogLevel.DEBUG,
    logSubsystems: ['proxy'],
    streamWindowSize: Size.mebibytes(1),
    gracePeriod: Duration.seconds(30),
    config: rawAt(expected.map((pair) => pair.split(' <- ')[0])),
  });
  expect(overrides(message)).toEqual(expected);
  // The client CA of mutual TLS, and only when the listener's TLS has one.
  expect(pikoPropsError({ upstream: { tls: PikoTls.fromSecret('upstream-tls', { clientCaKey: 'ca.crt' }) }, config: { upstream: { tls: { client_cas: '/ca.crt' } } } }))
    .toContain('config.upstream.tls.client_cas must not be set beside the upstream.tls clientCaKey prop');
  expect(() => synthPiko({ upstream: { tls: PikoTls.fromSecret('upstream-tls') }, config: { upstream: { tls: { client_cas: '/etc/piko/tls/upstream/ca.crt' } } } }))
    .not.toThrow();
});

test('PikoCluster: a key a prop renders only by default, or only when given, may be set raw', () => {
  expect(() => synthPiko({ config: { log: { level: 'warn' }, grace_period: '2m', stream: { max_window_size: 524_288 } }, terminationGracePeriod: Duration.minutes(3) })).not.toThrow();
  // A key of the same block that the prop leaves alone.
  expect(() => synthPiko({ proxy: { accessLog: { level: LogLevel.WARN } }, config: { proxy: { access_log: { disable: true } } } })).not.toThrow();
});

test('PikaCluster: every pika.yaml key a given prop renders', () => {
  const expected = [
    'log_level <- logLevel', 'server.port <- server.port', 'server.base_path <- server.basePath',
    'server.tls.enabled <- server.tls', 'server.tls.cert_file <- server.tls', 'server.tls.key_file <- server.tls',
    'cluster.replicas <- replicas', 'cluster.port <- clustering.port', 'cluster.refresh_interval <- clustering.refreshInterval',
    'cluster.heartbeat_interval <- clustering.heartbeatInterval', 'cluster.heartbeat_timeout <- clustering.heartbeatTimeout',
    'cluster.sync_interval <- clustering.syncInterval', 'cluster.forward_timeout <- clustering.forwardTimeout', 'cluster.lock_key <- clustering.lockKey',
  ];
  const message = pikaPropsError({
    logLevel: LogLevel.DEBUG,
    server: { port: 9090, basePath: '/pika', tls: PikaServerTls.selfSigned() },
    replicas: 3,
    clustering: {
      port: 5001,
      refreshInterval: Duration.seconds(10),
      heartbeatInterval: Duration.seconds(1),
      heartbeatTimeout: Duration.seconds(5),
      syncInterval: Duration.seconds(30),
      forwardTimeout: Duration.seconds(10),
      lockKey: 'pika-lock',
    },
    config: rawAt(expected.map((pair) => pair.split(' <- ')[0])),
  });
  expect(overrides(message)).toEqual(expected);
  expect(() => synthPika({ config: { log_level: 'debug' } })).not.toThrow();
});

describe.each([
  ['PikoAgent', (options: Partial<PikoAgentOptions> & { gracePeriod?: Duration }) => new PikoAgent(Testing.chart(), 'agent', {
    connectTo: PikoAgentTarget.url('https://piko-upstream.piko.svc:8001'), listeners: [{ endpointId: 'web', port: 8080, timeout: Duration.seconds(30) }], ...options,
  })],
  ['PikoAgentSidecar', (options: Partial<PikoAgentOptions> & { gracePeriod?: Duration }) => {
    const chart = Testing.chart();
    const app = new kplus.Deployment(chart, 'app', { containers: [{ name: 'web', image: 'nginx:1.27', portNumber: 8080 }] });
    return new PikoAgentSidecar(chart, 'agent', {
      connectTo: PikoAgentTarget.url('https://piko-upstream.piko.svc:8001'),
      listeners: [{ endpointId: 'web', port: 8080, timeout: Duration.seconds(30) }],
      host: PikoSidecarHost.workload(app),
      ...options,
    });
  }],
] as const)('%s', (kind, build) => {
  test('every agent.yaml key a given prop renders', () => {
    const expected = [
      'connect.url <- connectTo', 'connect.token <- token', 'connect.tenant_id <- tenantId', 'connect.tls.root_cas <- serverTrust', 'connect.timeout <- connectTimeout',
      'stream.max_window_size <- streamWindowSize', 'server.bind_addr <- metricsPort', 'log.level <- logLevel', 'grace_period <- gracePeriod',
    ];
    const message = thrownMessage(() => build({
      token: PikoAgentToken.fromSecret('agent-token', 'token'),
      tenantId: 'acme',
      serverTrust: PikoServerTrust.fromConfigMap('piko-ca'),
      connectTimeout: Duration.seconds(10),
      streamWindowSize: Size.mebibytes(1),
      metricsPort: 5000,
      logLevel: LogLevel.DEBUG,
      gracePeriod: Duration.seconds(10),
      config: rawAt(expected.map((pair) => pair.split(' <- ')[0])),
    }));
    expect(message).toContain(`${kind} config.grace_period must not be set beside the gracePeriod prop, which renders the same agent.yaml key`);
    expect(overrides(message)).toEqual(expected);
  });

  test('the default grace period may be set raw', () => {
    expect(() => build({ config: { grace_period: '15s' } })).not.toThrow();
  });

  test('connect.url is refused, and the fix does not suggest dropping the required connectTo', () => {
    expect(thrownMessage(() => build({ config: { connect: { url: '${PIKO_URL}' } } }))).toContain(
      `${kind} config.connect.url must not be set beside the connectTo prop, which renders the same agent.yaml key: the raw config is merged over the rendered `
      + 'file, so the prop would be dropped (found "${PIKO_URL}"). Fix: remove connect.url from config, and give its value through the connectTo prop, which is required');
  });
});
