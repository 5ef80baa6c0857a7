import { Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue, ImagePullPolicy, PersistentVolumeAccessMode, Secret } from 'cdk8s-plus-28';
import { ClaimRetention, DisruptionBudget, LogLevel, NetworkPeer, PikaCluster, PikaSecurityKey, PikaServerTls, ServiceExposure } from '../../lib';
import { parseConfigYaml } from '../../lib/common/config-document';
import { findObject, kindsAndNames, Manifest, serverContainer, synthPika } from '../support/synth';

function pikaYaml(objects: Manifest[], name = 'pika') {
  return parseConfigYaml(findObject(objects, 'ConfigMap', name).data['pika.yaml'])!;
}

function checksum(objects: Manifest[]): string {
  return objects.find((o) => o.kind === 'StatefulSet')!.spec.template.metadata.annotations['checksum/config'];
}

describe('names and placement', () => {
  test('name derives every object name as upstream does', () => {
    const objects = synthPika({ name: 'config', namespace: 'platform' });
    expect(kindsAndNames(objects)).toEqual([
      'Namespace/platform', 'ServiceAccount/config', 'ConfigMap/config', 'Service/config-cluster', 'Service/config',
      'StatefulSet/config', 'PodDisruptionBudget/config',
    ]);
    expect(pikaYaml(objects, 'config').cluster).toMatchObject({ dns_addr: 'config-cluster.platform.svc.cluster.local' });
    expect(findObject(objects, 'StatefulSet', 'config').spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'config' });
    expect(serverContainer(objects).env[0].valueFrom.secretKeyRef.name).toBe('config-cluster');
  });

  test('createNamespace: false leaves the Namespace to you', () => {
    expect(kindsAndNames(synthPika({ createNamespace: false }))).not.toContain('Namespace/pika');
  });

  test('two clusters in one namespace select only their own pods', () => {
    const chart = Testing.chart();
    new PikaCluster(chart, 'a', { name: 'pika-a', namespace: 'shared', createNamespace: false });
    new PikaCluster(chart, 'b', { name: 'pika-b', namespace: 'shared', createNamespace: false });
    const services = Testing.synth(chart).filter((o) => o.kind === 'Service');
    expect(services.map((s) => s.spec.selector['app.kubernetes.io/name'])).toEqual(['pika-a', 'pika-a', 'pika-b', 'pika-b']);
  });
});

