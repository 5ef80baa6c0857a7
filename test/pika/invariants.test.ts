import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { PikaCluster, PikaClusterProps, PikaSecurityKey } from '../../lib';
import { captureWarnings, findObject, pikaSynthError, synthPika, withWarnings } from '../support/synth';

// Each rule is broken the way a user could break it: through the raw `config` prop or a JSON
// patch on the final objects. Patches use the manifest's own field names (`clusterIP`) and
// plain values, as they apply to the manifest as written.

const CONTAINER = '/spec/template/spec/containers/0';

function patchStatefulSet(...patches: JsonPatch[]) {
  return (pika: PikaCluster) => ApiObject.of(pika).addJsonPatch(...patches);
}

/** The synth error line for this cluster, without cdk8s's header. */
function expectSynthFailure(props: PikaClusterProps, change: ((pika: PikaCluster) => void) | undefined, ...lines: string[]) {
  const message = pikaSynthError(props, change);
  expect(message).toContain('Validation failed with the following errors:');
  for (const line of lines) {
    expect(message).toContain(`[test/pika] PikaCluster ${line}`);
  }
}

describe('synth-time rules: members and quorum', () => {
  test('cluster.replicas in the config must equal the StatefulSet\'s replicas', () => {
    expectSynthFailure({ config: { cluster: { replicas: 5 } } }, undefined,
      'ConfigMap "pika" pika.yaml cluster.replicas must equal StatefulSet "pika" spec.replicas (3): quorum is computed from it, and a mismatch splits the cluster or stalls writes (found 5). Fix: remove cluster.replicas from the raw config and any patch of spec.replicas; set the replicas prop');
  });

  test('a patch of the StatefulSet\'s replicas is caught the same way', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace('/spec/replicas', 5)),
      'ConfigMap "pika" pika.yaml cluster.replicas must equal StatefulSet "pika" spec.replicas (5): quorum is computed from it');
  });

  test('cluster.replicas 0 would turn quorum off', () => {
    expectSynthFailure({ config: { cluster: { replicas: 0 } } }, undefined,
      'ConfigMap "pika" pika.yaml cluster.replicas must be a whole number of at least 1: 0 turns quorum off and lets a lone member lead (found 0)');
  });

  test('a StatefulSet patched to zero replicas fails without an even-count warning', () => {
    const warnings = captureWarnings(() => expectSynthFailure({}, patchStatefulSet(JsonPatch.replace('/spec/replicas', 0)),
      'StatefulSet "pika" spec.replicas must be at least 1 (found 0). Fix: set the replicas prop to 3 or 5'));
    expect(warnings).toEqual([]);
  });

  test('clustering must stay enabled', () => {
    expectSynthFailure({ config: { cluster: { enabled: false } } }, undefined,
      'ConfigMap "pika" pika.yaml cluster.enabled must be true: without it every member is its own leader and their data diverges (found false)');
  });

  test('an even member count warns but synthesizes', () => {
    let objects: unknown[] = [];
    const warnings = captureWarnings(() => {
      objects = synthPika({ replicas: 4 });
    });
    expect(objects.length).toBeGreaterThan(0);
    expect(warnings).toEqual([
      '[test/pika] warning: PikaCluster StatefulSet "pika" spec.replicas is even: 4 members tolerate no more lost members than 3 do (found 4). Fix: use 3 or 5 replicas',
    ]);
  });

  test('odd member counts do not warn', () => {
    expect(captureWarnings(() => synthPika({ replicas: 5 }))).toEqual([]);
  });

  test('the PodDisruptionBudget must keep a quorum', () => {
    expectSynthFailure({}, (pika) => pika.podDisruptionBudget!.addJsonPatch(JsonPatch.replace('/spec/minAvailable', 1)),
      'PodDisruptionBudget "pika" spec must keep at least a quorum of 2 of 3 members during voluntary disruptions (found {"minAvailable":1}). Fix: use DisruptionBudget.serverDefault(), or remove the patch; the construct renders minAvailable 2');
  });

  test('a percentage maxUnavailable is rounded as the eviction API rounds it', () => {
    expectSynthFailure({}, (pika) => pika.podDisruptionBudget!.addJsonPatch(
      JsonPatch.remove('/spec/minAvailable'), JsonPatch.add('/spec/maxUnavailable', '50%')),
    'PodDisruptionBudget "pika" spec must keep at least a quorum of 2 of 3 members');
    expect(() => synthPika({}, (pika) => pika.podDisruptionBudget!.addJsonPatch(
      JsonPatch.remove('/spec/minAvailable'), JsonPatch.add('/spec/maxUnavailable', '33%')))).not.toThrow();
  });

  test('the PodDisruptionBudget must allow an eviction, or node drains wait forever', () => {
    expectSynthFailure({}, (pika) => pika.podDisruptionBudget!.addJsonPatch(JsonPatch.replace('/spec/minAvailable', 3)),
      'PodDisruptionBudget "pika" spec must allow evicting a member: a budget that keeps all 3 makes every node drain wait forever (found {"minAvailable":3}). Fix: use DisruptionBudget.serverDefault(), or remove the patch; the construct renders a budget that allows one eviction');
    expectSynthFailure({ replicas: 1 }, (pika) => pika.podDisruptionBudget!.addJsonPatch(JsonPatch.replace('/spec/maxUnavailable', 0)),
      'PodDisruptionBudget "pika" spec must allow evicting a member: a budget that keeps all 1 makes every node drain wait forever (found {"maxUnavailable":0})');
  });

  test('the PodDisruptionBudget must select the pods', () => {
    expectSynthFailure({}, (pika) => pika.podDisruptionBudget!.addJsonPatch(JsonPatch.replace('/spec/selector/matchLabels', { app: 'other' })),
      'PodDisruptionBudget "pika" spec.selector.matchLabels must match the labels of the StatefulSet\'s pods');
  });

  test('cluster durations must be Go durations', () => {
    expectSynthFailure({ config: { cluster: { sync_interval: 300, heartbeat_timeout: '15 s' } } }, undefined,
      'ConfigMap "pika" pika.yaml cluster.sync_interval must be a Go duration string (found 300). Fix: write it as a quoted duration such as "30s", "5m" or "1h30m"',
      'ConfigMap "pika" pika.yaml cluster.heartbeat_timeout must be a Go duration string (found "15 s")');
  });
});

