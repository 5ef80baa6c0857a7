import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { parseConfigYaml } from '../../lib/common/config-document';
import { Manifest, synthPika } from '../support/synth';

// PikaCluster with no props against upstream's Kustomize bundle (test/fixtures/pika-upstream.yaml).
// Every field upstream sets must be equal in our output or be listed below as a deliberate
// difference with its reason; every field we add must fall under a listed addition. What
// Kubernetes will not change in place (StatefulSet name, selector, serviceName, claim template
// names and access modes) and the wire-level facts are never allowed to differ.

const upstream: Manifest[] = YAML.parseAllDocuments(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'pika-upstream.yaml'), 'utf8'))
  .map((document) => document.toJSON());
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

type Leaves = Map<string, unknown>;

/** Flattens an object to leaf paths; list elements are keyed by their name where they have one. */
function leaves(value: unknown, prefix: string, into: Leaves = new Map()): Leaves {
  if (Array.isArray(value)) {
    value.forEach((element, index) => {
      const key = element?.name ?? element?.metadata?.name ?? index;
      leaves(element, `${prefix}[${key}]`, into);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      leaves(child, prefix === '' ? key : `${prefix}.${key}`, into);
    }
  } else {
    into.set(prefix, value);
  }
  return into;
}

/** Every leaf of every object, keyed `Kind/name path`, with pika.yaml parsed into its keys. */
function allLeaves(objects: Manifest[]): Leaves {
  const all: Leaves = new Map();
  for (const object of objects) {
    const { apiVersion, kind, ...rest } = object;
    if (kind === 'ConfigMap') {
      rest.data = { 'pika.yaml': parseConfigYaml(rest.data['pika.yaml']) };
    }
    for (const [leaf, value] of leaves(rest, '')) {
      all.set(`${kind}/${object.metadata.name} ${leaf}`, value);
    }
    all.set(`${kind}/${object.metadata.name} apiVersion`, apiVersion);
  }
  return all;
}

/** Quantities compare by value: upstream writes `cpu: 1`, we write `cpu: "1"`. */
function sameValue(leaf: string, a: unknown, b: unknown): boolean {
  return a === b || (leaf.includes('.resources.') && String(a) === String(b));
}

function listed(leaf: string, table: { [key: string]: string }): boolean {
  return Object.keys(table).some((key) => {
    const [object, prefix] = key.split(' ');
    const [leafObject, leafPath] = leaf.split(' ');
    const objectMatches = object === '*' || object === leafObject;
    return objectMatches && (prefix === undefined || prefix === '*' || leafPath === prefix || leafPath.startsWith(`${prefix}.`) || leafPath.startsWith(`${prefix}[`));
  });
}

const upstreamLeaves = allLeaves(upstream);
const ourLeaves = allLeaves(ours);

describe('parity with upstream\'s Kustomize bundle', () => {
  test('every upstream field is equal in our output, or a listed difference', () => {
    const unexplained = [...upstreamLeaves]
      .filter(([leaf, value]) => !sameValue(leaf, value, ourLeaves.get(leaf)) && !listed(leaf, DIFFERENCES))
      .map(([leaf, value]) => `${leaf}: upstream ${JSON.stringify(value)}, ours ${JSON.stringify(ourLeaves.get(leaf))}`);
    expect(unexplained).toEqual([]);
  });

  test('every field we add is a listed addition', () => {
    const unexplained = [...ourLeaves.keys()].filter((leaf) => !upstreamLeaves.has(leaf) && !listed(leaf, ADDITIONS));
    expect(unexplained).toEqual([]);
  });

  test('every listed difference still differs, so the list stays true', () => {
    const stale = Object.keys(DIFFERENCES)
      .filter((key) => !key.endsWith(' *'))
      .filter((key) => sameValue(key, upstreamLeaves.get(key), ourLeaves.get(key)));
    expect(stale).toEqual([]);
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
