import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PikoAutoscalingOptions } from './props';
import { checkWholeNumber } from '../common/kubernetes-formats';
import { manifestObject } from '../common/manifest-object';
import { Problem } from '../common/problems';

/** The target Kubernetes falls back to when an autoscaler lists no metric, made explicit. */
const DEFAULT_CPU_UTILIZATION = 80;
const DEFAULT_MIN_REPLICAS = 2;
/** The API server's bound on a scaling rule's stabilization window. */
const MAX_STABILIZATION_SECONDS = 3600;

/** The autoscaling prop with its defaults applied. */
export interface AutoscalingSettings {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Target utilization, in percent of the pods' requests, per resource (`cpu`, `memory`). */
  readonly utilization: { readonly [resource: string]: number };
  readonly scaleDownStabilization?: Duration;
}

export function resolveAutoscaling(options: PikoAutoscalingOptions | undefined): AutoscalingSettings | undefined {
  if (options === undefined) {
    return undefined;
  }
  const utilization: { [resource: string]: number } = {};
  const cpu = options.cpuUtilization ?? (options.memoryUtilization === undefined ? DEFAULT_CPU_UTILIZATION : undefined);
  if (cpu !== undefined) {
    utilization.cpu = cpu;
  }
  if (options.memoryUtilization !== undefined) {
    utilization.memory = options.memoryUtilization;
  }
  return {
    minReplicas: options.minReplicas ?? DEFAULT_MIN_REPLICAS,
    maxReplicas: options.maxReplicas,
    utilization,
    scaleDownStabilization: options.scaleDownStabilization,
  };
}

/**
 * Problems with the autoscaling prop beyond `minReplicas`, which the common replica-count check
 * judges (it is the count the StatefulSet's rules are held to). `replicas` is the replicas prop.
 */
export function checkAutoscaling(autoscaling: AutoscalingSettings, replicas: number | undefined): Problem[] {
  const { minReplicas, maxReplicas } = autoscaling;
  const problems: Array<Problem | undefined> = [
    replicas === undefined ? undefined : {
      setting: 'replicas',
      rule: 'must be unset with autoscaling: the HorizontalPodAutoscaler sets the count, from autoscaling.minReplicas to autoscaling.maxReplicas',
      found: replicas,
      fix: 'remove replicas (set autoscaling.minReplicas instead), or remove autoscaling for a fixed count',
    },
    checkWholeNumber('autoscaling.maxReplicas', maxReplicas, 1, 'use the most nodes the cluster may run, e.g. 10'),
    ...Object.entries(autoscaling.utilization).map(([resource, target]) => checkWholeNumber(
      `autoscaling.${resource}Utilization`, target, 1, 'use a percentage of the request such as 80; above 100 only with a limit above the request')),
    checkStabilization(autoscaling.scaleDownStabilization),
  ];
  if (Number.isInteger(minReplicas) && Number.isInteger(maxReplicas) && maxReplicas >= 1 && maxReplicas < minReplicas) {
    problems.push({
      setting: 'autoscaling.maxReplicas',
      rule: `must be at least autoscaling.minReplicas (${minReplicas}): Kubernetes refuses an autoscaler whose range is empty`,
      found: maxReplicas,
      fix: `raise maxReplicas to ${minReplicas} or more, or lower minReplicas`,
    });
  }
  return problems.filter((p): p is Problem => p !== undefined);
}

function checkStabilization(window: Duration | undefined): Problem | undefined {
  const millis = window?.toMilliseconds({ integral: false });
  if (millis === undefined || (Number.isInteger(millis / 1000) && millis >= 0 && millis <= MAX_STABILIZATION_SECONDS * 1000)) {
    return undefined;
  }
  return {
    setting: 'autoscaling.scaleDownStabilization',
    rule: 'must be whole seconds from 0 to 1 hour, the range Kubernetes accepts',
    found: `${millis}ms`,
    fix: 'use e.g. Duration.minutes(5), or leave it unset for Kubernetes\' 5 minutes',
  };
}

export interface AutoscalerSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  /** The StatefulSet the autoscaler scales. */
  readonly statefulSetName: string;
  readonly autoscaling: AutoscalingSettings;
}

/** The HorizontalPodAutoscaler that sets the StatefulSet's count from its pods' resource use. */
export function buildAutoscaler(scope: Construct, id: string, spec: AutoscalerSpec): ApiObject {
  const { autoscaling } = spec;
  const stabilization = autoscaling.scaleDownStabilization?.toSeconds();
  return manifestObject(scope, id, k8s.KubeHorizontalPodAutoscalerV2.GVK, k8s.toJson_KubeHorizontalPodAutoscalerV2Props, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: spec.statefulSetName },
      minReplicas: autoscaling.minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      metrics: Object.entries(autoscaling.utilization).map(([resource, target]) => ({
        type: 'Resource',
        resource: { name: resource, target: { type: 'Utilization', averageUtilization: target } },
      })),
      behavior: stabilization === undefined ? undefined : { scaleDown: { stabilizationWindowSeconds: stabilization } },
    },
  });
}
