import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { hardenedContainer } from './extra-containers';
import { finalJson } from './final-json';
import { patchCount } from './object-versions';
import { containerSecurityContext, podSecurityContext } from './pod-security';
import { podAffinity, zoneSpread } from './scheduling';
import { WorkloadSettings } from './workload-settings';

/** The pod annotation whose change rolls the pods when their configuration changes. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** Where the writable scratch directory sits when the root filesystem is read-only. */
export const TMP_MOUNT_PATH = '/tmp';
export const TMP_VOLUME = 'tmp';

/** What the pods of a workload need beyond the common settings. */
export interface PodTemplateSpec {
  /** Selector labels plus the recommended labels. */
  readonly labels: { [key: string]: string };
  readonly selectorLabels: { [key: string]: string };
  readonly terminationGracePeriodSeconds: number;
  /** The main container, without security context and /tmp mount (added here). */
  readonly container: k8s.Container;
  readonly volumes: k8s.Volume[];
  /**
   * The ConfigMap the container reads only at start. With rolloutOnConfigChange, a hash of its
   * final data becomes a pod annotation, so changing it rolls the pods.
   */
  readonly configMap: ApiObject;
}

/**
 * The hardened pod every workload of the library runs: restricted pod security, no
 * service-account token, no service links, spread over nodes and zones, and a config checksum
 * that rolls pods on change.
 */
export function hardenedPodTemplate(settings: WorkloadSettings, spec: PodTemplateSpec): k8s.PodTemplateSpec {
  const annotations = { ...settings.podAnnotations };
  if (settings.rolloutOnConfigChange) {
    // Resolved each time the workload is serialised; reused while the ConfigMap's data is
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
  return {
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
      affinity: podAffinity(settings.scheduling, spec.selectorLabels),
      topologySpreadConstraints: zoneSpread(settings.scheduling, spec.selectorLabels),
      nodeSelector: settings.scheduling.nodeSelector,
      tolerations: settings.scheduling.tolerations,
      priorityClassName: settings.scheduling.priorityClassName,
      runtimeClassName: settings.scheduling.runtimeClassName,
      imagePullSecrets: settings.imagePullSecrets.length > 0 ? settings.imagePullSecrets.map((name) => ({ name })) : undefined,
      initContainers: settings.initContainers.length > 0 ? settings.initContainers.map((c) => hardenedContainer(c, settings.podSecurity)) : undefined,
      containers: [{
        ...spec.container,
        securityContext: containerSecurityContext(settings.podSecurity),
        volumeMounts: [...spec.container.volumeMounts ?? [], { name: TMP_VOLUME, mountPath: TMP_MOUNT_PATH }, ...settings.volumeMounts],
      }, ...settings.extraContainers.map((c) => hardenedContainer(c, settings.podSecurity))],
      volumes: [...spec.volumes, { name: TMP_VOLUME, emptyDir: {} }, ...settings.volumes],
    },
  };
}

function checksumOf(configMap: ApiObject): string {
  return createHash('sha256').update(JSON.stringify(finalJson(configMap).data ?? null)).digest('hex');
}