describe('the client Service', () => {
  test('ClusterIP by default; a LoadBalancer with annotations and source ranges, or a NodePort', () => {
    expect(findObject(synthPika(), 'Service', 'pika').spec.type).toBe('ClusterIP');
    const lb = findObject(synthPika({
      server: { service: ServiceExposure.loadBalancer({ annotations: { 'example.com/lb': 'internal' }, sourceRanges: ['10.0.0.0/8'] }) },
    }), 'Service', 'pika');
    expect(lb.metadata.annotations).toEqual({ 'example.com/lb': 'internal' });
    expect(lb.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'], ports: [{ name: 'http', port: 8080 }] });
    const nodePort = findObject(synthPika({ server: { service: ServiceExposure.nodePort({ nodePort: 30080 }) } }), 'Service', 'pika');
    expect(nodePort.spec).toMatchObject({ type: 'NodePort', ports: [{ name: 'http', port: 8080, nodePort: 30080 }] });
  });
});

describe('workload options', () => {
  test('image and pull policy', () => {
    const container = serverContainer(synthPika({ image: 'registry.example.com/pika@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', imagePullPolicy: ImagePullPolicy.ALWAYS }));
    expect(container.image).toBe('registry.example.com/pika@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
    expect(container.imagePullPolicy).toBe('Always');
  });

  test('a digest image gets no version label', () => {
    const objects = synthPika({ image: 'registry.example.com/pika@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' });
    expect(findObject(objects, 'StatefulSet', 'pika').metadata.labels).not.toHaveProperty('app.kubernetes.io/version');
  });

  test('resources replace the default as a whole', () => {
    const container = serverContainer(synthPika({ resources: { cpu: { request: Cpu.millis(100) }, memory: { limit: Size.mebibytes(1536) } } }));
    expect(container.resources).toEqual({ requests: { cpu: '100m' }, limits: { memory: '1536Mi' } });
  });

  test('storage size, class, access modes and retention', () => {
    const statefulSet = findObject(synthPika({
      storage: {
        size: Size.gibibytes(20),
        storageClassName: 'fast-ssd',
        accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
        whenDeleted: ClaimRetention.DELETE,
        whenScaled: ClaimRetention.DELETE,
      },
    }), 'StatefulSet', 'pika');
    expect(statefulSet.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOncePod'], storageClassName: 'fast-ssd', resources: { requests: { storage: '20Gi' } },
    });
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Delete' });
  });

  test('replicas drive the config, the StatefulSet and the disruption budget together', () => {
    const objects = synthPika({ replicas: 5 });
    expect(findObject(objects, 'StatefulSet', 'pika').spec.replicas).toBe(5);
    expect(pikaYaml(objects).cluster).toMatchObject({ replicas: 5 });
    expect(findObject(objects, 'PodDisruptionBudget', 'pika').spec.minAvailable).toBe(3);
  });

  test('terminationGracePeriod and the service-account token', () => {
    const objects = synthPika({ terminationGracePeriod: Duration.minutes(1), automountServiceAccountToken: true });
    const podSpec = findObject(objects, 'StatefulSet', 'pika').spec.template.spec;
    expect(podSpec.terminationGracePeriodSeconds).toBe(60);
    expect(podSpec.automountServiceAccountToken).toBe(true);
    expect(findObject(objects, 'ServiceAccount', 'pika').automountServiceAccountToken).toBe(true);
  });

  test('disruptionBudget: DisruptionBudget.none() renders none', () => {
    expect(synthPika({ disruptionBudget: DisruptionBudget.none() }).some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  test('pod labels and annotations are added, selector labels untouched', () => {
    const template = findObject(synthPika({ podLabels: { team: 'platform' }, podAnnotations: { 'example.com/owner': 'me' } }), 'StatefulSet', 'pika').spec.template;
    expect(template.metadata.labels).toMatchObject({ 'team': 'platform', 'app.kubernetes.io/name': 'pika' });
    expect(template.metadata.annotations).toMatchObject({ 'example.com/owner': 'me' });
  });

  test('scheduling: node selector, tolerations, priority, spreading off', () => {
    const podSpec = findObject(synthPika({
      scheduling: {
        nodeSelector: { pool: 'stateful' },
        tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
        priorityClassName: 'critical',
        spreadAcrossNodes: false,
        spreadAcrossZones: false,
      },
    }), 'StatefulSet', 'pika').spec.template.spec;
    expect(podSpec.nodeSelector).toEqual({ pool: 'stateful' });
    expect(podSpec.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(podSpec.priorityClassName).toBe('critical');
    expect(podSpec.affinity).toBeUndefined();
    expect(podSpec.topologySpreadConstraints).toBeUndefined();
  });

  test('pod security ids and a writable root filesystem', () => {
    const objects = synthPika({ podSecurity: { runAsUser: 10001, runAsGroup: 10002, fsGroup: 10003, readOnlyRootFilesystem: false } });
    const podSpec = findObject(objects, 'StatefulSet', 'pika').spec.template.spec;
    expect(podSpec.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10002, fsGroup: 10003 });
    expect(serverContainer(objects).securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10002, readOnlyRootFilesystem: false });
  });
});

describe('server options', () => {
  test('the port is set in one place and reaches config, container, Service and probes', () => {
    const objects = synthPika({ server: { port: 9000 } });
    const container = serverContainer(objects);
    expect(pikaYaml(objects).server).toMatchObject({ port: '9000' });
    expect(container.ports[0]).toEqual({ name: 'http', containerPort: 9000, protocol: 'TCP' });
    expect(findObject(objects, 'Service', 'pika').spec.ports[0]).toEqual({ name: 'http', port: 9000, targetPort: 'http', protocol: 'TCP' });
    expect(container.readinessProbe.httpGet.port).toBe('http');
  });

  test('the base path is normalised as Pika does, and probes stay on the root /healthz', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika', { server: { basePath: ' /pika/ ' } });
    const objects = Testing.synth(chart);
    expect(pikaYaml(objects).server).toMatchObject({ base_path: '/pika' });
    expect(serverContainer(objects).livenessProbe.httpGet.path).toBe('/healthz');
    expect(pika.basePath).toBe('/pika');
    expect(pika.adminUrl).toBe('http://pika.pika.svc.cluster.local:8080/pika');
  });

  test.each(['', '/'])('the base path %p means the root and renders no key', (basePath) => {
    expect(pikaYaml(synthPika({ server: { basePath } })).server).not.toHaveProperty('base_path');
  });

  test('self-signed TLS switches the probes and the admin URL to HTTPS', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika', { server: { tls: PikaServerTls.selfSigned() } });
    const objects = Testing.synth(chart);
    expect(pikaYaml(objects).server).toMatchObject({ tls: { enabled: true } });
    expect(serverContainer(objects).readinessProbe.httpGet.scheme).toBe('HTTPS');
    expect(pika.adminUrl).toBe('https://pika.pika.svc.cluster.local:8080');
  });

  test('TLS from a Secret mounts it read-only at fixed file names, whatever its keys', () => {
    const objects = synthPika({ server: { tls: PikaServerTls.fromSecret('pika-tls', { certificateKey: 'cert.pem', privateKeyKey: 'key.pem' }) } });
    const statefulSet = findObject(objects, 'StatefulSet', 'pika');
    expect(pikaYaml(objects).server).toMatchObject({ tls: { enabled: true, cert_file: '/etc/pika/tls/tls.crt', key_file: '/etc/pika/tls/tls.key' } });
    expect(statefulSet.spec.template.spec.volumes).toContainEqual({
      name: 'tls',
      secret: { secretName: 'pika-tls', items: [{ key: 'cert.pem', path: 'tls.crt' }, { key: 'key.pem', path: 'tls.key' }] },
    });
    expect(serverContainer(objects).volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/pika/tls', readOnly: true });
    expect(serverContainer(objects).livenessProbe.httpGet.scheme).toBe('HTTPS');
  });

  test('log level', () => {
    expect(pikaYaml(synthPika({ logLevel: LogLevel.DEBUG })).log_level).toBe('debug');
  });
});

describe('clustering options', () => {
  test('port, domain and tuning knobs render as Go durations', () => {
    const objects = synthPika({
      clusterDomain: 'example.internal',
      clustering: {
        port: 5001,
        refreshInterval: Duration.seconds(90),
        heartbeatInterval: Duration.millis(2500),
        heartbeatTimeout: Duration.seconds(10),
        syncInterval: Duration.hours(1),
        forwardTimeout: Duration.seconds(45),
        lockKey: 'my-leader',
      },
    });
    expect(pikaYaml(objects).cluster).toEqual({
      enabled: true,
      dns_addr: 'pika-cluster.pika.svc.example.internal',
      replicas: 3,
      port: 5001,
      refresh_interval: '1m30s',
      heartbeat_interval: '2s500ms',
      heartbeat_timeout: '10s',
      sync_interval: '1h',
      forward_timeout: '45s',
      lock_key: 'my-leader',
    });
    expect(serverContainer(objects).ports).toContainEqual({ name: 'cluster', containerPort: 5001, protocol: 'UDP' });
    expect(findObject(objects, 'Service', 'pika-cluster').spec.ports).toEqual([{ name: 'cluster', port: 5001, targetPort: 'cluster', protocol: 'UDP' }]);
  });
});

describe('the security key', () => {
  test('from an existing Secret of your choice', () => {
    const objects = synthPika({ securityKey: PikaSecurityKey.fromSecret('peer-key', 'psk') });
    expect(serverContainer(objects).env[0]).toEqual({ name: 'PIKA_CLUSTER_SECURITY_KEY', valueFrom: { secretKeyRef: { name: 'peer-key', key: 'psk' } } });
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('from a literal: rendered into the Secret pika-cluster and referenced, never inlined', () => {
    const key = 'k'.repeat(40);
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika', { securityKey: PikaSecurityKey.fromLiteral(key) });
    const objects = Testing.synth(chart);
    const secret = findObject(objects, 'Secret', 'pika-cluster');
    expect(secret.type).toBe('Opaque');
    expect(Buffer.from(secret.data.security_key, 'base64').toString()).toBe(key);
    expect(serverContainer(objects).env[0].valueFrom.secretKeyRef).toEqual({ name: 'pika-cluster', key: 'security_key' });
    expect(JSON.stringify(findObject(objects, 'ConfigMap', 'pika'))).not.toContain(key);
    expect(JSON.stringify(findObject(objects, 'StatefulSet', 'pika'))).not.toContain(key);
    expect(pika.securityKeySecret?.name).toBe('pika-cluster');
  });
});

describe('endpoints, telemetry and env', () => {
  test('endpoints become named container and Service ports', () => {
    const objects = synthPika({ endpoints: [{ name: 'public', port: 9090 }, { name: 'consul', port: 9091 }] });
    expect(serverContainer(objects).ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'public', containerPort: 9090, protocol: 'TCP' },
      { name: 'consul', containerPort: 9091, protocol: 'TCP' },
      { name: 'cluster', containerPort: 5000, protocol: 'UDP' },
    ]);
    expect(findObject(objects, 'Service', 'pika').spec.ports.map((p: Manifest) => [p.name, p.port, p.targetPort])).toEqual([
      ['http', 8080, 'http'], ['public', 9090, 'public'], ['consul', 9091, 'consul'],
    ]);
  });

  test('telemetry goes through the env vars Pika reads; the service name defaults to the cluster name', () => {
    const env = serverContainer(synthPika({ name: 'config', telemetry: { collector: 'otel.observability.svc:4317' } })).env;
    expect(env).toContainEqual({ name: 'PIKA_TELEMETRY_COLLECTOR', value: 'otel.observability.svc:4317' });
    expect(env).toContainEqual({ name: 'OTEL_SERVICE_NAME', value: 'config' });
  });

  test('extra env is added after the rendered variables, sorted by name, references kept', () => {
    const chart = Testing.chart();
    const token = Secret.fromSecretName(chart, 'Token', 'proxy-token');
    new PikaCluster(chart, 'pika', {
      env: {
        TZ: EnvValue.fromValue('UTC'),
        HTTPS_PROXY_TOKEN: EnvValue.fromSecretValue({ secret: token, key: 'token' }),
      },
    });
    const env = serverContainer(Testing.synth(chart)).env;
    expect(env.map((e: Manifest) => e.name)).toEqual(['PIKA_CLUSTER_SECURITY_KEY', 'HTTPS_PROXY_TOKEN', 'TZ']);
    expect(env[1]).toEqual({ name: 'HTTPS_PROXY_TOKEN', valueFrom: { secretKeyRef: { name: 'proxy-token', key: 'token' } } });
  });
});

describe('the NetworkPolicy', () => {
  test('admits peers only from Pika\'s pods and HTTP from anywhere by default', () => {
    const policy = findObject(synthPika({ networkPolicy: {}, endpoints: [{ name: 'public', port: 9090 }] }), 'NetworkPolicy', 'pika');
    const ownPods = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'pika' } } };
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'pika' } },
      policyTypes: ['Ingress'],
      ingress: [
        { ports: [{ port: 5000, protocol: 'UDP' }], from: [ownPods] },
        { ports: [{ port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }] },
      ],
    });
  });

  test('limits HTTP to the given peers and Pika\'s own pods', () => {
    const policy = findObject(synthPika({
      networkPolicy: {
        httpFrom: [
          NetworkPeer.namespaceNamed('gateway'),
          NetworkPeer.podsInNamespace('apps', { app: 'web' }),
          NetworkPeer.namespacesWithLabels({ tier: 'frontend' }),
          NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16']),
        ],
      },
    }), 'NetworkPolicy', 'pika');
    expect(policy.spec.ingress[1].from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'pika' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } }, podSelector: { matchLabels: { app: 'web' } } },
      { namespaceSelector: { matchLabels: { tier: 'frontend' } } },
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
    ]);
  });
});