describe('synth-time rules: discovery through the headless Service', () => {
  test('dns_addr must name the headless Service in its namespace and cluster domain', () => {
    expectSynthFailure({ config: { cluster: { dns_addr: 'pika-cluster' } } }, undefined,
      'ConfigMap "pika" pika.yaml cluster.dns_addr must be the headless Service\'s name "pika-cluster.pika.svc.cluster.local": Pika ignores DNS errors, so a wrong name leaves every member alone (found "pika-cluster")');
  });

  test('a renamed headless Service breaks dns_addr and serviceName', () => {
    expectSynthFailure({}, (pika) => pika.headlessService.addJsonPatch(JsonPatch.replace('/metadata/name', 'peers')),
      'ConfigMap "pika" pika.yaml cluster.dns_addr must be the headless Service\'s name "peers.pika.svc.cluster.local"',
      'StatefulSet "pika" spec.serviceName must name the headless Service "peers" (found "pika-cluster")');
  });

  test('the headless Service must stay in the cluster\'s namespace', () => {
    expectSynthFailure({}, (pika) => pika.headlessService.addJsonPatch(JsonPatch.replace('/metadata/namespace', 'other')),
      'Service "pika-cluster" metadata.namespace must be the cluster\'s namespace "pika": the cluster\'s objects find each other by name within one namespace (found "other")');
  });

  test('the headless Service must have no cluster IP', () => {
    expectSynthFailure({}, (pika) => pika.headlessService.addJsonPatch(JsonPatch.replace('/spec/clusterIP', '10.0.0.10')),
      'Service "pika-cluster" spec.clusterIP must be "None": peers need the pod IPs in DNS, not a virtual IP (found "10.0.0.10")');
  });

  test('the headless Service must publish not-ready members', () => {
    expectSynthFailure({}, (pika) => pika.headlessService.addJsonPatch(JsonPatch.replace('/spec/publishNotReadyAddresses', false)),
      'Service "pika-cluster" spec.publishNotReadyAddresses must be true: members must find each other before they are ready, or the first start deadlocks (found false)');
  });

  test('the headless Service must select the members', () => {
    expectSynthFailure({}, (pika) => pika.headlessService.addJsonPatch(JsonPatch.replace('/spec/selector', { app: 'pika' })),
      'Service "pika-cluster" spec.selector must match the labels of the StatefulSet\'s pods');
  });

  test('serviceName must be the headless Service', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace('/spec/serviceName', 'pika')),
      'StatefulSet "pika" spec.serviceName must name the headless Service "pika-cluster" (found "pika")');
  });
});

