import { atEveryBound, PikoCheckContext, ReplicaBound } from './context';
import { guaranteedAvailable } from '../../common/disruption-budget';
import { checkWholeNumber } from '../../common/kubernetes-formats';
import { describeObject, listOf, Manifest, podSpecOf } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { parseQuantity } from '../../common/quantity';

// The node count after patches: the autoscaler Kubernetes would accept and could act on, and a
// disruption budget that lets a drain go on at every count the cluster can run at.

/** The autoscaler adds nodes only once use exceeds the target by more than this (Kubernetes' default tolerance). */
const SCALE_UP_TOLERANCE = 0.1;

/** The count-dependent rules of this file, and the autoscaler's own. */
export function checkReplicas(context: PikoCheckContext): Problem[] {
  return [
    ...atEveryBound(context, (bound) => checkBudgetAllowsEviction(context, bound)),
    ...context.autoscaler ? checkAutoscaler(context, context.autoscaler) : [],
  ];
}

function checkBudgetAllowsEviction(context: PikoCheckContext, bound: ReplicaBound): Problem[] {
  const budget = context.disruptionBudget;
  const kept = budget && guaranteedAvailable(budget.spec ?? {}, bound.count);
  if (budget === undefined || kept === undefined || kept < bound.count) {
    return [];
  }
  return [{
    setting: `${describeObject(budget)} spec`,
    rule: `must allow evicting a node at ${bound.label}: a budget that keeps all of them makes every node drain wait forever`,
    found: { minAvailable: budget.spec?.minAvailable, maxUnavailable: budget.spec?.maxUnavailable },
    fix: 'use DisruptionBudget.serverDefault() (maxUnavailable 1), or remove the patch',
  }];
}

function checkAutoscaler(context: PikoCheckContext, autoscaler: Manifest): Problem[] {
  const name = describeObject(autoscaler);
  const spec = autoscaler.spec ?? {};
  const minReplicas = spec.minReplicas ?? 1;
  const fix = 'set it through the autoscaling prop, and remove the patch';
  const problems: Array<Problem | undefined> = [
    checkWholeNumber(`${name} spec.minReplicas`, minReplicas, 1, fix),
    checkWholeNumber(`${name} spec.maxReplicas`, spec.maxReplicas, Number.isInteger(minReplicas) ? Math.max(1, minReplicas) : 1, fix),
    ...checkTarget(context, autoscaler),
    ...checkMetrics(context, autoscaler),
  ];
  const replicas = context.statefulSet.spec?.replicas;
  if (replicas !== undefined) {
    problems.push({
      setting: `${describeObject(context.statefulSet)} spec.replicas`,
      rule: `must be absent while ${name} sets the count: every server-side apply would take the field back and reset the autoscaler's count`,
      found: replicas,
      fix: 'remove the patch that sets spec.replicas; the autoscaling prop sets the range',
    });
  }
  return problems.filter((p): p is Problem => p !== undefined);
}

function checkTarget(context: PikoCheckContext, autoscaler: Manifest): Problem[] {
  const target = autoscaler.spec?.scaleTargetRef;
  const statefulSet = context.statefulSet;
  if (target?.apiVersion === statefulSet.apiVersion && target?.kind === statefulSet.kind && target?.name === statefulSet.metadata?.name) {
    return [];
  }
  return [{
    setting: `${describeObject(autoscaler)} spec.scaleTargetRef`,
    rule: `must name ${describeObject(statefulSet)} (${statefulSet.apiVersion}): the autoscaler scales what it names`,
    found: target,
    fix: 'remove the patch that changes scaleTargetRef',
  }];
}

/**
 * Every metric must be one Kubernetes accepts, and a utilization target needs a request (or a
 * limit, which Kubernetes copies into a missing request) for its resource in every container:
 * utilization is use over the pod's summed requests, and without one the autoscaler cannot
 * compute it and never scales.
 */
function checkMetrics(context: PikoCheckContext, autoscaler: Manifest): Problem[] {
  const name = describeObject(autoscaler);
  const metrics = autoscaler.spec?.metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) {
    return [{
      setting: `${name} spec.metrics`,
      rule: 'must list at least one metric: Kubernetes would fill in an 80% CPU target the manifests do not show',
      found: metrics,
      fix: 'set autoscaling.cpuUtilization or memoryUtilization, and remove the patch that empties the list',
    }];
  }
  const problems: Array<Problem | undefined> = [];
  listOf(metrics).forEach((metric, index) => {
    const target = metric.resource?.target;
    if (metric.type !== 'Resource' || target?.type !== 'Utilization') {
      return;
    }
    const resource = metric.resource.name;
    problems.push(checkWholeNumber(`${name} spec.metrics[${index}] averageUtilization`, target.averageUtilization, 1,
      'set the target through the autoscaling prop, e.g. cpuUtilization: 80'));
    for (const container of listOf(podSpecOf(context.statefulSet).containers)) {
      const resources = container.resources ?? {};
      if (resources.requests?.[resource] === undefined && resources.limits?.[resource] === undefined) {
        problems.push({
          setting: `${describeObject(context.statefulSet)} container "${container.name}" resources.requests.${resource}`,
          rule: `must be set for ${name}'s ${resource} utilization target: utilization is use over the pods' requests, and without one the autoscaler never scales`,
          found: undefined,
          fix: `give the container a ${resource} request (the resources prop for Piko's own), or drop the ${resource} target from autoscaling`,
        });
      }
    }
  });
  return problems.filter((p): p is Problem => p !== undefined);
}

/**
 * Use stops at the containers' limits (CPU is throttled there, memory is OOM-killed), and the
 * autoscaler adds a node only once use passes the target by its tolerance: a target too close to
 * the limits never adds one.
 */
export function unreachableTargetWarnings(context: PikoCheckContext): Problem[] {
  const autoscaler = context.autoscaler;
  const containers = listOf(podSpecOf(context.statefulSet).containers);
  return listOf(autoscaler?.spec?.metrics).flatMap((metric, index) => {
    const target = metric.resource?.target?.averageUtilization;
    const resource = metric.resource?.name;
    if (metric.type !== 'Resource' || metric.resource?.target?.type !== 'Utilization' || typeof target !== 'number') {
      return [];
    }
    const amounts = containers.map((c) => {
      const limit = parseQuantity(c.resources?.limits?.[resource]);
      return { limit, request: parseQuantity(c.resources?.requests?.[resource]) ?? limit };
    });
    // A container without a limit can use more than any target.
    if (amounts.length === 0 || amounts.some((a) => a.limit === undefined || a.request === undefined)) {
      return [];
    }
    const requested = amounts.reduce((sum, a) => sum + a.request!, 0);
    const ceiling = Math.round((amounts.reduce((sum, a) => sum + a.limit!, 0) / requested) * 100);
    if (requested <= 0 || target * (1 + SCALE_UP_TOLERANCE) < ceiling) {
      return [];
    }
    return [{
      setting: `${describeObject(autoscaler)} spec.metrics[${index}] averageUtilization`,
      rule: `can never add a node: ${resource} use stops at the containers' limits, ${ceiling}% of their requests, and the autoscaler scales up only above ${Math.round(100 * (1 + SCALE_UP_TOLERANCE))}% of the target`,
      found: target,
      fix: `use a target of at most ${Math.ceil(ceiling / (1 + SCALE_UP_TOLERANCE)) - 1}, or raise the ${resource} limit above the request with the resources prop`,
    }];
  });
}
