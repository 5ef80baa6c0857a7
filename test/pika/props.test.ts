import { Duration, Size } from 'cdk8s';
import { EnvValue, PersistentVolumeAccessMode } from 'cdk8s-plus-28';
import { DisruptionBudget, PikaClusterProps, PikaSecurityKey, PikaServerTls, ServiceExposure } from '../../lib';
import { pikaPropsError, synthPika } from '../support/synth';

/** The one message line for a single bad prop, as the constructor reports it. */
function expectRejected(props: PikaClusterProps, line: string) {
  const message = pikaPropsError(props);
  expect(message).toContain('Invalid PikaCluster props');
  expect(message).toContain(`  [test/pika] PikaCluster ${line}`);
}

describe('PikaCluster rejects bad props in the constructor', () => {
  test('reports every problem at once, one line each, under a count', () => {
    const message = pikaPropsError({ replicas: -1, server: { port: 70000 }, storage: { size: Size.kibibytes(0.5 / 1024) } });
    expect(message.split('\n')).toEqual([
      'Invalid PikaCluster props (3 problems):',
      '  [test/pika] PikaCluster replicas must be a whole number of at least 1 (found -1). Fix: use an odd number such as 3 or 5; a leader needs a majority of members',
      '  [test/pika] PikaCluster storage.size must be a positive whole number of bytes, given as a cdk8s Size (found "0.5 bytes"). Fix: use a Size such as Size.gibibytes(10)',
      '  [test/pika] PikaCluster server.port must be a whole number from 1 to 65535 (found 70000). Fix: choose a free port in that range',
    ]);
  });

  test.each([
    [0, 'replicas must be a whole number of at least 1 (found 0)'],
    [2.5, 'replicas must be a whole number of at least 1 (found 2.5)'],
  ])('replicas %p', (replicas, line) => expectRejected({ replicas }, line));

  test('a name that is not a DNS label', () => {
    expectRejected({ name: 'Pika_Store' }, 'name must be a DNS-1035 label of at most 52 characters: lowercase letters, digits and \'-\', starting with a letter (found "Pika_Store")');
  });

  test('a name too long for the StatefulSet\'s pod revision label', () => {
    expectRejected({ name: 'p'.repeat(53) }, 'name must be a DNS-1035 label of at most 52 characters');
  });

  test('a bad name is reported once, not again through the Secret name derived from it', () => {
    expect(pikaPropsError({ name: 'Bad' })).toContain('(1 problem)');
  });

  test('a namespace that is not a DNS label', () => {
    expectRejected({ namespace: 'Platform' }, 'namespace must be a DNS-1123 label of at most 63 characters');
  });

  test.each(['ghcr.io/rakunlabs/pika', 'ghcr.io/rakunlabs/pika:latest', ''])('the unpinned image %p', (image) => {
    expectRejected({ image }, `image must name a released tag or a digest, not "latest" or no tag: every member of a cluster must run the same version (found ${JSON.stringify(image)}). Fix: pin a version, e.g. "ghcr.io/rakunlabs/pika:v0.3.0"`);
  });

  test.each([
    ['zero', Size.kibibytes(0), '(found "0 bytes")'],
    ['a fraction of a byte', Size.kibibytes(1.5 / 1024), '(found "1.5 bytes")'],
  ])('the storage size: %s', (_case, size, found) => {
    expectRejected({ storage: { size } }, `storage.size must be a positive whole number of bytes, given as a cdk8s Size ${found}. Fix: use a Size such as Size.gibibytes(10)`);
  });

  test('a storage class that is not a DNS subdomain', () => {
    expectRejected({ storage: { storageClassName: 'Fast SSD' } }, 'storage.storageClassName must be a DNS-1123 subdomain');
  });

  test('no access modes', () => {
    expectRejected({ storage: { accessModes: [] as PersistentVolumeAccessMode[] } }, 'storage.accessModes must name at least one access mode (found [])');
  });

  test.each([
    ['pika', 'server.basePath must start with "/" (found "pika"). Fix: write it as "/pika"'],
    ['/pika?x=1', 'server.basePath must be a path without query or fragment (found "/pika?x=1")'],
    ['/pi ka', 'server.basePath must not contain whitespace (found "/pi ka")'],
    ['/a//b', 'server.basePath must not contain empty path segments ("//") (found "/a//b")'],
  ])('the base path %p', (basePath, line) => expectRejected({ server: { basePath } }, line));

  test('replicas beyond what Kubernetes stores (int32)', () => {
    expectRejected({ replicas: 2 ** 31 },
      'replicas must be at most 2147483647, the largest value Kubernetes stores there (found 2147483648). Fix: use an odd number such as 3 or 5; a leader needs a majority of members');
  });

  test('one node port for the HTTP port and the endpoints', () => {
    expectRejected({ server: { service: ServiceExposure.nodePort({ nodePort: 30080 }) }, endpoints: [{ name: 'public', port: 9090 }] },
      'server.service.nodePort cannot be one port for the HTTP port and the endpoints too: each Service port needs a node port of its own (found 30080). Fix: leave nodePort unset so Kubernetes assigns one per port');
  });

  test('a TLS Secret name that is not a DNS subdomain', () => {
    expectRejected({ server: { tls: PikaServerTls.fromSecret('My_Cert') } }, 'server.tls secret name must be a DNS-1123 subdomain');
  });

  test.each([0, 70000, 80.5])('the cluster port %p', (port) => {
    expectRejected({ clustering: { port } }, `clustering.port must be a whole number from 1 to 65535 (found ${port})`);
  });

  test('a cluster domain that is not a DNS subdomain', () => {
    expectRejected({ clusterDomain: 'Cluster Local' }, 'clusterDomain must be a DNS-1123 subdomain');
  });

  test.each([
    ['refreshInterval', Duration.millis(0), 'clustering.refreshInterval must be positive, in whole milliseconds (found "0ms")'],
    ['syncInterval', Duration.millis(0.5), 'clustering.syncInterval must be positive, in whole milliseconds (found "0.5ms")'],
  ])('the cluster duration %s', (key, value, line) => expectRejected({ clustering: { [key]: value } }, line));

  test('a heartbeat timeout not longer than the interval', () => {
    expectRejected(
      { clustering: { heartbeatInterval: Duration.seconds(10), heartbeatTimeout: Duration.seconds(10) } },
      'clustering.heartbeatTimeout must be longer than clustering.heartbeatInterval (10000ms), or every idle peer times out (found "10000ms")',
    );
  });

  test('a lock key with whitespace', () => {
    expectRejected({ clustering: { lockKey: 'my lock' } }, 'clustering.lockKey must be a non-empty name without whitespace (found "my lock")');
  });

  test('a literal security key shorter than 32 characters, without echoing it', () => {
    const message = pikaPropsError({ securityKey: PikaSecurityKey.fromLiteral('short-secret') });
    expect(message).toContain('PikaCluster securityKey must be at least 32 characters long (found "12 characters"). Fix: generate one with `openssl rand -base64 48`');
    expect(message).not.toContain('short-secret');
  });

  test('upstream\'s placeholder as the security key', () => {
    expectRejected({ securityKey: PikaSecurityKey.fromLiteral('CHANGE_ME_TO_A_LONG_RANDOM_STRING') }, 'securityKey must not be upstream\'s placeholder (found "<the placeholder>")');
  });

  test('a security key Secret with a bad name or key', () => {
    const message = pikaPropsError({ securityKey: PikaSecurityKey.fromSecret('Peer Key', 'psk key') });
    expect(message).toContain('PikaCluster securityKey secret name must be a DNS-1123 subdomain');
    expect(message).toContain('PikaCluster securityKey key must be a data key');
  });

  test('an endpoint port name longer than 15 characters', () => {
    expectRejected({ endpoints: [{ name: 'public-endpoints', port: 9090 }] }, 'endpoints[0].name must be an IANA service name: at most 15 characters');
  });

  test('an endpoint out of range, on the HTTP port, or named like a built-in port', () => {
    const message = pikaPropsError({ endpoints: [{ name: 'http', port: 8080 }, { name: 'big', port: 70000 }, { name: 'dup', port: 9090 }, { name: 'dup', port: 9090 }] });
    expect(message).toContain('endpoints[0].name must be unique and not "http" or "cluster" (found "http")');
    expect(message).toContain('endpoints[0].port must differ from server.port: two listeners cannot share a TCP port (found 8080)');
    expect(message).toContain('endpoints[1].port must be a whole number from 1 to 65535 (found 70000)');
    expect(message).toContain('endpoints[3].name must be unique and not "http" or "cluster" (found "dup")');
    expect(message).toContain('endpoints[3].port must differ from endpoints[2].port');
  });

  test.each(['http://collector:4317', 'collector', 'collector:port'])('the telemetry collector %p', (collector) => {
    expectRejected({ telemetry: { collector } }, `telemetry.collector must be the collector's OTLP gRPC address as host:port, without a scheme (found ${JSON.stringify(collector)})`);
  });

  test('an empty telemetry service name', () => {
    expectRejected({ telemetry: { collector: 'otel:4317', serviceName: ' ' } }, 'telemetry.serviceName must not be empty');
  });

  test('extra env that replaces a rendered variable or has a bad name', () => {
    const message = pikaPropsError({ env: { 'PIKA_CLUSTER_SECURITY_KEY': EnvValue.fromValue('x'), '1BAD': EnvValue.fromValue('x') } });
    expect(message).toContain('env "PIKA_CLUSTER_SECURITY_KEY" must not set a variable the construct renders itself (found "PIKA_CLUSTER_SECURITY_KEY"). Fix: set it through the securityKey prop instead');
    expect(message).toContain('env "1BAD" must be a valid environment variable name');
  });

  test('pod labels that would change the selector, or are invalid', () => {
    const message = pikaPropsError({ podLabels: { 'app.kubernetes.io/name': 'other', 'bad key!': 'x' } });
    expect(message).toContain('podLabels "app.kubernetes.io/name" must not change a selector label (the StatefulSet and Services select "pika") (found "other")');
    expect(message).toContain('podLabels key must be a qualified name');
  });

  test('a pod annotation the construct owns', () => {
    expectRejected({ podAnnotations: { 'checksum/config': 'x' } }, 'podAnnotations "checksum/config" is set by the construct');
  });

  test('root or invalid ids in pod security', () => {
    const message = pikaPropsError({ podSecurity: { runAsUser: 0, runAsGroup: -1, fsGroup: 1.5 } });
    expect(message).toContain('podSecurity.runAsUser must be a whole number of at least 1 (found 0)');
    expect(message).toContain('podSecurity.runAsGroup must be a whole number of at least 1 (found -1)');
    expect(message).toContain('podSecurity.fsGroup must be a whole number of at least 1 (found 1.5)');
  });

  test('a bad priority class or node selector', () => {
    const message = pikaPropsError({ scheduling: { priorityClassName: 'High Priority', nodeSelector: { pool: 'a b' } } });
    expect(message).toContain('scheduling.priorityClassName must be a DNS-1123 subdomain');
    expect(message).toContain('scheduling.nodeSelector "pool" must be a label value');
  });

  test('a grace period shorter than Pika needs to drain and leave, or not whole seconds', () => {
    expectRejected({ terminationGracePeriod: Duration.seconds(10) }, 'terminationGracePeriod must be at least 20s, in whole milliseconds (found "10000ms")');
    expectRejected({ terminationGracePeriod: Duration.millis(30500) }, 'terminationGracePeriod must be a whole number of seconds (found "30500ms")');
  });

  test('raw config that is not a map', () => {
    expectRejected({ config: ['log_level'] as any }, 'config must be a map of pika.yaml keys');
  });

  test('a disruption budget of one\'s own must keep a quorum and let a drain evict a member', () => {
    expectRejected({ disruptionBudget: DisruptionBudget.minAvailable(1) },
      'disruptionBudget minAvailable must keep a quorum of 2 of 3 members through node drains, or writes stop (found 1). Fix: use DisruptionBudget.serverDefault() (minAvailable 2)');
    expectRejected({ replicas: 5, disruptionBudget: DisruptionBudget.maxUnavailable(3) },
      'disruptionBudget maxUnavailable must keep a quorum of 3 of 5 members through node drains, or writes stop (found 3)');
    expectRejected({ disruptionBudget: DisruptionBudget.minAvailable(3) },
      'disruptionBudget minAvailable must be below the 3 replicas: a budget that keeps every pod makes each node drain wait forever (found 3). Fix: use DisruptionBudget.serverDefault(), or a budget that lets at least one pod go');
    expectRejected({ disruptionBudget: DisruptionBudget.maxUnavailable(0) }, 'disruptionBudget maxUnavailable must be');
    const budget = synthPika({ replicas: 5, disruptionBudget: DisruptionBudget.maxUnavailable(2) }).find((o) => o.kind === 'PodDisruptionBudget');
    expect(budget?.spec).toEqual({ maxUnavailable: 2, selector: { matchLabels: { 'app.kubernetes.io/name': 'pika' } } });
  });
});
