import { ApiObject, Chart, Testing } from 'cdk8s';
import { DisruptionBudget, PikaCluster } from '../../lib';
import { parseConfigYaml } from '../../lib/common/config-document';
import { captureWarnings, findObject, kindsAndNames, serverContainer, synthPika, withWarnings } from '../support/synth';

describe('PikaCluster with no props', () => {
  const objects = synthPika();
  const statefulSet = findObject(objects, 'StatefulSet', 'pika');
  const podSpec = statefulSet.spec.template.spec;
  const container = serverContainer(objects);
  const config = parseConfigYaml(findObject(objects, 'ConfigMap', 'pika').data['pika.yaml'])!;

  test('matches the reviewed snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('creates the objects of upstream\'s bundle, minus the placeholder Secret, plus a PodDisruptionBudget', () => {
    expect(kindsAndNames(objects)).toEqual([
      'Namespace/pika',
      'ServiceAccount/pika',
      'ConfigMap/pika',
      'Service/pika-cluster',
      'Service/pika',
      'StatefulSet/pika',
      'PodDisruptionBudget/pika',
    ]);
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'pika')).toBe(true);
  });

  test('runs three members that agree with the config on count and discovery name', () => {
    expect(statefulSet.spec.replicas).toBe(3);
    expect(config.cluster).toEqual({
      enabled: true,
      dns_addr: 'pika-cluster.pika.svc.cluster.local',
      replicas: 3,
      port: 5000,
    });
    expect(statefulSet.spec.serviceName).toBe('pika-cluster');
  });

  test('renders pika.yaml for a Kubernetes deployment: plain HTTP on 8080, data on the claim, no secrets', () => {
    expect(config).toEqual({
      log_level: 'info',
      server: { port: '8080', tls: { enabled: false } },
      storage: { bw: { path: '/data/pika' } },
      cluster: expect.any(Object),
    });
  });

  test('reads the pre-shared key from the existing Secret pika-cluster, never from a literal', () => {
    expect(container.env).toEqual([{
      name: 'PIKA_CLUSTER_SECURITY_KEY',
      valueFrom: { secretKeyRef: { name: 'pika-cluster', key: 'security_key' } },
    }]);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('pins a released image and pulls it only when missing', () => {
    expect(container.image).toBe('ghcr.io/rakunlabs/pika:v0.3.0');
    expect(container.image).toBe(PikaCluster.DEFAULT_IMAGE);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  test('keeps upstream\'s resources', () => {
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } });
  });

  test('meets the "restricted" Pod Security Standard with an explicit non-root identity', () => {
    expect(podSpec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(podSpec.volumes).toContainEqual({ name: 'tmp', emptyDir: {} });
  });

  test('mounts no service-account token and disables service links', () => {
    expect(podSpec.automountServiceAccountToken).toBe(false);
    expect(findObject(objects, 'ServiceAccount', 'pika').automountServiceAccountToken).toBe(false);
    expect(podSpec.enableServiceLinks).toBe(false);
  });

  test('rolls out one member at a time, in order, with upstream\'s grace period', () => {
    expect(statefulSet.spec.podManagementPolicy).toBe('OrderedReady');
    expect(statefulSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(podSpec.terminationGracePeriodSeconds).toBe(30);
  });

  test('keeps each member\'s 1Gi claim when the StatefulSet is deleted or scaled down', () => {
    expect(statefulSet.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }]);
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('spreads members over nodes (soft) and zones', () => {
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'pika' } };
    expect(podSpec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
      { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: selector } },
    ]);
    expect(podSpec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
    ]);
  });

  test('keeps a quorum through voluntary disruptions', () => {
    const pdb = findObject(objects, 'PodDisruptionBudget', 'pika');
    expect(pdb.spec).toEqual({ minAvailable: 2, selector: { matchLabels: { 'app.kubernetes.io/name': 'pika' } } });
  });

  test('annotates pods with a checksum of pika.yaml', () => {
    expect(statefulSet.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('selects pods by upstream\'s label only and puts the recommended labels on top', () => {
    expect(statefulSet.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'pika' } });
    expect(statefulSet.spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'pika',
      'app.kubernetes.io/instance': 'pika',
      'app.kubernetes.io/component': 'config-server',
      'app.kubernetes.io/managed-by': 'cdk8s-pika-piko',
      'app.kubernetes.io/version': 'v0.3.0',
    });
  });

  test('renders no NetworkPolicy unless asked', () => {
    expect(objects.some((o) => o.kind === 'NetworkPolicy')).toBe(false);
  });
});

