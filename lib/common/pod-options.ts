import { EnvValue, k8s } from 'cdk8s-plus-28';
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
  /**
   * Containers that run to completion, in order, before the main container starts (a schema
   * migration, waiting for a dependency). Hardened like the main container: every
   * `securityContext` field you leave out gets the main container's restricted value (non-root
   * uid and gid, no privilege escalation, all capabilities dropped, read-only root, RuntimeDefault
   * seccomp); a field you set wins, and the synth warns about what it weakens. Names must be
   * DNS labels, unique and not the construct's container; images pinned; mounts must name a
   * volume of the pod.
   * @default - none
   */
  readonly initContainers?: k8s.Container[];
  /**
   * Containers that run beside the main one (sidecars: a log shipper, a proxy). Hardened and
   * checked as `initContainers`; their ports must also differ in number and name from the main
   * container's, as the pod's containers share one network and Services find ports by name.
   * The construct's volumes (the config, the data claim, `tmp`) may be mounted too.
   * @default - none
   */
  readonly extraContainers?: k8s.Container[];
  /**
   * Extra pod volumes, for `volumeMounts`, `initContainers` and `extraContainers`. Names must be
   * DNS labels and not the construct's own (`tmp`, `config`, and the server's others).
   * @default - none
   */
  readonly volumes?: k8s.Volume[];
  /**
   * Extra mounts of the main container. Each must name a volume of the pod, at an absolute path
   * that is not, does not lie under and does not contain a path the construct mounts (the
   * config file, the data directory, the certificate directories, `/tmp`).
   * @default - none
   */
  readonly volumeMounts?: k8s.VolumeMount[];
}
