import { checkContainers } from './container-checks';
import { checkAnnotationKeys, checkDnsSubdomain, checkLabels } from './kubernetes-formats';
import { selectorMatches } from './labels';
import { describeObject, Manifest } from './manifest-view';
import { Problem } from './problems';
import { checkResources } from './resource-checks';
import { checkPodScheduling } from './scheduling-checks';
import { checkServicePorts } from './service-checks';
import { checkServiceTargets } from './workload-checks';

// What the Kubernetes API server would refuse in a cluster's final objects (after JSON patches),
// whatever server runs in it: reported at synth, naming the object and field, instead of by
// `kubectl apply` or, worse, accepted and silently resolved in a way nobody meant.

/** One cluster's objects, as ApiObjects or as their final forms. */
export interface ClusterParts<T> {
  /** The namespace the cluster's props chose. */
  readonly namespace: string;
  /** Every object of the cluster. */
  readonly objects: readonly T[];
  readonly statefulSet: T;
  /** Every Service of the cluster, headless included. */
  readonly services: readonly T[];
  readonly disruptionBudget?: T;
}

/** Every Kubernetes validity rule on one cluster's objects. */
export function checkKubernetesValidity(cluster: ClusterParts<Manifest>): Problem[] {
  return [
    ...cluster.objects.flatMap((object) => [...checkNamespace(object, cluster.namespace), ...checkMetadata(object)]),
    ...checkStatefulSetSelector(cluster.statefulSet),
    ...checkReplicaCount(cluster.statefulSet),
    ...checkContainers(cluster.statefulSet),
    ...checkResources(cluster.statefulSet),
    ...checkPodScheduling(cluster.statefulSet),
    ...cluster.services.flatMap((service) => [...checkServicePorts(service), ...checkServiceTargets(service, cluster.statefulSet)]),
    ...(cluster.disruptionBudget ? checkBudgetFields(cluster.disruptionBudget) : []),
  ];
}

/** The cluster's objects find each other by name (Services, claims, Secrets) within one namespace. */
function checkNamespace(object: Manifest, namespace: string): Problem[] {
  // Namespaces are cluster-scoped: the one rendered here carries no namespace of its own.
  if (object.kind === 'Namespace' || object.metadata?.namespace === namespace) {
    return [];
  }
  return [{
    setting: `${describeObject(object)} metadata.namespace`,
    rule: `must be the cluster's namespace "${namespace}": the cluster's objects find each other by name within one namespace`,
    found: object.metadata?.namespace,
    fix: 'set the namespace through the construct\'s namespace prop only, and remove the patch that moves the object',
  }];
}

/** A name Kubernetes accepts, and labels and annotations of strings in its formats, on the object and its pod template. */
export function checkMetadata(object: Manifest): Problem[] {
  const name = object.metadata?.name;
  const problems: Problem[] = [];
  const nameProblem = typeof name === 'string' ? checkDnsSubdomain(`${describeObject(object)} metadata.name`, name, 'pika') : undefined;
  if (typeof name !== 'string' || nameProblem !== undefined) {
    problems.push(nameProblem ?? { setting: `${describeObject(object)} metadata.name`, rule: 'must be a string', found: name, fix: 'remove the patch that changes the name' });
  }
  const template = object.spec?.template?.metadata;
  for (const [where, metadata] of [['metadata', object.metadata], ['spec.template.metadata', template]] as const) {
    for (const field of ['labels', 'annotations']) {
      const map = metadata?.[field];
      if (map === undefined) {
        continue;
      }
      const setting = `${describeObject(object)} ${where}.${field}`;
      if (typeof map !== 'object' || map === null || Array.isArray(map)) {
        problems.push({ setting, rule: 'must be a map of strings', found: map, fix: 'remove the patch that replaces the map' });
        continue;
      }
      const strings = Object.entries(map).filter(([key, value]) => {
        if (typeof value !== 'string') {
          problems.push({ setting: `${setting} "${key}"`, rule: 'must be a string: Kubernetes stores labels and annotations as strings', found: value, fix: 'quote the value in the patch' });
        }
        return typeof value === 'string';
      });
      const valid = Object.fromEntries(strings) as { [key: string]: string };
      problems.push(...(field === 'labels' ? checkLabels(setting, valid) : checkAnnotationKeys(setting, valid)));
    }
  }
  return problems;
}

/** Kubernetes refuses a StatefulSet whose selector does not select its own pod template. */
function checkStatefulSetSelector(statefulSet: Manifest): Problem[] {
  const selector = statefulSet.spec?.selector?.matchLabels;
  const labels = statefulSet.spec?.template?.metadata?.labels;
  if (selectorMatches(selector, labels)) {
    return [];
  }
  return [{
    setting: `${describeObject(statefulSet)} spec.selector.matchLabels`,
    rule: `must select the pod template's labels (${JSON.stringify(labels ?? {})}): Kubernetes refuses a ${statefulSet.kind ?? 'workload'} whose selector misses its own pods`,
    found: selector,
    fix: 'remove the patch that changes the selector or the pod labels; the selector cannot change after the first apply',
  }];
}

/** Kubernetes stores a workload's replicas as a 32-bit count. */
function checkReplicaCount(workload: Manifest): Problem[] {
  const replicas = workload.spec?.replicas;
  if (replicas === undefined || (Number.isInteger(replicas) && replicas >= 0 && replicas <= 2 ** 31 - 1)) {
    return [];
  }
  return [{
    setting: `${describeObject(workload)} spec.replicas`,
    rule: 'must be a whole number from 0 to 2147483647: Kubernetes stores it as a 32-bit count',
    found: replicas,
    fix: 'set the replicas prop, and remove the patch of spec.replicas',
  }];
}

/** A budget with both fields is refused by the API server: it would not know which one to keep. */
function checkBudgetFields(budget: Manifest): Problem[] {
  const spec = budget.spec ?? {};
  if (spec.minAvailable === undefined || spec.maxUnavailable === undefined) {
    return [];
  }
  return [{
    setting: `${describeObject(budget)} spec`,
    rule: 'must set only one of minAvailable and maxUnavailable: Kubernetes refuses a budget with both',
    found: { minAvailable: spec.minAvailable, maxUnavailable: spec.maxUnavailable },
    fix: 'remove the patch that adds the second field',
  }];
}
