import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { manifestObject } from './manifest-object';
import { patchCount } from './object-versions';
import { containerSecurityContext, podSecurityContext } from './pod-security';
import { nodeAntiAffinity, zoneSpread } from './scheduling';
import { WorkloadSettings } from './workload-settings';

/** The pod annotation whose change rolls the pods when their configuration changes. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** Where the writable scratch directory sits when the root filesystem is read-only. */
export const TMP_MOUNT_PATH = '/tmp';

/** What a server's StatefulSet needs beyond the common settings. */
export interface StatefulWorkloadSpec {
  /** Selector labels plus the recommended labels. */
  readonly labels: { [key: string]: string };
  readonly selectorLabels: { [key: string]: string };
  /** The headless Service that governs the pods' DNS names. */
  readonly serviceName: string;
  readonly terminationGracePeriodSeconds: number;
  /** The server container, without security context and /tmp mount (added here). */
  readonly container: k8s.Container;
  readonly volumes: k8s.Volume[];
  readonly volumeClaimTemplates?: k8s.KubePersistentVolumeClaimProps[];
  readonly claimRetention?: k8s.StatefulSetPersistentVolumeClaimRetentionPolicy;
  /**
   * The ConfigMap the server reads only at start. With rolloutOnConfigChange, a hash of its final
   * data becomes a pod annotation, so changing it rolls the pods.
   */
  readonly configMap: ApiObject;
}

/**
 * Builds a hardened StatefulSet: restricted pod security, no service-account token, no service
 * links, spread over nodes and zones, and a config checksum that rolls pods on change.
 */
export function buildStatefulSet(scope: Construct, id: string, settings: WorkloadSettings, spec: StatefulWorkloadSpec): ApiObject {
  const annotations = { ...settings.podAnnotations };
  if (settings.rolloutOnConfigChange) {
    // Resolved each time the StatefulSet is serialised; reused while the ConfigMap's data is
    // unchanged, which only a JSON patch can do (object-versions.ts).
    let cached: { patches: number; checksum: string } | undefined;
    annotations[CONFIG_CHECKSUM_ANNOTATION] = Lazy.any({
      produce: () => {
        const patches = patchCount(spec.configMap);
        if (cached?.patches !== patches) {
          cached = { patches, checksum: checksumOf(spec.configMap) };
        }
        return cached.checksum;
      },
    });
  }
  return manifestObject(scope, id, k8s.KubeStatefulSet.GVK, k8s.toJson_KubeStatefulSetProps, {
    metadata: { name: settings.name, namespace: settings.namespace, labels: spec.labels },
    spec: {
      replicas: settings.replicas,
      serviceName: spec.serviceName,
      podManagementPolicy: settings.podManagementPolicy,
      updateStrategy: settings.updateStrategy._toKube(),
      selector: { matchLabels: spec.selectorLabels },
      persistentVolumeClaimRetentionPolicy: spec.claimRetention,
      template: {
        metadata: {
          labels: { ...settings.podLabels, ...spec.labels },
          annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
        },
        spec: {
          serviceAccountName: settings.name,
          automountServiceAccountToken: settings.automountServiceAccountToken,
          // Service links would inject <SERVICE>_PORT=tcp://… variables that servers reading
          // config from a prefixed environment (Pika's PIKA_*) would try to parse.
          enableServiceLinks: false,
          terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
          securityContext: podSecurityContext(settings.podSecurity),
          affinity: nodeAntiAffinity(settings.scheduling, spec.selectorLabels),
          topologySpreadConstraints: zoneSpread(settings.scheduling, spec.selectorLabels),
          nodeSelector: settings.scheduling.nodeSelector,
          tolerations: settings.scheduling.tolerations,
          priorityClassName: settings.scheduling.priorityClassName,
          containers: [{
            ...spec.container,
            securityContext: containerSecurityContext(settings.podSecurity),
            volumeMounts: [...spec.container.volumeMounts ?? [], { name: 'tmp', mountPath: TMP_MOUNT_PATH }],
          }],
          volumes: [...spec.volumes, { name: 'tmp', emptyDir: {} }],
        },
      },
      volumeClaimTemplates: spec.volumeClaimTemplates,
    },
  });
}

function checksumOf(configMap: ApiObject): string {
  return createHash('sha256').update(JSON.stringify(configMap.toJson().data ?? null)).digest('hex');
}
