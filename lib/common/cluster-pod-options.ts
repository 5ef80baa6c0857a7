import { EnvValue, ImagePullPolicy, PodManagementPolicy, StatefulSetUpdateStrategy } from 'cdk8s-plus-28';
import { PodSecurityOptions } from './pod-security';
import { SchedulingOptions } from './scheduling';

/** Pod settings both cluster constructs take, with the same meaning. */
export interface ClusterPodOptions {
  /**
   * When the kubelet pulls the image. The default suits an image pinned to a released tag.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Extra environment variables of the server container. Names the construct renders are refused.
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };
  /**
   * Extra pod labels. They may not change the selector labels.
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Extra pod annotations.
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };
  /**
   * Node selection, tolerations, priority and spreading.
   * @default - spread over nodes (soft) and zones
   */
  readonly scheduling?: SchedulingOptions;
  /**
   * uid, gid and root filesystem of the pods.
   * @default - uid/gid/fsGroup 65532, read-only root filesystem
   */
  readonly podSecurity?: PodSecurityOptions;
  /**
   * Secrets of type `kubernetes.io/dockerconfigjson` in the pod's namespace, for pulling the
   * image from a private registry (a mirror of the default image, say).
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * DNS domain of the Kubernetes cluster, in the names peers use to find each other (Pika's
   * `cluster.dns_addr`, Piko's `cluster.join`).
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * How the StatefulSet replaces pods when their template changes.
   * `StatefulSetUpdateStrategy.onDelete()` lets operators roll one pod at a time (for Pika
   * members unlocked by hand); `rollingUpdate({ partition })` stages a rollout.
   * @default StatefulSetUpdateStrategy.rollingUpdate()
   */
  readonly updateStrategy?: StatefulSetUpdateStrategy;
  /**
   * How the StatefulSet starts and stops pods. Kubernetes does not change it on an existing
   * StatefulSet: switching means deleting the StatefulSet with `--cascade=orphan` and applying again.
   * @default PodManagementPolicy.ORDERED_READY - upstream's choice for both servers
   */
  readonly podManagementPolicy?: PodManagementPolicy;
}