describe('synth-time rules: the peer port', () => {
  test('cluster.port must match the UDP container port and the headless Service port', () => {
    expectSynthFailure({ config: { cluster: { port: 6000 } } }, undefined,
      'StatefulSet "pika" container port "cluster" must be a UDP port equal to cluster.port (6000) (found [5000])',
      'Service "pika-cluster" spec.ports must include a UDP port 6000 targeting the container\'s UDP port 6000 (cluster.port) (found ["5000/UDP"])');
  });

  test('a headless Service port over TCP does not reach the peers', () => {
    expectSynthFailure({}, (pika) => pika.headlessService.addJsonPatch(JsonPatch.replace('/spec/ports/0/protocol', 'TCP')),
      'Service "pika-cluster" spec.ports must include a UDP port 5000');
  });

  test('cluster.port must be a port number', () => {
    expectSynthFailure({ config: { cluster: { port: 'five thousand' } } }, undefined,
      'ConfigMap "pika" pika.yaml cluster.port must be a port number from 1 to 65535 (found "five thousand")');
  });

  test('cluster.bind_addr must be an IP literal', () => {
    expectSynthFailure({ config: { cluster: { bind_addr: 'localhost' } } }, undefined,
      'ConfigMap "pika" pika.yaml cluster.bind_addr must be an IP address literal; Pika refuses host names here (found "localhost")');
    expect(() => synthPika({ config: { cluster: { bind_addr: '0.0.0.0' } } })).not.toThrow();
    expect(() => synthPika({ config: { cluster: { bind_addr: '::' } } })).not.toThrow();
  });
});

