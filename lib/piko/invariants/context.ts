import { describeObject, Manifest } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { configValue, ServerCheckContext } from '../../common/server-check-context';
import { PikoEffectiveConfig } from '../effective-config';
import { CONFIG_FILE_KEY, Listener } from '../pod-layout';

/** The final objects of one PikoCluster, and what the checks derive from them. */
export interface PikoCheckContext extends ServerCheckContext {
  readonly proxyService: Manifest;
  readonly upstreamService: Manifest;
  /** The HorizontalPodAutoscaler, with the autoscaling prop. */
  readonly autoscaler?: Manifest;
  /** The cert-manager Certificates the construct renders, by listener. */
  readonly certificates: { readonly [listener in Listener]?: Manifest };
  /** What the node will use: ports, TLS and auth from server.yaml and the container's args. */
  readonly effective: PikoEffectiveConfig;
}

/** The way messages name a key of the rendered server.yaml. */
export function configSetting(context: PikoCheckContext, path: string): string {
  return `${describeObject(context.configMap)} ${CONFIG_FILE_KEY} ${path}`;
}

/** Kubernetes runs one pod when spec.replicas is absent. */
function replicasOf(context: PikoCheckContext): number {
  const value = context.statefulSet.spec?.replicas;
  return typeof value === 'number' ? value : 1;
}

/** A node count the cluster can run at, and how messages name it. */
export interface ReplicaBound {
  readonly count: number;
  /** e.g. `3 replicas`, or `5 replicas (HorizontalPodAutoscaler "piko" spec.maxReplicas)`. */
  readonly label: string;
}

/**
 * The counts the count-dependent rules are held at: the StatefulSet's own, or both ends of the
 * autoscaler's range (every such rule is monotone in the count, so what holds at both ends holds
 * in between). An end Kubernetes would refuse is left out; checkAutoscaler reports it.
 */
export function replicaBounds(context: PikoCheckContext): ReplicaBound[] {
  const autoscaler = context.autoscaler;
  if (autoscaler === undefined) {
    const count = replicasOf(context);
    return [{ count, label: `${count} replicas` }];
  }
  // Kubernetes defaults an absent minReplicas to 1.
  const ends: Array<[unknown, string]> = [[autoscaler.spec?.minReplicas ?? 1, 'minReplicas'], [autoscaler.spec?.maxReplicas, 'maxReplicas']];
  return ends
    .filter((end): end is [number, string] => Number.isInteger(end[0]) && (end[0] as number) >= 1)
    .map(([count, field]) => ({ count, label: `${count} replicas (${describeObject(autoscaler)} spec.${field})` }));
}

/**
 * Runs a count-dependent rule at every bound. A setting the rule breaks at several bounds is
 * reported once, at the first (the smallest count).
 */
export function atEveryBound(context: PikoCheckContext, rule: (bound: ReplicaBound) => Problem[]): Problem[] {
  const seen = new Set<string>();
  return replicaBounds(context).flatMap(rule).filter((problem) => {
    const fresh = !seen.has(problem.setting);
    seen.add(problem.setting);
    return fresh;
  });
}

/** The container's string args (a patch may have added others, which checkConfigLoading reports). */
export function argsOf(context: PikoCheckContext): string[] {
  const args = context.container?.args;
  return Array.isArray(args) ? args.filter((arg): arg is string => typeof arg === 'string') : [];
}

export { configValue };
