import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

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
export function buildDisruptionBudget(scope: Construct, id: string, spec: DisruptionBudgetSpec): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      minAvailable: spec.minAvailable === undefined ? undefined : k8s.IntOrString.fromNumber(spec.minAvailable),
      maxUnavailable: spec.maxUnavailable === undefined ? undefined : k8s.IntOrString.fromNumber(spec.maxUnavailable),
      selector: { matchLabels: spec.selectorLabels },
    },
  });
}