describe('PikaCluster as a construct', () => {
  test('exposes the values other apps need to reach it', () => {
    const pika = new PikaCluster(Testing.chart(), 'pika');
    expect(pika.adminUrl).toBe('http://pika.pika.svc.cluster.local:8080');
    expect(pika.headlessDnsName).toBe('pika-cluster.pika.svc.cluster.local');
    expect(pika.serviceDnsName).toBe('pika.pika.svc.cluster.local');
    expect(pika.peerAddresses).toEqual([
      'pika-0.pika-cluster.pika.svc.cluster.local:5000',
      'pika-1.pika-cluster.pika.svc.cluster.local:5000',
      'pika-2.pika-cluster.pika.svc.cluster.local:5000',
    ]);
    expect(pika.quorum).toBe(2);
    expect(pika.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'pika' });
  });

  test('exposes its objects, with the StatefulSet as default child', () => {
    const pika = new PikaCluster(Testing.chart(), 'pika');
    expect(ApiObject.of(pika)).toBe(pika.statefulSet);
    expect(pika.configMap.name).toBe('pika');
    expect(pika.headlessService.name).toBe('pika-cluster');
    expect(pika.service.name).toBe('pika');
    expect(pika.podDisruptionBudget?.name).toBe('pika');
    expect(pika.securityKeySecret).toBeUndefined();
  });

  test('keeps child ids stable, since they are part of the API', () => {
    const pika = new PikaCluster(Testing.chart(), 'pika');
    expect(pika.node.children.map((c) => c.node.id)).toEqual([
      'Namespace', 'ServiceAccount', 'Config', 'HeadlessService', 'Service', 'StatefulSet', 'DisruptionBudget',
    ]);
  });

  test('uses the chart\'s namespace when no namespace prop is given', () => {
    const chart = new Chart(Testing.app(), 'infra', { namespace: 'platform' });
    const pika = new PikaCluster(chart, 'pika');
    expect(pika.namespace).toBe('platform');
    expect(pika.headlessDnsName).toBe('pika-cluster.platform.svc.cluster.local');
  });

  test('the budget keeps the quorum, which follows the member count', () => {
    const budget = (replicas: number) => findObject(synthPika({ replicas }), 'PodDisruptionBudget', 'pika').spec;
    // Four members warn that they tolerate no more losses than three (checked with the replica rules).
    const { result: minAvailable, warnings } = withWarnings(() => [3, 4, 5, 7].map((n) => budget(n).minAvailable));
    expect(minAvailable).toEqual([2, 3, 3, 4]);
    expect(warnings).toEqual([expect.stringContaining('StatefulSet "pika" spec.replicas is even: 4 members')]);
  });

  test.each([1, 2])('with %i members, where no eviction keeps a quorum, the budget allows one and the synth says why', (replicas) => {
    const { result: objects, warnings } = withWarnings(() => synthPika({ replicas }));
    const budget = findObject(objects, 'PodDisruptionBudget', 'pika').spec;
    expect(budget).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'pika' } } });
    expect(warnings).toContain(
      `[test/pika] warning: PikaCluster PodDisruptionBudget "pika" spec lets a node drain evict one of ${replicas} members, which loses the quorum of ${replicas}: writes stop until the member is back (a budget that kept the quorum would make every drain wait forever) (found {"maxUnavailable":1}). Fix: run 3 or 5 members to drain nodes without losing writes`,
    );
    expect(captureWarnings(() => synthPika({ replicas, disruptionBudget: DisruptionBudget.none() }))
      .filter((w) => w.includes('PodDisruptionBudget'))).toEqual([]);
  });
});
