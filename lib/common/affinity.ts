import { k8s } from 'cdk8s-plus-28';
import { listOf, Manifest } from './manifest-view';
import { Problem } from './problems';

// The user's affinity is merged with the construct's soft spread over nodes instead of replacing
// it: node and pod affinity are the user's, and the user's anti-affinity terms are added to the
// construct's. Turning the spread off is its own prop (spreadAcrossNodes), never a side effect.

/** The construct's anti-affinity (if any) with the user's affinity merged in. */
export function mergeAffinity(own: k8s.Affinity | undefined, user: k8s.Affinity | undefined): k8s.Affinity | undefined {
  if (user === undefined) {
    return own;
  }
  const ownPreferred = own?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const userAnti = user.podAntiAffinity;
  const preferred = [...ownPreferred, ...userAnti?.preferredDuringSchedulingIgnoredDuringExecution ?? []];
  const required = userAnti?.requiredDuringSchedulingIgnoredDuringExecution;
  const podAntiAffinity = preferred.length > 0 || required !== undefined ? {
    preferredDuringSchedulingIgnoredDuringExecution: preferred.length > 0 ? preferred : undefined,
    requiredDuringSchedulingIgnoredDuringExecution: required,
  } : undefined;
  return { nodeAffinity: user.nodeAffinity, podAffinity: user.podAffinity, podAntiAffinity };
}

/** What the API server refuses in an affinity: weights outside 1-100, pod terms without a topology key, an empty node selector. */
export function checkAffinity(setting: string, affinity: k8s.Affinity | undefined): Problem[] {
  if (affinity === undefined) {
    return [];
  }
  const problems: Problem[] = [];
  const node: Manifest = (affinity as Manifest).nodeAffinity ?? {};
  const required = node.requiredDuringSchedulingIgnoredDuringExecution;
  if (required !== undefined && listOf(required.nodeSelectorTerms).length === 0) {
    problems.push({
      setting: `${setting}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`,
      rule: 'must hold at least one term: Kubernetes refuses an empty required node selector',
      found: required.nodeSelectorTerms,
      fix: 'add a term with matchExpressions, or leave the required node affinity out',
    });
  }
  problems.push(...listOf(node.preferredDuringSchedulingIgnoredDuringExecution)
    .flatMap((term, i) => checkWeight(`${setting}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}].weight`, term.weight)));
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const terms: Manifest = (affinity as Manifest)[kind] ?? {};
    const path = `${setting}.${kind}`;
    listOf(terms.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      problems.push(...checkTopologyKey(`${path}.requiredDuringSchedulingIgnoredDuringExecution[${i}].topologyKey`, term.topologyKey));
    });
    listOf(terms.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      const where = `${path}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      problems.push(...checkWeight(`${where}.weight`, term.weight));
      problems.push(...checkTopologyKey(`${where}.podAffinityTerm.topologyKey`, term.podAffinityTerm?.topologyKey));
    });
  }
  return problems;
}

function checkWeight(setting: string, weight: unknown): Problem[] {
  return Number.isInteger(weight) && (weight as number) >= 1 && (weight as number) <= 100 ? [] : [{
    setting, rule: 'must be a whole number from 1 to 100', found: weight, fix: 'use e.g. 50; the construct\'s own spread has weight 100',
  }];
}

function checkTopologyKey(setting: string, key: unknown): Problem[] {
  return typeof key === 'string' && key !== '' ? [] : [{
    setting, rule: 'must be set: a pod (anti-)affinity term applies within a topology domain', found: key, fix: 'use e.g. "kubernetes.io/hostname" or "topology.kubernetes.io/zone"',
  }];
}
