import { checkPinnedImage } from './image-reference';
import { allContainersOf, describeObject, Manifest, podSpecOf } from './manifest-view';
import { Problem } from './problems';

// The constructs render pods hardened to the "restricted" Pod Security Standard and pin their
// images. A JSON patch can undo any of that without breaking the cluster, so it is a warning, not
// an error: the synth goes on, but the weakened field, and what it gives away, is named once.

/** What the props asked for, so a setting chosen by a prop is not reported as weakened. */
export interface HardeningIntent {
  /** The server container the construct renders: every hardened field of it must stay as rendered. */
  readonly serverContainer: string;
  /** Whether the props keep the root filesystem read-only (podSecurity.readOnlyRootFilesystem). */
  readonly readOnlyRootFilesystem: boolean;
}

interface Weakening {
  /** The field, under the container (or under the pod spec, for the pod's own fields). */
  readonly field: string;
  /** The value in effect: the container's own, else the pod's where Kubernetes falls back to it. */
  readonly read: (container: Manifest, pod: Manifest) => { value: unknown; podLevel?: boolean };
  /** `strict` for the server container, whose fields the construct rendered: a removed field counts. */
  readonly weakened: (value: unknown, strict: boolean, intent: HardeningIntent) => boolean;
  readonly rule: string;
  readonly fix: string;
}

const REMOVE_PATCH = 'remove the patch that sets it; a namespace enforcing the "restricted" Pod Security Standard (as the ones the constructs render do) refuses the pod';

const CONTAINER_WEAKENINGS: readonly Weakening[] = [
  {
    field: 'securityContext.allowPrivilegeEscalation',
    read: (c) => ({ value: c.securityContext?.allowPrivilegeEscalation }),
    weakened: (v, strict) => v === true || (strict && v !== false),
    rule: 'is not false: it weakens privilege isolation, as processes in the container can gain more privileges than their parent (setuid binaries)',
    fix: REMOVE_PATCH,
  },
  {
    field: 'securityContext.privileged',
    read: (c) => ({ value: c.securityContext?.privileged }),
    weakened: (v) => v === true,
    rule: 'is true: it removes the container\'s isolation from the node, with every capability and the node\'s devices',
    fix: REMOVE_PATCH,
  },
  {
    field: 'securityContext.capabilities.add',
    read: (c) => ({ value: c.securityContext?.capabilities?.add }),
    weakened: (v) => Array.isArray(v) && v.length > 0,
    rule: 'adds Linux capabilities: it weakens the dropped-capabilities hardening, letting the container do what a plain process may not',
    fix: REMOVE_PATCH,
  },
  {
    field: 'securityContext.runAsNonRoot',
    read: (c, pod) => effective(c.securityContext?.runAsNonRoot, pod.securityContext?.runAsNonRoot),
    weakened: (v, strict) => v === false || (strict && v !== true),
    rule: 'is not true: it weakens the non-root guarantee, as the kubelet no longer refuses to start the container as root',
    fix: REMOVE_PATCH,
  },
  {
    field: 'securityContext.runAsUser',
    read: (c, pod) => effective(c.securityContext?.runAsUser, pod.securityContext?.runAsUser),
    weakened: (v) => v === 0,
    rule: 'is 0: the container runs as root, which undoes the non-root hardening',
    fix: REMOVE_PATCH,
  },
  {
    field: 'securityContext.readOnlyRootFilesystem',
    read: (c) => ({ value: c.securityContext?.readOnlyRootFilesystem }),
    weakened: (v, strict, intent) => intent.readOnlyRootFilesystem && (v === false || (strict && v !== true)),
    rule: 'is not true: it weakens the read-only root, so a compromised process can change the files of its image',
    fix: 'remove the patch; if the server must write outside its volumes, set podSecurity.readOnlyRootFilesystem to false',
  },
  {
    field: 'securityContext.seccompProfile.type',
    read: (c, pod) => effective(c.securityContext?.seccompProfile?.type, pod.securityContext?.seccompProfile?.type),
    weakened: (v, strict) => v === 'Unconfined' || (strict && v === undefined),
    rule: 'is Unconfined or unset: it turns off the system-call filter (RuntimeDefault) that limits what a compromised process can ask of the kernel',
    fix: REMOVE_PATCH,
  },
];

const HOST_NAMESPACES: ReadonlyArray<{ readonly field: string; readonly rule: string }> = [
  { field: 'hostNetwork', rule: 'is true: it removes the pod\'s network isolation, as the pod shares the node\'s network and can bind its interfaces' },
  { field: 'hostPID', rule: 'is true: it removes the pod\'s process isolation, as the pod sees and can signal every process of the node' },
  { field: 'hostIPC', rule: 'is true: it removes the pod\'s IPC isolation, as the pod shares the node\'s shared memory and semaphores' },
];

/** Every hardened field of the workload's pod that a patch weakened, as warnings. */
export function hardeningWarnings(workload: Manifest, intent: HardeningIntent): Problem[] {
  const podSpec = podSpecOf(workload);
  const podSetting = `${describeObject(workload)} spec.template.spec`;
  const warnings: Problem[] = HOST_NAMESPACES
    .filter(({ field }) => podSpec[field] === true)
    .map(({ field, rule }) => ({ setting: `${podSetting}.${field}`, rule, found: true, fix: REMOVE_PATCH }));
  const seen = new Set<string>();
  for (const container of allContainersOf(workload)) {
    const where = `${describeObject(workload)} container "${container.name}"`;
    const strict = container.name === intent.serverContainer;
    const image = imageWarning(`${where} image`, container.image);
    warnings.push(...(image ? [image] : []));
    for (const weakening of CONTAINER_WEAKENINGS) {
      const { value, podLevel } = weakening.read(container, podSpec);
      const setting = podLevel ? `${podSetting}.${weakening.field}` : `${where} ${weakening.field}`;
      // A pod-level value weakens every container; it is reported once.
      if (weakening.weakened(value, strict, intent) && !seen.has(setting)) {
        seen.add(setting);
        warnings.push({ setting, rule: weakening.rule, found: value, fix: weakening.fix });
      }
    }
  }
  return warnings;
}

/** The container's own value, else the pod's, which Kubernetes applies when the container sets none. */
function effective(own: unknown, pod: unknown): { value: unknown; podLevel?: boolean } {
  return own === undefined && pod !== undefined ? { value: pod, podLevel: true } : { value: own };
}

function imageWarning(setting: string, image: unknown): Problem | undefined {
  if (typeof image === 'string' && checkPinnedImage(setting, image, '') === undefined) {
    return undefined;
  }
  return {
    setting,
    rule: 'is not pinned to a tag or a digest ("latest" or none): it weakens the pinned version, as nodes that pull at different times run different versions',
    found: image,
    fix: 'pin a version or a digest with the image prop (or in the patch that adds the container)',
  };
}
