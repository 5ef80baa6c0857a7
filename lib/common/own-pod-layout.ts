import { k8s } from 'cdk8s-plus-28';
import { TMP_MOUNT_PATH, TMP_VOLUME } from './pod-template';

/**
 * What the construct itself puts in the pod, which the user's extra containers, volumes and
 * mounts must stay clear of. Read from the rendered main container, so it cannot drift from it.
 */
export interface OwnPodLayout {
  /** The main container's name. */
  readonly container: string;
  /** Pod volumes and claim templates the construct renders, /tmp's included. */
  readonly volumes: readonly string[];
  /** Where the main container mounts them, /tmp included. */
  readonly mountPaths: readonly string[];
  /** The main container's ports. */
  readonly ports: ReadonlyArray<{ readonly name?: string; readonly port: number; readonly protocol: string }>;
}

export function ownPodLayout(container: k8s.Container, volumes: readonly k8s.Volume[], claimNames: readonly string[] = []): OwnPodLayout {
  return {
    container: container.name,
    volumes: [...volumes.map((v) => v.name), ...claimNames, TMP_VOLUME],
    mountPaths: [...(container.volumeMounts ?? []).map((m) => m.mountPath), TMP_MOUNT_PATH],
    ports: (container.ports ?? []).map((p) => ({ name: p.name, port: p.containerPort, protocol: p.protocol ?? 'TCP' })),
  };
}
