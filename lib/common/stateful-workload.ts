import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { containerSecurityContext, podSecurityContext, ResolvedPodSecurity } from './pod-security';
import { nodeAntiAffinity, ResolvedScheduling, zoneSpread } from './scheduling';

/** The pod annotation whose change rolls the pods when their configuration changes. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** Where the writable scratch directory sits when the root filesystem is read-only. */
export const TMP_MOUNT_PATH = '/tmp';

/** Everything the two servers' StatefulSets have in common, already resolved. */
export interface StatefulWorkloadSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly selectorLabels: { [key: string]: string };
  /** Pod template labels; must include the selector labels. */
  readonly podLabels: { [key: string]: string };
  readonly podAnnotations: { [key: string]: string };
  readonly replicas: number;
  readonly serviceName: string;
  readonly serviceAccountName: string;
  readonly automountServiceAccountToken: boolean;
  readonly terminationGracePeriodSeconds: number;
  /** The server container, without security context and /tmp mount (added here). */
  readonly container: k8s.Container;
  readonly volumes: k8s.Volume[];
  readonly volumeClaimTemplates?: k8s.KubePersistentVolumeClaimProps[];
  readonly claimRetention?: k8s.StatefulSetPersistentVolumeClaimRetentionPolicy;
  readonly security: ResolvedPodSecurity;
  readonly scheduling: ResolvedScheduling;
  /**
   * Objects whose content the server reads only at start. A hash of their final data becomes a
   * pod annotation, so changing them rolls the pods. Empty: no annotation.
   */
  readonly rolloutOnChangeOf: ApiObject[];
}

/**
 * Builds a hardened StatefulSet: restricted pod security, no service-account token, no service
 * links, spread over nodes and zones, and a config checksum that rolls pods on change.
 */
export function buildStatefulSet(scope: Construct, id: string, spec: StatefulWorkloadSpec): k8s.KubeStatefulSet {
  const annotations = { ...spec.podAnnotations };
  if (spec.rolloutOnChangeOf.length > 0) {
    annotations[CONFIG_CHECKSUM_ANNOTATION] = Lazy.any({ produce: () => checksumOf(spec.rolloutOnChangeOf) });
  }
  return new k8s.KubeStatefulSet(scope, id, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      replicas: spec.replicas,
      serviceName: spec.serviceName,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      selector: { matchLabels: spec.selectorLabels },
      persistentVolumeClaimRetentionPolicy: spec.claimRetention,
      template: {
        metadata: {
          labels: spec.podLabels,
          annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
        },
        spec: {
          serviceAccountName: spec.serviceAccountName,
          automountServiceAccountToken: spec.automountServiceAccountToken,
          // Service links would inject <SERVICE>_PORT=tcp://… variables that servers reading
          // config from a prefixed environment (Pika's PIKA_*) would try to parse.
          enableServiceLinks: false,
          terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
          securityContext: podSecurityContext(spec.security),
          affinity: nodeAntiAffinity(spec.scheduling, spec.selectorLabels),
          topologySpreadConstraints: zoneSpread(spec.scheduling, spec.selectorLabels),
          nodeSelector: spec.scheduling.nodeSelector,
          tolerations: spec.scheduling.tolerations,
          priorityClassName: spec.scheduling.priorityClassName,
          containers: [{
            ...spec.container,
            securityContext: containerSecurityContext(spec.security),
            volumeMounts: [...spec.container.volumeMounts ?? [], { name: 'tmp', mountPath: TMP_MOUNT_PATH }],
          }],
          volumes: [...spec.volumes, { name: 'tmp', emptyDir: {} }],
        },
      },
      volumeClaimTemplates: spec.volumeClaimTemplates,
    },
  });
}

function checksumOf(objects: ApiObject[]): string {
  const hash = createHash('sha256');
  for (const object of objects) {
    const json = object.toJson();
    hash.update(JSON.stringify([json.kind, json.metadata?.name, json.data ?? null, json.stringData ?? null]));
  }
  return hash.digest('hex');
}
