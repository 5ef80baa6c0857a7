import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { manifestObject } from './manifest-object';

export interface DisruptionBudgetSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly selectorLabels: { [key: string]: string };
  /** Set exactly one of minAvailable and maxUnavailable. */
  readonly minAvailable?: number;
  readonly maxUnavailable?: number;
}

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
