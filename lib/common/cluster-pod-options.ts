import { ImagePullPolicy, PodManagementPolicy, StatefulSetUpdateStrategy } from 'cdk8s-plus-28';
import { PodOptions } from './pod-options';

/** Pod settings both cluster constructs take, with the same meaning. */
export interface ClusterPodOptions extends PodOptions {
  /**
   * When the kubelet pulls the image. The default suits an image pinned to a released tag.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
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
