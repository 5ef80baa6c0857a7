import {
  allLeaves, listed, loadFixture, staleDifferences, unexplainedAdditions, unexplainedDifferences,
} from '../support/parity';
import { Manifest, synthPiko } from '../support/synth';

// PikoCluster with no props against the Helm chart's default rendering
// (test/fixtures/piko-helm.yaml), so a chart user can move over without deleting the StatefulSet:
// every field the chart sets must be equal or a listed difference with its reason, every field we
// add a listed addition. Then the wire-level facts against the docs' example.

const helm = allLeaves(loadFixture('piko-helm.yaml'));
const ours = allLeaves(synthPiko());

/** Chart fields we do not reproduce, each with the reason. Keys are `Kind/name <leaf path>`. */
const DIFFERENCES: { [leaf: string]: string } = {
  '* metadata.labels.helm.sh/chart': 'the chart label names a Helm chart; objects here are not Helm-managed',
  '* metadata.labels.app.kubernetes.io/managed-by': 'cdk8s-pika-piko manages them, not Helm',
  'StatefulSet/piko spec.template.metadata.labels.helm.sh/chart': 'as above, on the pods (never in the selector)',
  'StatefulSet/piko spec.template.metadata.labels.app.kubernetes.io/managed-by': 'as above',
  'ServiceAccount/piko automountServiceAccountToken': 'the chart renders null (a missing value), which mounts the token; Piko never calls the API',
  'ConfigMap/piko data.server.yaml.cluster.join[0]': 'the short name "piko" resolves only inside the namespace; the FQDN of the headless Service works from anywhere',
  'StatefulSet/piko spec.template.spec.containers[piko].image':
    'v0.10.0, the release after the chart\'s appVersion v0.9.0 (upstream bumps the chart in a commit after each tag); the end-to-end suite runs it',
  '* metadata.labels.app.kubernetes.io/version': 'the version of the image, as above',
  'StatefulSet/piko spec.template.metadata.labels.app.kubernetes.io/version': 'as above, on the pods (never in the selector)',
  'StatefulSet/piko spec.replicas': '3 nodes, as the docs run; the chart\'s 1 is a single point of failure',
  'StatefulSet/piko spec.template.spec.terminationGracePeriodSeconds':
    'grace_period (1m) + the 5s preStop pause + 10s: the chart\'s 60 equals Piko\'s grace period, so a slow shutdown is killed before the node leaves and lingers as a ghost',
};