describe('synth-time rules: the HTTP listener and probes', () => {
  test('server.port must match the container port, the Service target and the probes', () => {
    expectSynthFailure({ config: { server: { port: '9000' } } }, undefined,
      'StatefulSet "pika" container port "http" must be TCP port 9000, the server.port Pika listens on (found 8080)',
      'Service "pika" port "http" targetPort must reach server.port 9000 (found "http")',
      'StatefulSet "pika" livenessProbe port must reach server.port 9000 (found "http")',
      'StatefulSet "pika" readinessProbe port must reach server.port 9000 (found "http")');
  });

  test('server.port must be a port number', () => {
    expectSynthFailure({ config: { server: { port: 'http' } } }, undefined,
      'ConfigMap "pika" pika.yaml server.port must be a port number from 1 to 65535 (found "http")');
  });

  test('every client Service port must reach a container port', () => {
    expectSynthFailure({}, (pika) => pika.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 'web')),
      'Service "pika" port "http" targetPort must reach a TCP port of the container (found "web")');
  });

  test('probes must check /healthz', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/readinessProbe/httpGet/path`, '/api/v1/info')),
      'StatefulSet "pika" readinessProbe path must be "/healthz" (found "/api/v1/info")');
  });

  test('with a base path, probes may use the root /healthz or the prefixed one', () => {
    expect(() => synthPika({ server: { basePath: '/pika' } },
      patchStatefulSet(JsonPatch.replace(`${CONTAINER}/readinessProbe/httpGet/path`, '/pika/healthz')))).not.toThrow();
    expectSynthFailure({ server: { basePath: '/pika' } }, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/readinessProbe/httpGet/path`, '/other/healthz')),
      'StatefulSet "pika" readinessProbe path must be "/healthz" or "/pika/healthz" (found "/other/healthz")');
  });

  test('a probe that is not an httpGet probe', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/livenessProbe`, { tcpSocket: { port: 8080 } })),
      'StatefulSet "pika" livenessProbe must be an httpGet probe of /healthz');
  });

  test('turning TLS on in raw config needs HTTPS probes', () => {
    expectSynthFailure({ config: { server: { tls: { enabled: true } } } }, undefined,
      'StatefulSet "pika" livenessProbe scheme must be HTTPS because server.tls.enabled is true (found "HTTP"). Fix: set TLS through the server.tls prop, which switches the probes too');
  });

  test('dropping tls.enabled falls back to Pika\'s default, HTTPS', () => {
    expectSynthFailure({ config: { server: { tls: null } } }, undefined,
      'StatefulSet "pika" readinessProbe scheme must be HTTPS because server.tls.enabled is unset (Pika defaults to true) (found "HTTP")');
  });

  test('the base path in the final config follows Pika\'s rules', () => {
    expectSynthFailure({ config: { server: { base_path: 'pika' } } }, undefined,
      'ConfigMap "pika" pika.yaml server.base_path must start with "/" (found "pika"). Fix: write it as "/pika"');
  });

  test('certificate and key files come in pairs and from a mounted volume', () => {
    expectSynthFailure({ config: { server: { tls: { cert_file: '/certs/tls.crt' } } } }, undefined,
      'ConfigMap "pika" pika.yaml server.tls.key_file must be set together with its pair: Pika would pair the given file with a generated one (found nothing)');
    expectSynthFailure({ config: { server: { tls: { cert_file: '/certs/tls.crt', key_file: '/certs/tls.key' } } } }, undefined,
      'ConfigMap "pika" pika.yaml server.tls.cert_file must lie in a mounted volume: with a read-only root, Pika cannot create it (found "/certs/tls.crt")');
  });

  test('log_level must be one Pika knows', () => {
    expectSynthFailure({ config: { log_level: 'verbose' } }, undefined,
      'ConfigMap "pika" pika.yaml log_level must be one of debug, info, warn, error; Pika stops at start on anything else (found "verbose"). Fix: set the logLevel prop instead of the raw key');
  });
});

describe('synth-time rules: config file and storage', () => {
  test('the ConfigMap must hold pika.yaml', () => {
    expectSynthFailure({}, (pika) => pika.configMap.addJsonPatch(JsonPatch.replace('/data', { 'config.yaml': 'log_level: info' })),
      'ConfigMap "pika" data must hold the key "pika.yaml" (found ["config.yaml"])');
  });

  test('pika.yaml must be mounted where Pika looks for it', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/volumeMounts/0/mountPath`, '/config/pika.yaml')),
      'StatefulSet "pika" mount of ConfigMap "pika" must place "pika.yaml" where Pika looks for it: /pika.yaml or /etc/pika.yaml (the working directory, then /etc), or the path in CONFIG_FILE_PIKA or CONFIG_FILE (found "/config/pika.yaml")');
  });

  test('a mount elsewhere is fine when CONFIG_FILE points at it', () => {
    expect(() => synthPika({ env: { CONFIG_FILE: EnvValue.fromValue('/config/pika.yaml') } },
      patchStatefulSet(JsonPatch.replace(`${CONTAINER}/volumeMounts/0/mountPath`, '/config/pika.yaml')))).not.toThrow();
  });

  test('storage.bw.path must lie on the member\'s claim', () => {
    expectSynthFailure({ config: { storage: { bw: { path: '/var/lib/pika' } } } }, undefined,
      'ConfigMap "pika" pika.yaml storage.bw.path must lie under the mount of a volumeClaimTemplate (/data), or the data is lost with the pod (found "/var/lib/pika")');
  });

  test('Pika\'s relative default data path resolves under /data', () => {
    expect(() => synthPika({ config: { storage: { bw: { path: 'data/pika' } } } })).not.toThrow();
  });

  test('in-memory storage is refused', () => {
    expectSynthFailure({ config: { storage: { bw: { in_memory: true } } } }, undefined,
      'ConfigMap "pika" pika.yaml storage.bw.in_memory must not be true: every restart would lose the member\'s data (found true)');
  });
});

