import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { manifestObject } from './manifest-object';
import { hardenedPodTemplate, PodTemplateSpec } from './pod-template';
import { WorkloadSettings } from './workload-settings';

/**
 * Builds a hardened Deployment, for stateless workloads of the library (Piko agents): the same
 * pods as the servers' StatefulSets, rolled out one at a time.
 */
export function buildDeployment(scope: Construct, id: string, settings: WorkloadSettings, spec: PodTemplateSpec): ApiObject {
  return manifestObject(scope, id, k8s.KubeDeployment.GVK, k8s.toJson_KubeDeploymentProps, {
    metadata: { name: settings.name, namespace: settings.namespace, labels: spec.labels },
    spec: {
      replicas: settings.replicas,
      selector: { matchLabels: spec.selectorLabels },
      // A new agent registers before an old one leaves, so an endpoint never loses its last one.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
      template: hardenedPodTemplate(settings, spec),
    },
  });
}
