import { k8s } from 'cdk8s-plus-28';
import { checkDnsSubdomain, checkLabels } from './kubernetes-formats';
import { Problem } from './problems';

/** Where the server's pods may run and how they spread. */
export interface SchedulingOptions {
  /**
   * Only schedule on nodes with these labels.
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations for tainted nodes.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
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

export interface ResolvedScheduling {
  readonly nodeSelector?: { [key: string]: string };
  readonly tolerations?: k8s.Toleration[];
  readonly priorityClassName?: string;
  readonly spreadAcrossNodes: boolean;
  readonly spreadAcrossZones: boolean;
}

export function resolveScheduling(options: SchedulingOptions = {}): ResolvedScheduling {
  return {
    ...options,
    spreadAcrossNodes: options.spreadAcrossNodes ?? true,
    spreadAcrossZones: options.spreadAcrossZones ?? true,
  };
}

export function checkScheduling(scheduling: ResolvedScheduling): Problem[] {
  const problems = checkLabels('scheduling.nodeSelector', scheduling.nodeSelector ?? {});
  if (scheduling.priorityClassName !== undefined) {
    const problem = checkDnsSubdomain('scheduling.priorityClassName', scheduling.priorityClassName, 'high-priority');
    if (problem) {
      problems.push(problem);
    }
  }
  return problems;
}

/** Soft anti-affinity: prefer not to put two members of the same cluster on one node. */
export function nodeAntiAffinity(scheduling: ResolvedScheduling, selectorLabels: { [key: string]: string }): k8s.Affinity | undefined {
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