describe('synth-time rules: secrets', () => {
  test('the security key env var must stay', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.remove(`${CONTAINER}/env/0`)),
      'StatefulSet "pika" env PIKA_CLUSTER_SECURITY_KEY must be set: without a pre-shared key any pod that can reach the peer port joins the cluster (found nothing)');
  });

  test('the security key must come through a secretKeyRef', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/env/0`, { name: 'PIKA_CLUSTER_SECURITY_KEY', value: 'inline-key' })),
      'StatefulSet "pika" env PIKA_CLUSTER_SECURITY_KEY must come from a Secret through valueFrom.secretKeyRef, not a plain value anyone who can read the pod sees (found "<a literal value>")');
  });

  test('the encryption password may only come through a secretKeyRef', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.add(`${CONTAINER}/env/-`, { name: 'PIKA_ENCRYPTION_PASSWORD', value: 'hunter2' })),
      'StatefulSet "pika" env PIKA_ENCRYPTION_PASSWORD must come from a Secret through valueFrom.secretKeyRef');
  });

  test.each(['cluster.security_key', 'encryption.password'])('%s in the ConfigMap is refused without echoing it', (path) => {
    const [section, key] = path.split('.');
    const message = pikaSynthError({ config: { [section]: { [key]: 'a-very-secret-value' } } });
    expect(message).toContain(`[test/pika] PikaCluster ConfigMap "pika" pika.yaml ${path} must not be in the ConfigMap: ConfigMaps are not encrypted at rest and anyone who can read the namespace sees them (found "<a secret value>")`);
    expect(message).not.toContain('a-very-secret-value');
  });

  test('a rendered key Secret patched to a weak value', () => {
    const props = { securityKey: PikaSecurityKey.fromLiteral('0123456789abcdef0123456789abcdef0123') };
    expectSynthFailure(props, (pika) => pika.securityKeySecret!.addJsonPatch(JsonPatch.replace('/data/security_key', Buffer.from('weak').toString('base64'))),
      'Secret "pika-cluster" data.security_key must be a random key of at least 32 characters, not upstream\'s placeholder (found "4 characters")');
  });

  test.each([
    ['PIKA_STORAGE_BW_IN_MEMORY', 'true'],
    ['PIKA_CLUSTER_BIND_ADDR', '10.0.0.1:5000'],
  ])('env %s sets a pika.yaml key the checks never see', (name, value) => {
    expectSynthFailure({ env: { [name]: EnvValue.fromValue(value) } }, undefined,
      `StatefulSet "pika" env ${name} must not be set: Pika reads PIKA_<PATH> variables as config keys after pika.yaml, so it would change a setting the synth checks never see (found ${JSON.stringify(value)}). Fix: remove the variable and set the key in the raw config (e.g. PIKA_STORAGE_BW_PATH is config: { storage: { bw: { path: ... } } })`);
  });

  test('a PIKA_ variable added by a patch is refused as well', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.add(`${CONTAINER}/env/-`, { name: 'PIKA_SERVER_OUTBOUND_DISABLE_GUARD', value: 'true' })),
      'StatefulSet "pika" env PIKA_SERVER_OUTBOUND_DISABLE_GUARD must not be set: Pika reads PIKA_<PATH> variables');
  });

  test.each(['CONSUL_HTTP_ADDR', 'VAULT_ADDR', 'CONFIG_ENV_FILE', 'CONFIG_HTTP_ADDR', 'GCP_SECRET_NAME'])('env %s loads config the checks cannot see', (name) => {
    expectSynthFailure({ env: { [name]: EnvValue.fromValue('x') } }, undefined,
      `StatefulSet "pika" env ${name} must not be set: it makes Pika load config from an env file or a remote store, which the synth checks cannot see (found "x"). Fix: remove the variable and put the keys in the raw config, where the checks read them`);
  });

  test('other env vars and the ones the construct renders pass', () => {
    expect(() => synthPika({ env: { TZ: EnvValue.fromValue('UTC'), GOMAXPROCS: EnvValue.fromValue('2') }, telemetry: { collector: 'otel:4317' } })).not.toThrow();
  });

  test('env must not shadow a key of pika.yaml', () => {
    expectSynthFailure({ env: { PIKA_SERVER_PORT: EnvValue.fromValue('9000') } }, undefined,
      'StatefulSet "pika" env PIKA_SERVER_PORT must not be set: it overrides server.port from ConfigMap "pika", which the construct renders (found "9000"). Fix: remove the variable and set server.port through its prop or the raw config');
  });
});

describe('synth-time rules: the pod', () => {
  test('service links must stay off', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace('/spec/template/spec/enableServiceLinks', true)),
      'StatefulSet "pika" spec.template.spec.enableServiceLinks must be false: kubelet\'s <SERVICE>_PORT variables would be read as server config (found true)');
  });

  test('the grace period must cover the preStop pause and let Pika drain and leave', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace('/spec/template/spec/terminationGracePeriodSeconds', 24)),
      'StatefulSet "pika" spec.template.spec.terminationGracePeriodSeconds must be at least 25: the preStop pause (5s) plus the 20s Pika needs to stop (Pika drains requests for up to 10s and announces its leave for up to 5s), as Kubernetes counts it from the start of the pause (found 24)');
    expectSynthFailure({ preStopPause: Duration.seconds(0) }, patchStatefulSet(JsonPatch.replace('/spec/template/spec/terminationGracePeriodSeconds', 5)),
      'StatefulSet "pika" spec.template.spec.terminationGracePeriodSeconds must be at least 20: Pika drains requests for up to 10s and announces its leave for up to 5s (found 5)');
    // A longer pause patched in is read from the final object.
    expectSynthFailure({}, patchStatefulSet(JsonPatch.replace('/spec/template/spec/containers/0/lifecycle/preStop/exec/command/1', '15')),
      'StatefulSet "pika" spec.template.spec.terminationGracePeriodSeconds must be at least 35: the preStop pause (15s)');
  });

  test('every broken rule is reported in one synth', () => {
    const message = pikaSynthError({ config: { cluster: { replicas: 5, dns_addr: 'x' }, log_level: 'loud' } },
      patchStatefulSet(JsonPatch.replace('/spec/template/spec/enableServiceLinks', true)));
    expect(message.split('\n').filter((line) => line.includes('[test/pika]'))).toHaveLength(4);
  });

  test('a patch that removes the container is a reported problem, not a crash', () => {
    const message = pikaSynthError({}, patchStatefulSet(JsonPatch.replace('/spec/template/spec/containers', [])));
    expect(message).toContain('StatefulSet "pika" container port "http" must be TCP port 8080');
    expect(message).not.toMatch(/TypeError|Cannot read/);
  });

  test('the defaults and the documented examples pass every rule', () => {
    expect(() => synthPika()).not.toThrow();
    // One member passes too, with the warning that a drain stops writes (test/pika/defaults.test.ts).
    const single = withWarnings(() => synthPika({ replicas: 1 }));
    expect(findObject(single.result, 'PodDisruptionBudget', 'pika').spec.maxUnavailable).toBe(1);
    expect(single.warnings).toEqual([expect.stringContaining('PodDisruptionBudget "pika" spec lets a node drain evict one of 1 members')]);
  });
});
