import { EnvValue } from 'cdk8s-plus-28';
import { PodSecurityOptions } from './pod-security';
import { SchedulingOptions } from './scheduling';

/** Pod settings every workload of the library takes (the clusters' and the agents'), with the same meaning. */
export interface PodOptions {
  /**
   * Extra environment variables of the main container (the server or the agent). Names the
   * construct renders are refused.
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
}
