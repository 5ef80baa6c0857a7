import { k8s } from 'cdk8s-plus-28';
import { checkWholeNumber } from './kubernetes-formats';
import { Problem } from './problems';

/**
 * How the server's pods run. The defaults meet the Kubernetes Pod Security Standard "restricted".
 *
 * Neither upstream image sets a USER, so they would run as root; an explicit uid, gid and fsGroup
 * are set instead of only `runAsNonRoot`, which would make the kubelet refuse to start them.
 */
export interface PodSecurityOptions {
  /**
   * The uid the server runs as. Must not be 0.
   * @default 65532 (the conventional "nonroot" uid)
   */
  readonly runAsUser?: number;
  /**
   * The primary gid the server runs as. Must not be 0.
   * @default 65532
   */
  readonly runAsGroup?: number;
  /**
   * The group that owns mounted volumes, so the server can write to its data volume.
   * @default 65532
   */
  readonly fsGroup?: number;
  /**
   * Mount the container's root filesystem read-only. An emptyDir is mounted at /tmp either way.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/** Pod security settings with every default applied. */
export interface ResolvedPodSecurity {
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly readOnlyRootFilesystem: boolean;
}

const NON_ROOT_ID = 65532;

export function resolvePodSecurity(options: PodSecurityOptions = {}): ResolvedPodSecurity {
  return {
    runAsUser: options.runAsUser ?? NON_ROOT_ID,
    runAsGroup: options.runAsGroup ?? NON_ROOT_ID,
    fsGroup: options.fsGroup ?? NON_ROOT_ID,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
  };
}

export function checkPodSecurity(security: ResolvedPodSecurity): Problem[] {
  const fix = 'use a non-root id such as 65532; the "restricted" Pod Security Standard forbids 0';
  return [
    // uids and gids are 64-bit in the API.
    checkWholeNumber('podSecurity.runAsUser', security.runAsUser, 1, fix, Number.MAX_SAFE_INTEGER),
    checkWholeNumber('podSecurity.runAsGroup', security.runAsGroup, 1, fix, Number.MAX_SAFE_INTEGER),
    checkWholeNumber('podSecurity.fsGroup', security.fsGroup, 1, fix, Number.MAX_SAFE_INTEGER),
  ].filter((p): p is Problem => p !== undefined);
}

export function podSecurityContext(security: ResolvedPodSecurity): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: security.runAsUser,
    runAsGroup: security.runAsGroup,
    fsGroup: security.fsGroup,
    // Only chown the volume when its root is not already ours: large volumes start faster.
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function containerSecurityContext(security: ResolvedPodSecurity): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: security.runAsUser,
    runAsGroup: security.runAsGroup,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: security.readOnlyRootFilesystem,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