describe('raw config and rollouts', () => {
  test('raw config deep-merges over the rendered keys', () => {
    const config = pikaYaml(synthPika({ config: { server: { limits: { request_body_mb: 64 } }, audit: { retention: '720h' } } }));
    expect(config.server).toEqual({ port: '8080', tls: { enabled: false }, limits: { request_body_mb: 64 } });
    expect(config.audit).toEqual({ retention: '720h' });
  });

  test('the config checksum is stable for the same props and changes with the config', () => {
    expect(checksum(synthPika())).toBe(checksum(synthPika()));
    expect(checksum(synthPika({ logLevel: LogLevel.DEBUG }))).not.toBe(checksum(synthPika()));
  });

  test('the checksum follows a patch of the ConfigMap', () => {
    const patched = synthPika({}, (pika) => pika.configMap.addJsonPatch(JsonPatch.replace('/data/pika.yaml',
      pika.configMap.toJson().data['pika.yaml'].replace('log_level: info', 'log_level: warn'))));
    expect(checksum(patched)).not.toBe(checksum(synthPika()));
    expect(checksum(patched)).toBe(checksum(synthPika({ logLevel: LogLevel.WARN })));
  });

  test('rolloutOnConfigChange: false drops the checksum', () => {
    const template = findObject(synthPika({ rolloutOnConfigChange: false }), 'StatefulSet', 'pika').spec.template;
    expect(template.metadata.annotations).toBeUndefined();
  });
});

describe('image pull secrets', () => {
  test('reach the pod spec, in order', () => {
    const podSpec = findObject(synthPika({ imagePullSecrets: ['registry-a', 'registry-b'] }), 'StatefulSet', 'pika').spec.template.spec;
    expect(podSpec.imagePullSecrets).toEqual([{ name: 'registry-a' }, { name: 'registry-b' }]);
    expect(findObject(synthPika({}), 'StatefulSet', 'pika').spec.template.spec.imagePullSecrets).toBeUndefined();
  });
});
