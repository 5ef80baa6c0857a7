import { EnvValue, ImagePullPolicy } from 'cdk8s-plus-28';
import { PodSecurityOptions } from './pod-security';
import { SchedulingOptions } from './scheduling';

/** Pod settings both cluster constructs take, with the same meaning. */
export interface ClusterPodOptions {
  /**
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
}
