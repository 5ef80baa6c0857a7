import { Duration, Size } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { DisruptionBudget, PikoAuth, PikoClusterProps, PikoTls, ServiceExposure } from '../../lib';
import { pikoPropsError, synthPiko } from '../support/synth';

function expectRejected(props: PikoClusterProps, ...lines: string[]) {
  const message = pikoPropsError(props);
  expect(message).toContain('Invalid PikoCluster props');
  for (const line of lines) {
    expect(message).toContain(`  [test/piko] PikoCluster ${line}`);
  }
}

describe('PikoCluster rejects bad props in the constructor', () => {
  test('reports every problem at once', () => {
    const message = pikoPropsError({ replicas: 0, ports: { admin: 70000 } });
    expect(message.split('\n')).toEqual([
      'Invalid PikoCluster props (2 problems):',
      '  [test/piko] PikoCluster replicas must be a whole number of at least 1 (found 0). Fix: use 1 or more; Piko has no quorum, and 3 survives losing a node without a gap',
      '  [test/piko] PikoCluster ports.admin must be a whole number from 1 to 65535 (found 70000). Fix: choose a free port in that range',
    ]);
  });

  test('any replica count of 1 or more is fine, even or odd', () => {
    expect(() => synthPiko({ replicas: 2 })).not.toThrow();
  });

  test('the common props follow the same rules as PikaCluster\'s', () => {
    expectRejected(
      { name: 'Edge', namespace: 'Edge Proxy', image: 'ghcr.io/andydunstall/piko:latest', env: { POD_NAME: EnvValue.fromValue('x') } },
      'name must be a DNS-1035 label of at most 52 characters',
      'namespace must be a DNS-1123 label of at most 63 characters',
      'image must name a released tag or a digest, not "latest" or no tag: every member of a cluster must run the same version (found "ghcr.io/andydunstall/piko:latest"). Fix: pin a version, e.g. "ghcr.io/andydunstall/piko:v0.10.0"',
      'env "POD_NAME" must not set a variable the construct renders itself (found "POD_NAME"). Fix: set it through the construct (node IDs) instead',
    );
  });

  test('an instance label Kubernetes would refuse', () => {
    expectRejected({ instance: 'edge release' }, 'instance "app.kubernetes.io/instance" must be a label value');
  });

  test('pod labels that would change the selector', () => {
    expectRejected({ podLabels: { 'app.kubernetes.io/instance': 'other' } },
      'podLabels "app.kubernetes.io/instance" must not change a selector label (the StatefulSet and Services select "piko") (found "other")');
  });

  test('ports out of range or shared', () => {
    expectRejected({ ports: { proxy: 8000, upstream: 8000, gossip: 0 } },
      'ports.upstream must differ from ports.proxy: two listeners cannot share a TCP port (found 8000). Fix: give every listener its own port',
      'ports.gossip must be a whole number from 1 to 65535 (found 0)');
  });

  test('a cluster domain that is not a DNS subdomain', () => {
    expectRejected({ clusterDomain: 'Cluster.Local' }, 'clusterDomain must be a DNS-1123 subdomain');
  });

  test('durations Piko refuses at zero', () => {
    expectRejected({ join: { timeout: Duration.seconds(0) }, gossip: { interval: Duration.millis(0) }, gracePeriod: Duration.seconds(0) },
      'join.timeout must be positive, in whole milliseconds (found "0ms")',
      'gossip.interval must be positive, in whole milliseconds (found "0ms")',
      'gracePeriod must be positive, in whole milliseconds (found "0ms")');
  });

  test('a proxy timeout of 0 turns it off; a fraction of a millisecond is refused', () => {
    // With the write timeout off too: a write timeout left at 10s would cut responses short (and warn).
    expect(() => synthPiko({ proxy: { timeout: Duration.seconds(0), http: { writeTimeout: Duration.seconds(0) } } })).not.toThrow();
    expectRejected({ proxy: { timeout: Duration.millis(0.5) } }, 'proxy.timeout must be whole milliseconds: 0 turns the timeout off (found "0.5ms")');
    expectRejected({ proxy: { http: { readTimeout: Duration.millis(0.5), writeTimeout: Duration.millis(1.5) } } },
      'proxy.http.readTimeout must be whole milliseconds: 0 turns the timeout off (found "0.5ms")',
      'proxy.http.writeTimeout must be whole milliseconds: 0 turns the timeout off (found "1.5ms")');
  });

  test('a stream window Piko refuses at start, cannot read, or that is not whole bytes', () => {
    const rule = 'streamWindowSize must be a whole number of bytes from 256 KiB to 4 GiB less one byte: Piko refuses a window under 256 KiB at start, and reads the size as a 32-bit number';
    const fix = 'Fix: use a Size such as Size.mebibytes(1), or leave it unset for the default of 256 KiB';
    expectRejected({ streamWindowSize: Size.kibibytes(255) }, `${rule} (found "261120 bytes"). ${fix}`);
    expectRejected({ streamWindowSize: Size.gibibytes(4) }, `${rule} (found "4294967296 bytes"). ${fix}`);
    expectRejected({ streamWindowSize: Size.kibibytes(256.0001) }, `${rule} (found "262144.1024 bytes"). ${fix}`);
  });

  test('a gossip packet size of zero', () => {
    expectRejected({ gossip: { maxPacketSize: 0 } }, 'gossip.maxPacketSize must be a whole number of at least 1 (found 0)');
  });

  test('rebalance bounds', () => {
    expectRejected({ upstream: { rebalance: { threshold: -0.1, shedRate: 1.5, minConns: 2.5 } } },
      'upstream.rebalance.threshold must be 0 or more (0 turns rebalancing off) (found -0.1)',
      'upstream.rebalance.shedRate must be from 0 to 1 (found 1.5)',
      'upstream.rebalance.minConns must be a whole number of at least 0 (found 2.5)');
  });

  test('auth references and values', () => {
    expectRejected({
      proxy: { auth: PikoAuth.jwks('ftp://keys.example.com', { audience: 'cost$center', cacheTtl: Duration.millis(0) }) },
      upstream: { auth: PikoAuth.hmac('Piko Auth', 'hmac key') },
    },
    'proxy.auth jwks endpoint must be an http://, https:// or file:// URL (found "ftp://keys.example.com")',
    'proxy.auth audience must not contain "$": Piko expands ${VAR} references in its config and would replace it (found "cost$center")',
    'proxy.auth jwks cacheTtl must be positive',
    'upstream.auth secret name must be a DNS-1123 subdomain',
    'upstream.auth key must be a data key');
  });

  test('TLS Secret references', () => {
    expectRejected({ admin: { tls: PikoTls.fromSecret('Admin Cert', { clientCaKey: 'ca cert' }) } },
      'admin.tls secretName must be a DNS-1123 subdomain',
      'admin.tls clientCaKey must be a data key: letters, digits, \'-\', \'_\' and \'.\' (found "ca cert")');
  });

  test('a node port out of range and a bad annotation key on a client Service', () => {
    expectRejected({
      proxy: { service: ServiceExposure.nodePort({ nodePort: 70000 }) },
      upstream: { service: ServiceExposure.loadBalancer({ annotations: { 'bad key': 'x' } }) },
    },
    'proxy.service.nodePort must be a whole number from 1 to 65535 (found 70000)',
    'upstream.service.annotations');
  });

  test('a plain Service type string, as JavaScript callers may pass, is named', () => {
    expectRejected({ proxy: { service: 'LoadBalancer' as unknown as ServiceExposure } },
      'proxy.service must be a ServiceExposure (found "LoadBalancer"). Fix: create it with ServiceExposure.clusterIp(), ServiceExposure.loadBalancer(), ServiceExposure.nodePort()');
  });

  test('a termination grace period shorter than Piko\'s grace period, the preStop pause and a margin', () => {
    expectRejected({ gracePeriod: Duration.minutes(1), terminationGracePeriod: Duration.seconds(74) },
      'terminationGracePeriod must be at least gracePeriod (60s) + preStopPause (5s) + 10s: Kubernetes counts it from the start of the pause and kills the pod when it ends, and a node killed before it leaves lingers in the cluster as a ghost (found "74s"). Fix: leave it unset for that sum (75s), or lower gracePeriod or preStopPause');
    expectRejected({ gracePeriod: Duration.seconds(30), preStopPause: Duration.seconds(20), terminationGracePeriod: Duration.seconds(45) },
      'terminationGracePeriod must be at least gracePeriod (30s) + preStopPause (20s) + 10s');
  });

  test('log subsystems Piko does not have', () => {
    expectRejected({ logSubsystems: ['gossip', 'proxy.accesslog'] },
      'logSubsystems must name Piko subsystems exactly (server, proxy, proxy.access, proxy.http, proxy.tcp, upstream, admin, cluster, gossip) (found "proxy.accesslog")');
  });

  test('a disruption budget of one\'s own renders as given, and must let a drain evict a node', () => {
    expectRejected({ replicas: 2, disruptionBudget: DisruptionBudget.minAvailable(2) },
      'disruptionBudget minAvailable must be below the 2 replicas: a budget that keeps every pod makes each node drain wait forever (found 2)');
    expectRejected({ disruptionBudget: DisruptionBudget.maxUnavailable(1.5) }, 'disruptionBudget maxUnavailable must be');
    const objects = synthPiko({ replicas: 4, disruptionBudget: DisruptionBudget.minAvailable(3) });
    expect(objects.find((o) => o.kind === 'PodDisruptionBudget')?.spec.minAvailable).toBe(3);
    expect(synthPiko({ disruptionBudget: DisruptionBudget.none() }).some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  test('image pull secrets must be Secret names', () => {
    expectRejected({ imagePullSecrets: ['Registry Creds'] },
      'imagePullSecrets[0] must be a DNS-1123 subdomain');
  });
});