/** Fields we add, by path prefix, each with the reason. */
const ADDITIONS: { [prefix: string]: string } = {
  '* metadata.namespace': 'objects carry their namespace explicitly (the join target names it)',
  '* metadata.labels': 'the recommended app.kubernetes.io labels (component); the selector labels are the chart\'s',
  'StatefulSet/piko spec.template.metadata.labels': 'as above, on the pods',
  'Namespace/piko': 'created unless createNamespace is false',
  'Service/piko-proxy': 'a client-facing Service for the proxy port; the chart leaves only the headless Service',
  'Service/piko-upstream': 'a client-facing Service for the upstream port (long-lived WebSockets)',
  'PodDisruptionBudget/piko': 'maxUnavailable 1: a drain takes one node at a time',
  'Service/piko spec.publishNotReadyAddresses': 'nodes must find each other before they are ready',
  'Service/piko spec.ports[gossip]': 'the gossip port, as in the docs\' Service; the chart leaves it out',
  'Service/piko spec.ports[gossip-udp]': 'gossip also uses UDP on the same port',
  'Service/piko spec.ports[proxy].targetPort': 'named target ports follow the container ports',
  'Service/piko spec.ports[upstream].targetPort': 'as above',
  'Service/piko spec.ports[admin].targetPort': 'as above',
  'StatefulSet/piko spec.template.spec.containers[piko].ports[proxy].protocol': 'explicit TCP',
  'StatefulSet/piko spec.template.spec.containers[piko].ports[upstream].protocol': 'explicit TCP',
  'StatefulSet/piko spec.template.spec.containers[piko].ports[admin].protocol': 'explicit TCP',
  'StatefulSet/piko spec.template.spec.containers[piko].ports[gossip].protocol': 'explicit TCP',
  'StatefulSet/piko spec.template.spec.containers[piko].ports[gossip-udp]': 'Piko also listens on UDP at the gossip port; the chart declares TCP only',
  'ConfigMap/piko data.server.yaml.proxy': 'bind and advertise addresses rendered from the ports prop, so ports cannot drift',
  'ConfigMap/piko data.server.yaml.upstream': 'as above',
  'ConfigMap/piko data.server.yaml.admin': 'as above',
  'ConfigMap/piko data.server.yaml.cluster.gossip': 'as above',
  'ConfigMap/piko data.server.yaml.log': 'the log level, explicit',
  'ConfigMap/piko data.server.yaml.grace_period': 'explicit, so the pod\'s grace period provably exceeds it',
  'StatefulSet/piko spec.template.spec.containers[piko].env[POD_IP]': 'advertise addresses from the downward API, not guessed from interfaces',
  'StatefulSet/piko spec.template.spec.containers[piko].readinessProbe.httpGet.scheme': 'explicit; HTTPS when admin TLS is on',
  'StatefulSet/piko spec.template.spec.containers[piko].readinessProbe.periodSeconds': 'a 5s period: a new node takes traffic sooner',
  'StatefulSet/piko spec.template.spec.containers[piko].livenessProbe': '/health on the admin port; the chart has no liveness probe',
  'StatefulSet/piko spec.template.spec.containers[piko].lifecycle.preStop': 'a 5s pause before SIGTERM: Piko turns unready and closes upstreams at once, before endpoints update',
  'StatefulSet/piko spec.template.spec.containers[piko].resources': 'the docs\' 250m CPU, 1Gi memory and ephemeral storage',
  'StatefulSet/piko spec.template.spec.containers[piko].securityContext': 'Pod Security Standard "restricted": the image has no USER and runs as root',
  'StatefulSet/piko spec.template.spec.securityContext': 'as above',
  'StatefulSet/piko spec.template.spec.containers[piko].volumeMounts[tmp]': 'a writable /tmp on a read-only root filesystem',
  'StatefulSet/piko spec.template.spec.volumes[tmp]': 'as above',
  'StatefulSet/piko spec.template.spec.automountServiceAccountToken': 'Piko never calls the Kubernetes API',
  'StatefulSet/piko spec.template.spec.enableServiceLinks': 'no <SERVICE>_PORT variables in the environment',
  'StatefulSet/piko spec.template.spec.affinity': 'soft anti-affinity: one node per Kubernetes node where possible',
  'StatefulSet/piko spec.template.spec.topologySpreadConstraints': 'spread over zones',
  'StatefulSet/piko spec.template.metadata.annotations.checksum/config': 'rolls the pods when server.yaml changes; Piko reads it only at start',
  'StatefulSet/piko spec.podManagementPolicy': 'explicit OrderedReady, Kubernetes\' default the chart relies on (immutable, so unchanged)',
  'StatefulSet/piko spec.updateStrategy': 'explicit RollingUpdate, the default the chart relies on',
};

