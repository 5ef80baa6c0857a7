import { k8s } from 'cdk8s-plus-28';
import { checkAffinity, mergeAffinity } from './affinity';
import { checkDnsSubdomain, checkLabels } from './kubernetes-formats';
import { Problem } from './problems';
import { checkTolerations } from './tolerations';

/** Where the server's pods may run and how they spread. */
export interface SchedulingOptions {
  /**
   * Only schedule on nodes with these labels.
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations for tainted nodes. Checked as the API server does: operator `Exists` or `Equal`,
   * effect `NoSchedule`, `PreferNoSchedule`, `NoExecute` or unset, no value with `Exists`,
   * `tolerationSeconds` only with `NoExecute`.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Node affinity, pod affinity and pod anti-affinity of your own. Merged with the construct's
   * spread: your anti-affinity terms are added to its soft one-pod-per-node term
   * (`spreadAcrossNodes`), never replace it.
   * @default - only the construct's spread
   */
  readonly affinity?: k8s.Affinity;
  /**
   * RuntimeClass of the pods (gVisor, Kata Containers, ...).
   * @default - the cluster's default runtime
   */
  readonly runtimeClassName?: string;
  /**
   * PriorityClass of the pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Prefer one pod per node (soft pod anti-affinity on `kubernetes.io/hostname`), so losing a
   * node loses at most one member. Soft, so small clusters still schedule every pod.
   * @default true
   */
  readonly spreadAcrossNodes?: boolean;
  /**
   * Spread pods evenly over zones (`topology.kubernetes.io/zone`, max skew 1, ScheduleAnyway).
   * @default true
   */
  readonly spreadAcrossZones?: boolean;
}

/** The scheduling props with the spread defaults applied. */
export type ResolvedScheduling = SchedulingOptions & { readonly spreadAcrossNodes: boolean; readonly spreadAcrossZones: boolean };

export function resolveScheduling(options: SchedulingOptions = {}): ResolvedScheduling {
  return {
    ...options,
    spreadAcrossNodes: options.spreadAcrossNodes ?? true,
    spreadAcrossZones: options.spreadAcrossZones ?? true,
  };
}

export function checkScheduling(scheduling: ResolvedScheduling): Problem[] {
  const problems = [
    ...checkLabels('scheduling.nodeSelector', scheduling.nodeSelector ?? {}),
    ...checkTolerations(scheduling.tolerations ?? []),
    ...checkAffinity('scheduling.affinity', scheduling.affinity),
  ];
  const names: Array<[string, string | undefined, string]> = [
    ['scheduling.priorityClassName', scheduling.priorityClassName, 'high-priority'],
    ['scheduling.runtimeClassName', scheduling.runtimeClassName, 'gvisor'],
  ];
  for (const [setting, name, example] of names) {
    const problem = name === undefined ? undefined : checkDnsSubdomain(setting, name, example);
    if (problem) {
      problems.push(problem);
    }
  }
  return problems;
}

/** The pods' affinity: the construct's spread over nodes with the user's affinity merged in. */
export function podAffinity(scheduling: ResolvedScheduling, selectorLabels: { [key: string]: string }): k8s.Affinity | undefined {
  return mergeAffinity(nodeAntiAffinity(scheduling, selectorLabels), scheduling.affinity);
}

/** Soft anti-affinity: prefer not to put two members of the same cluster on one node. */
function nodeAntiAffinity(scheduling: ResolvedScheduling, selectorLabels: { [key: string]: string }): k8s.Affinity | undefined {
  if (!scheduling.spreadAcrossNodes) {
    return undefined;
  }
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 100,
        podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selectorLabels } },
      }],
    },
  };
}

export function zoneSpread(scheduling: ResolvedScheduling, selectorLabels: { [key: string]: string }): k8s.TopologySpreadConstraint[] | undefined {
  if (!scheduling.spreadAcrossZones) {
    return undefined;
  }
  return [{
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selectorLabels },
  }];
}
