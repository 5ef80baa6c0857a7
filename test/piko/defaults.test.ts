import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { PikaCluster, PikoCluster } from '../../lib';
import { parseConfigYaml } from '../../lib/common/config-document';
import { PIKO_VERSION } from '../../lib/piko/version';
import { findObject, kindsAndNames, serverContainer, synthPiko } from '../support/synth';

describe('PikoCluster with no props', () => {
  const objects = synthPiko();
  const statefulSet = findObject(objects, 'StatefulSet', 'piko');
  const podSpec = statefulSet.spec.template.spec;
  const container = serverContainer(objects);
  const config = parseConfigYaml(findObject(objects, 'ConfigMap', 'piko').data['server.yaml'])!;
  const selector = { 'app.kubernetes.io/name': 'piko', 'app.kubernetes.io/instance': 'piko' };

  test('matches the reviewed snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('creates the chart\'s objects plus client Services and a PodDisruptionBudget', () => {
    expect(kindsAndNames(objects)).toEqual([
      'Namespace/piko', 'ServiceAccount/piko', 'ConfigMap/piko', 'Service/piko', 'Service/piko-proxy', 'Service/piko-upstream',
      'StatefulSet/piko', 'PodDisruptionBudget/piko',
    ]);
  });

  test('runs three nodes of the pinned image', () => {
    expect(statefulSet.spec.replicas).toBe(3);
    expect(container.image).toBe('ghcr.io/andydunstall/piko:v0.10.0');
    expect(container.image).toBe(PikoCluster.DEFAULT_IMAGE);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  test('the end-to-end suite builds the Piko release the default image runs', () => {
    const script = fs.readFileSync(path.join(__dirname, '..', '..', 'e2e', 'build-piko.sh'), 'utf8');
    expect(/^PIKO_VERSION=(\S+)$/m.exec(script)?.[1]).toBe(PIKO_VERSION);
    expect(PikoCluster.DEFAULT_IMAGE).toBe(`ghcr.io/andydunstall/piko:${PIKO_VERSION}`);
  });

  test('renders server.yaml with every port, pod-IP advertise addresses, a prefixed node ID and a namespace-safe join', () => {
    expect(config).toEqual({
      proxy: { bind_addr: ':8000', advertise_addr: '${POD_IP}:8000' },
      upstream: { bind_addr: ':8001' },
      admin: { bind_addr: ':8002', advertise_addr: '${POD_IP}:8002' },
      cluster: {
        node_id_prefix: '${POD_NAME}-',
        join: ['piko.piko.svc.cluster.local'],
        gossip: { bind_addr: ':8003', advertise_addr: '${POD_IP}:8003' },
      },
      log: { level: 'info' },
      grace_period: '1m',
    });
  });

  test('quotes every ${VAR} reference, so the expanded value cannot break the YAML', () => {
    const text: string = findObject(objects, 'ConfigMap', 'piko').data['server.yaml'];
    expect(text).toContain('node_id_prefix: "${POD_NAME}-"');
    expect(text).toContain('advertise_addr: "${POD_IP}:8000"');
  });

  test('starts the server on the mounted config with env expansion, POD_NAME and POD_IP from the downward API', () => {
    expect(container.args).toEqual(['server', '--config.path', '/config/server.yaml', '--config.expand-env']);
    expect(container.env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ]);
    expect(container.volumeMounts).toContainEqual({ name: 'config', mountPath: '/config', readOnly: true });
    expect(podSpec.volumes).toContainEqual({ name: 'config', configMap: { name: 'piko', items: [{ key: 'server.yaml', path: 'server.yaml' }] } });
  });

  test('declares the gossip port on TCP and UDP, in the container and the headless Service', () => {
    expect(container.ports).toEqual([
      { name: 'proxy', containerPort: 8000, protocol: 'TCP' },
      { name: 'upstream', containerPort: 8001, protocol: 'TCP' },
      { name: 'admin', containerPort: 8002, protocol: 'TCP' },
      { name: 'gossip', containerPort: 8003, protocol: 'TCP' },
      { name: 'gossip-udp', containerPort: 8003, protocol: 'UDP' },
    ]);
    const headless = findObject(objects, 'Service', 'piko');
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector });
    expect(headless.spec.ports.map((p: any) => `${p.name}:${p.port}/${p.protocol}`)).toEqual([
      'proxy:8000/TCP', 'upstream:8001/TCP', 'admin:8002/TCP', 'gossip:8003/TCP', 'gossip-udp:8003/UDP',
    ]);
  });

  test('exposes proxy and upstream through ClusterIP Services; admin stays internal', () => {
    expect(findObject(objects, 'Service', 'piko-proxy').spec).toEqual({
      type: 'ClusterIP', selector, ports: [{ name: 'proxy', port: 8000, targetPort: 'proxy', protocol: 'TCP' }],
    });
    expect(findObject(objects, 'Service', 'piko-upstream').spec).toEqual({
      type: 'ClusterIP', selector, ports: [{ name: 'upstream', port: 8001, targetPort: 'upstream', protocol: 'TCP' }],
    });
  });

  test('probes /ready and /health on the admin port', () => {
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'admin', scheme: 'HTTP' }, periodSeconds: 5 });
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/health', port: 'admin', scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10 });
  });

  test('gives Piko\'s 1m grace period 15s of headroom before SIGKILL', () => {
    expect(config.grace_period).toBe('1m');
    expect(podSpec.terminationGracePeriodSeconds).toBe(75);
  });

  test('keeps the docs\' resources, requests equal to limits', () => {
    const amounts = { 'cpu': '250m', 'memory': '1Gi', 'ephemeral-storage': '1Gi' };
    expect(container.resources).toEqual({ requests: amounts, limits: amounts });
  });

  test('runs hardened: non-root ids, no token, no service links, read-only root', () => {
    expect(podSpec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(podSpec.automountServiceAccountToken).toBe(false);
    expect(podSpec.enableServiceLinks).toBe(false);
  });

  test('lets one node at a time go in a voluntary disruption and spreads nodes', () => {
    expect(findObject(objects, 'PodDisruptionBudget', 'piko').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector } });
    expect(podSpec.affinity.podAntiAffinity).toBeDefined();
    expect(podSpec.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
  });

  test('selects pods with the Helm chart\'s labels and rolls them when server.yaml changes', () => {
    expect(statefulSet.spec.selector).toEqual({ matchLabels: selector });
    expect(statefulSet.spec.serviceName).toBe('piko');
    expect(statefulSet.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('PikoCluster as a construct', () => {
  test('exposes the in-cluster URLs', () => {
    const piko = new PikoCluster(Testing.chart(), 'piko');
    expect(piko.proxyUrl).toBe('http://piko-proxy.piko.svc.cluster.local:8000');
    expect(piko.upstreamUrl).toBe('http://piko-upstream.piko.svc.cluster.local:8001');
    expect(piko.adminUrl).toBe('http://piko.piko.svc.cluster.local:8002');
    expect(piko.headlessDnsName).toBe('piko.piko.svc.cluster.local');
    expect([piko.proxyPort, piko.upstreamPort, piko.adminPort, piko.gossipPort]).toEqual([8000, 8001, 8002, 8003]);
  });

  test('exposes its objects, with the StatefulSet as default child and stable child ids', () => {
    const piko = new PikoCluster(Testing.chart(), 'piko');
    expect(ApiObject.of(piko)).toBe(piko.statefulSet);
    expect(piko.node.children.map((c) => c.node.id)).toEqual([
      'Namespace', 'ServiceAccount', 'Config', 'HeadlessService', 'ProxyService', 'UpstreamService', 'StatefulSet', 'DisruptionBudget',
    ]);
    expect([piko.headlessService.name, piko.proxyService.name, piko.upstreamService.name]).toEqual(['piko', 'piko-proxy', 'piko-upstream']);
  });

  test('uses the chart\'s namespace when no namespace prop is given', () => {
    const piko = new PikoCluster(new Chart(Testing.app(), 'edge', { namespace: 'edge' }), 'piko');
    expect(piko.headlessDnsName).toBe('piko.edge.svc.cluster.local');
  });

  test('Pika and Piko live side by side in one chart', () => {
    const chart = Testing.chart();
    new PikaCluster(chart, 'pika');
    new PikoCluster(chart, 'piko');
    expect(() => Testing.synth(chart)).not.toThrow();
  });
});