describe('parity with the Helm chart\'s default rendering', () => {
  test('every chart field is equal in our output, or a listed difference', () => {
    expect(unexplainedDifferences(helm, ours, DIFFERENCES)).toEqual([]);
  });

  test('every field we add is a listed addition', () => {
    expect(unexplainedAdditions(helm, ours, ADDITIONS)).toEqual([]);
  });

  test('every listed difference still differs, so the list stays true', () => {
    expect(staleDifferences(helm, ours, DIFFERENCES)).toEqual([]);
  });

  test.each([
    'StatefulSet/piko metadata.name',
    'StatefulSet/piko spec.selector.matchLabels.app.kubernetes.io/name',
    'StatefulSet/piko spec.selector.matchLabels.app.kubernetes.io/instance',
    'StatefulSet/piko spec.serviceName',
    'Service/piko spec.clusterIP',
    'Service/piko spec.selector.app.kubernetes.io/instance',
    'ServiceAccount/piko metadata.name',
    'ConfigMap/piko metadata.name',
    'ConfigMap/piko data.server.yaml.cluster.node_id_prefix',
    'StatefulSet/piko spec.template.spec.containers[piko].args[0]',
    'StatefulSet/piko spec.template.spec.containers[piko].args[1]',
    'StatefulSet/piko spec.template.spec.containers[piko].args[2]',
    'StatefulSet/piko spec.template.spec.containers[piko].args[3]',
    'StatefulSet/piko spec.template.spec.containers[piko].ports[proxy].containerPort',
    'StatefulSet/piko spec.template.spec.containers[piko].ports[upstream].containerPort',
    'StatefulSet/piko spec.template.spec.containers[piko].ports[admin].containerPort',
    'StatefulSet/piko spec.template.spec.containers[piko].ports[gossip].containerPort',
    'StatefulSet/piko spec.template.spec.containers[piko].env[POD_NAME].valueFrom.fieldRef.fieldPath',
    'StatefulSet/piko spec.template.spec.containers[piko].volumeMounts[config].mountPath',
    'StatefulSet/piko spec.template.spec.containers[piko].readinessProbe.httpGet.path',
    'StatefulSet/piko spec.template.spec.containers[piko].readinessProbe.httpGet.port',
    'StatefulSet/piko spec.template.spec.volumes[config].configMap.items[0].path',
  ])('never differs on %s', (leaf) => {
    expect(helm.has(leaf)).toBe(true);
    expect(ours.get(leaf)).toEqual(helm.get(leaf));
    expect(listed(leaf, DIFFERENCES)).toBe(false);
  });
});

describe('parity with the docs\' example on the wire', () => {
  const docs = loadFixture('piko-docs.yaml');
  const docsStatefulSet = docs.find((o) => o.kind === 'StatefulSet')!;
  const docsContainer: Manifest = docsStatefulSet.spec.template.spec.containers[0];
  const ourObjects = synthPiko();
  const ourStatefulSet = ourObjects.find((o) => o.kind === 'StatefulSet')!;
  const ourContainer: Manifest = ourStatefulSet.spec.template.spec.containers[0];

  test('same replicas, args, env, config mount and resources', () => {
    expect(ourStatefulSet.spec.replicas).toBe(docsStatefulSet.spec.replicas);
    expect(ourContainer.args).toEqual(docsContainer.args);
    expect(ourContainer.env[0]).toEqual(docsContainer.env[0]);
    expect(ourContainer.volumeMounts[0]).toEqual(docsContainer.volumeMounts[0]);
    expect(ourContainer.resources).toEqual(docsContainer.resources);
  });

  test('same port names and numbers in the container and the headless Service, gossip included', () => {
    const pairs = (ports: Manifest[], field: string) => ports.filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => [p.name, p[field]]);
    expect(pairs(ourContainer.ports, 'containerPort')).toEqual(pairs(docsContainer.ports, 'containerPort'));
    const docsService = docs.find((o) => o.kind === 'Service')!;
    const ourService = ourObjects.find((o) => o.kind === 'Service' && o.metadata.name === 'piko')!;
    expect(pairs(ourService.spec.ports, 'port')).toEqual(pairs(docsService.spec.ports, 'port'));
  });

  test('the same node-ID prefix', () => {
    const config = (objects: Manifest[]) => objects.find((o) => o.kind === 'ConfigMap')!.data['server.yaml'];
    expect(config(ourObjects)).toContain('node_id_prefix: "${POD_NAME}-"');
    expect(config(docs)).toContain('node_id_prefix: ${POD_NAME}-');
  });
});
