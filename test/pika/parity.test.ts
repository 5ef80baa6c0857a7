import { allLeaves, Leaves, listed, loadFixture, staleDifferences, unexplainedAdditions, unexplainedDifferences } from '../support/parity';
import { synthPika } from '../support/synth';

// PikaCluster with no props against upstream's Kustomize bundle (test/fixtures/pika-upstream.yaml).
// Every field upstream sets must be equal in our output or be listed below as a deliberate
// difference with its reason; every field we add must fall under a listed addition. What
// Kubernetes will not change in place (StatefulSet name, selector, serviceName, claim template
// names and access modes) and the wire-level facts are never allowed to differ.

const upstream = loadFixture('pika-upstream.yaml');
const ours = synthPika();

/** Upstream fields we do not reproduce, each with the reason. Keys are `Kind/name <leaf path>`. */
const DIFFERENCES: { [leaf: string]: string } = {
  'StatefulSet/pika spec.template.spec.containers[pika].image':
    'pinned to a released tag instead of latest: members pulled at different times would run different versions',
  'StatefulSet/pika spec.template.spec.containers[pika].ports[public].name':
    'port 9090 is not declared by default: nothing listens there until an Endpoint is created at runtime; declare it with endpoints',
  'StatefulSet/pika spec.template.spec.containers[pika].ports[public].containerPort': 'as above',
  'StatefulSet/pika spec.template.spec.containers[pika].ports[public].protocol': 'as above',
  'Service/pika spec.ports[public].name': 'as above',
  'Service/pika spec.ports[public].port': 'as above',
  'Service/pika spec.ports[public].targetPort': 'as above',
  'Service/pika spec.ports[public].protocol': 'as above',
  'ConfigMap/pika data.pika.yaml.server.auth.session_ttl': 'server.auth was removed from Pika\'s config at d7e7a6ca; the keys are ignored',
  'ConfigMap/pika data.pika.yaml.server.auth.cookie.secure': 'as above',
  'ConfigMap/pika data.pika.yaml.server.auth.cookie.same_site': 'as above',
  'Secret/pika-cluster *':
    'upstream ships a placeholder key; by default we reference the Secret pika-cluster you create, or render one from a literal you supply',
};

/** Fields we add, by path prefix, each with the reason. */
const ADDITIONS: { [prefix: string]: string } = {
  '* metadata.labels': 'the recommended app.kubernetes.io labels on every object (never in selectors)',
  'StatefulSet/pika spec.template.metadata.labels': 'as above, on the pods',
  'StatefulSet/pika spec.template.spec.containers[pika].lifecycle.preStop': 'a 5s pause before SIGTERM: Pika exits without draining in-flight requests, so traffic must leave first',
  'StatefulSet/pika spec.template.metadata.annotations.checksum/config': 'rolls the pods when pika.yaml changes; Pika reads it only at start',
  'ServiceAccount/pika automountServiceAccountToken': 'Pika does not call the Kubernetes API',
  'StatefulSet/pika spec.template.spec.automountServiceAccountToken': 'as above',
  'StatefulSet/pika spec.template.spec.enableServiceLinks': 'kubelet\'s PIKA_*_PORT-style variables would be read as Pika config',
  'StatefulSet/pika spec.template.spec.securityContext': 'Pod Security Standard "restricted" with an explicit uid: the image has no USER',
  'StatefulSet/pika spec.template.spec.containers[pika].securityContext': 'as above',
  'StatefulSet/pika spec.template.spec.containers[pika].volumeMounts[tmp]': 'a writable /tmp on a read-only root filesystem',
  'StatefulSet/pika spec.template.spec.volumes[tmp]': 'as above',
  'StatefulSet/pika spec.template.spec.containers[pika].imagePullPolicy': 'explicit IfNotPresent for a pinned tag',
  'StatefulSet/pika spec.template.spec.affinity': 'soft anti-affinity: losing a node loses at most one member',
  'StatefulSet/pika spec.template.spec.topologySpreadConstraints': 'spread over zones',
  'StatefulSet/pika spec.persistentVolumeClaimRetentionPolicy': 'claims (the data) are kept when the StatefulSet is deleted or scaled down',
  'Service/pika spec.type': 'explicit ClusterIP, the default upstream relies on',
  'ConfigMap/pika data.pika.yaml': 'no other key is added to pika.yaml by default (checked by the exact leaf list below)',
  'PodDisruptionBudget/pika': 'a node drain never takes the cluster below quorum',
};

const upstreamLeaves = allLeaves(upstream);
const ourLeaves = allLeaves(ours);

describe('parity with upstream\'s Kustomize bundle', () => {
  test('every upstream field is equal in our output, or a listed difference', () => {
    expect(unexplainedDifferences(upstreamLeaves, ourLeaves, DIFFERENCES)).toEqual([]);
  });

  test('every field we add is a listed addition', () => {
    expect(unexplainedAdditions(upstreamLeaves, ourLeaves, ADDITIONS)).toEqual([]);
  });

  test('every listed difference still differs, so the list stays true', () => {
    expect(staleDifferences(upstreamLeaves, ourLeaves, DIFFERENCES)).toEqual([]);
    expect(ours.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('pika.yaml gains no key by default that upstream does not set', () => {
    const configKeys = (all: Leaves) => [...all.keys()].filter((leaf) => leaf.startsWith('ConfigMap/pika data.pika.yaml.'));
    expect(configKeys(ourLeaves).filter((leaf) => !upstreamLeaves.has(leaf))).toEqual([]);
  });

  test.each([
    'StatefulSet/pika metadata.name',
    'StatefulSet/pika spec.selector.matchLabels.app.kubernetes.io/name',
    'StatefulSet/pika spec.serviceName',
    'StatefulSet/pika spec.volumeClaimTemplates[data].metadata.name',
    'StatefulSet/pika spec.volumeClaimTemplates[data].spec.accessModes[0]',
    'StatefulSet/pika spec.template.spec.containers[pika].ports[http].containerPort',
    'StatefulSet/pika spec.template.spec.containers[pika].ports[cluster].containerPort',
    'StatefulSet/pika spec.template.spec.containers[pika].ports[cluster].protocol',
    'StatefulSet/pika spec.template.spec.containers[pika].env[PIKA_CLUSTER_SECURITY_KEY].valueFrom.secretKeyRef.name',
    'StatefulSet/pika spec.template.spec.containers[pika].env[PIKA_CLUSTER_SECURITY_KEY].valueFrom.secretKeyRef.key',
    'StatefulSet/pika spec.template.spec.containers[pika].volumeMounts[config].mountPath',
    'StatefulSet/pika spec.template.spec.containers[pika].volumeMounts[config].subPath',
    'StatefulSet/pika spec.template.spec.containers[pika].volumeMounts[data].mountPath',
    'StatefulSet/pika spec.template.spec.containers[pika].livenessProbe.httpGet.path',
    'StatefulSet/pika spec.template.spec.containers[pika].readinessProbe.httpGet.path',
    'Service/pika-cluster spec.clusterIP',
    'Service/pika-cluster spec.ports[cluster].protocol',
    'ConfigMap/pika data.pika.yaml.cluster.dns_addr',
    'ConfigMap/pika data.pika.yaml.storage.bw.path',
  ])('never differs on %s', (leaf) => {
    expect(upstreamLeaves.has(leaf)).toBe(true);
    expect(ourLeaves.get(leaf)).toEqual(upstreamLeaves.get(leaf));
    expect(listed(leaf, DIFFERENCES)).toBe(false);
  });
});
