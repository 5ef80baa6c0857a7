import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { manifestObject } from './manifest-object';
import { hardenedPodTemplate, PodTemplateSpec } from './pod-template';
import { WorkloadSettings } from './workload-settings';

/** What a server's StatefulSet needs beyond the common settings and its pods. */
export interface StatefulWorkloadSpec extends PodTemplateSpec {
  /** The headless Service that governs the pods' DNS names. */
  readonly serviceName: string;
  readonly volumeClaimTemplates?: k8s.KubePersistentVolumeClaimProps[];
  readonly claimRetention?: k8s.StatefulSetPersistentVolumeClaimRetentionPolicy;
  /**
   * A HorizontalPodAutoscaler owns the count: `spec.replicas` is left out, or every server-side
   * apply of the manifests would take the field back and reset the autoscaler's count.
   */
  readonly autoscaled?: boolean;
}

/**
 * Builds a hardened StatefulSet: restricted pod security, no service-account token, no service
 * links, spread over nodes and zones, and a config checksum that rolls pods on change.
 */
export function buildStatefulSet(scope: Construct, id: string, settings: WorkloadSettings, spec: StatefulWorkloadSpec): ApiObject {
  return manifestObject(scope, id, k8s.KubeStatefulSet.GVK, k8s.toJson_KubeStatefulSetProps, {
    metadata: { name: settings.name, namespace: settings.namespace, labels: spec.labels },
    spec: {
      replicas: spec.autoscaled ? undefined : settings.replicas,
      serviceName: spec.serviceName,
      podManagementPolicy: settings.podManagementPolicy,
      updateStrategy: settings.updateStrategy._toKube(),
      selector: { matchLabels: spec.selectorLabels },
      persistentVolumeClaimRetentionPolicy: spec.claimRetention,
      template: hardenedPodTemplate(settings, spec),
      volumeClaimTemplates: spec.volumeClaimTemplates,
    },
  });
}
