import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { guardFactories } from './factory-arguments';
import { checkWholeNumber } from './kubernetes-formats';
import { manifestObject } from './manifest-object';
import { Manifest } from './manifest-view';
import { PodSelectingSpec } from './object-metadata';
import { Problem } from './problems';

/** A budget after the user's choice, before the server's own default is applied. */
export interface BoundDisruptionBudget {
  /** No PodDisruptionBudget at all. */
  readonly none?: boolean;
  /** Set exactly one of minAvailable and maxUnavailable, or neither for the server's default. */
  readonly minAvailable?: number;
  readonly maxUnavailable?: number;
}

/**
 * How many pods voluntary disruptions (node drains, cluster upgrades) may evict at once: the
 * cluster's PodDisruptionBudget.
 */
export class DisruptionBudget {
  /**
   * The server's own budget: Pika keeps a quorum of members (`minAvailable` = quorum; with one or
   * two members, where no eviction keeps a quorum, `maxUnavailable: 1` and a warning), Piko lets
   * one node go at a time (`maxUnavailable: 1`).
   */
  public static serverDefault(): DisruptionBudget {
    return new DisruptionBudget({});
  }

  /**
   * At most `count` pods evicted at a time.
   * @param count pods that may be down at once, at least 1
   */
  public static maxUnavailable(count: number): DisruptionBudget {
    return new DisruptionBudget({ maxUnavailable: count });
  }

  /**
   * At least `count` pods kept running; fewer than the replicas, or drains wait forever.
   * @param count pods that stay up during voluntary disruptions
   */
  public static minAvailable(count: number): DisruptionBudget {
    return new DisruptionBudget({ minAvailable: count });
  }

  /** No PodDisruptionBudget: drains may evict every pod at once. */
  public static none(): DisruptionBudget {
    return new DisruptionBudget({ none: true });
  }

  private constructor(private readonly budget: BoundDisruptionBudget) {}

  /** @internal */
  public _bind(): BoundDisruptionBudget {
    return this.budget;
  }
}
guardFactories(DisruptionBudget);

/**
 * Problems with a chosen budget for `replicas` pods: it must let a drain evict one. With an
 * autoscaler, `replicas` is its smallest count and `countSetting` the prop that sets it.
 */
export function checkDisruptionBudget(budget: BoundDisruptionBudget, replicas: number, countSetting?: string): Problem[] {
  const fix = 'use DisruptionBudget.serverDefault(), or a budget that lets at least one pod go';
  const problems = [
    budget.maxUnavailable === undefined ? undefined : checkWholeNumber('disruptionBudget maxUnavailable', budget.maxUnavailable, 1, fix),
    budget.minAvailable === undefined ? undefined : checkWholeNumber('disruptionBudget minAvailable', budget.minAvailable, 0, fix),
  ].filter((p): p is Problem => p !== undefined);
  if (problems.length === 0 && budget.minAvailable !== undefined && budget.minAvailable >= replicas) {
    problems.push({
      setting: 'disruptionBudget minAvailable',
      rule: `must be below the ${replicas} replicas${countSetting ? ` of ${countSetting}` : ''}: a budget that keeps every pod makes each node drain wait forever`,
      found: budget.minAvailable,
      fix,
    });
  }
  return problems;
}

/** Pods a PodDisruptionBudget's spec keeps up out of `replicas`, with percentages rounded as the eviction API does. */
export function guaranteedAvailable(spec: Manifest, replicas: number): number | undefined {
  const amount = (value: unknown): number | undefined => {
    if (typeof value === 'number') {
      return value;
    }
    const percent = typeof value === 'string' ? /^([0-9]+)%$/.exec(value) : null;
    return percent ? Math.ceil((Number(percent[1]) * replicas) / 100) : undefined;
  };
  if (spec.minAvailable !== undefined) {
    return amount(spec.minAvailable);
  }
  const unavailable = amount(spec.maxUnavailable);
  return unavailable === undefined ? undefined : replicas - unavailable;
}

/** How many pods a budget keeps or lets go: exactly one of the two. */
export interface DisruptionBudgetCounts {
  readonly minAvailable?: number;
  readonly maxUnavailable?: number;
}

/** The counts the user chose, or the server's own when they set neither. */
export function budgetOrServerDefault(budget: BoundDisruptionBudget, serverDefault: DisruptionBudgetCounts): DisruptionBudgetCounts {
  const chosen = budget.minAvailable !== undefined || budget.maxUnavailable !== undefined;
  return chosen ? budget : serverDefault;
}

export interface DisruptionBudgetSpec extends PodSelectingSpec, DisruptionBudgetCounts {}

/** A PodDisruptionBudget that limits voluntary evictions (node drains, cluster upgrades). */
export function buildDisruptionBudget(scope: Construct, id: string, spec: DisruptionBudgetSpec): ApiObject {
  return manifestObject(scope, id, k8s.KubePodDisruptionBudget.GVK, k8s.toJson_KubePodDisruptionBudgetProps, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      minAvailable: spec.minAvailable === undefined ? undefined : k8s.IntOrString.fromNumber(spec.minAvailable),
      maxUnavailable: spec.maxUnavailable === undefined ? undefined : k8s.IntOrString.fromNumber(spec.maxUnavailable),
      selector: { matchLabels: spec.selectorLabels },
    },
  });
}

