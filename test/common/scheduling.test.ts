import { k8s } from 'cdk8s-plus-28';
import { PikaClusterProps, PikoClusterProps } from '../../lib';
import { Manifest, pikaPropsError, pikoPropsError, synthPika, synthPiko } from '../support/synth';

// scheduling.affinity, scheduling.runtimeClassName and the toleration rules, the same on both clusters.

type Props = PikaClusterProps & PikoClusterProps;
const clusters = [
  ['PikaCluster', (props: Props) => synthPika(props), (props: Props) => pikaPropsError(props), 'pika'],
  ['PikoCluster', (props: Props) => synthPiko(props), (props: Props) => pikoPropsError(props), 'piko'],
] as const;

const NODE_AFFINITY: k8s.NodeAffinity = {
  requiredDuringSchedulingIgnoredDuringExecution: {
    nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.large'] }] }],
  },
};

describe.each(clusters)('%s scheduling', (kind, synth, propsError, name) => {
  const podSpec = (props: Props): Manifest => synth(props).find((o) => o.kind === 'StatefulSet')!.spec.template.spec;
  const expectRejected = (props: Props, line: string) => expect(propsError(props)).toContain(`[test/${name}] ${kind} ${line}`);

  test('affinity is merged with the construct\'s spread, which it does not replace', () => {
    const ownTerm = podSpec({}).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0];
    const userTerm = { weight: 50, podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'other' } } } };
    const required = [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'noisy' } } }];
    const affinity = podSpec({
      scheduling: {
        affinity: {
          nodeAffinity: NODE_AFFINITY,
          podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [userTerm] },
          podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [userTerm], requiredDuringSchedulingIgnoredDuringExecution: required },
        },
      },
    }).affinity;
    expect(affinity.nodeAffinity).toEqual(NODE_AFFINITY);
    expect(affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([userTerm]);
    expect(affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([ownTerm, userTerm]);
    expect(affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual(required);
  });

  test('with spreadAcrossNodes off, only the user\'s affinity', () => {
    const affinity = podSpec({ scheduling: { spreadAcrossNodes: false, affinity: { nodeAffinity: NODE_AFFINITY } } }).affinity;
    expect(affinity).toEqual({ nodeAffinity: NODE_AFFINITY });
  });

  test('affinity the API server refuses', () => {
    expectRejected({ scheduling: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } } },
      'scheduling.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms must hold at least one term: Kubernetes refuses an empty required node selector');
    expectRejected({ scheduling: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: '' } }] } } } },
      'scheduling.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight must be a whole number from 1 to 100 (found 0)');
    expectRejected({ scheduling: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: '' } }] } } } },
      'scheduling.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey must be set: a pod (anti-)affinity term applies within a topology domain');
    expectRejected({ scheduling: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '' }] } } } },
      'scheduling.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey must be set');
    const heavy = [{ weight: 101, preference: {} }];
    expectRejected({ scheduling: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: heavy } } } },
      'scheduling.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight must be a whole number from 1 to 100 (found 101)');
  });

  test('runtimeClassName is rendered and must be a DNS subdomain', () => {
    expect(podSpec({ scheduling: { runtimeClassName: 'gvisor' } }).runtimeClassName).toBe('gvisor');
    expect(podSpec({}).runtimeClassName).toBeUndefined();
    expectRejected({ scheduling: { runtimeClassName: 'gVisor' } }, 'scheduling.runtimeClassName must be a DNS-1123 subdomain');
  });

  test('tolerations the API server accepts render as given', () => {
    const tolerations = [
      { key: 'dedicated', operator: 'Equal', value: 'stateful', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      { operator: 'Exists' },
    ];
    expect(podSpec({ scheduling: { tolerations } }).tolerations).toEqual(tolerations);
  });

  test.each([
    [{ key: 'dedicated', operator: 'exists' }, 'scheduling.tolerations[0].operator must be "Exists" or "Equal" (or unset, which is Equal) (found "exists")'],
    [{ key: 'dedicated', operator: 'Exists', effect: 'NoExcute' }, 'scheduling.tolerations[0].effect must be "NoSchedule", "PreferNoSchedule" or "NoExecute" (or unset for all three) (found "NoExcute")'],
    [{ key: 'dedicated', operator: 'Exists', value: 'x' }, 'scheduling.tolerations[0].value must be empty with operator "Exists": it matches any value (found "x")'],
    [{ key: 'dedicated', value: 'x', effect: 'NoSchedule', tolerationSeconds: 60 }, 'scheduling.tolerations[0].tolerationSeconds must only be set with effect "NoExecute"'],
    [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1.5 }, 'scheduling.tolerations[0].tolerationSeconds must be a whole number of seconds (found 1.5)'],
    [{ value: 'x' }, 'scheduling.tolerations[0].operator must be "Exists" when the key is empty: only Exists can tolerate every taint'],
    [{ key: 'bad key!', operator: 'Exists' }, 'scheduling.tolerations[0].key must be a qualified name'],
  ])('toleration %j is refused', (toleration, line) => {
    expectRejected({ scheduling: { tolerations: [toleration as k8s.Toleration] } }, line);
  });
});
