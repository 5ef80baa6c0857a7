import { allContainersOf, describeObject, listOf, Manifest, podSpecOf } from './manifest-view';
import { Problem } from './problems';

// What Pod Security admission's "restricted" profile (Pod Security Standards, latest) refuses in a
// pod, for workloads of the user's own that the library places in a namespace enforcing it (a
// sidecar's host). The library's own pods meet it by construction. Read as admission reads it: a
// container's own security context first, then the pod's where Kubernetes falls back to it.
// Left out: AppArmor, SELinux, /proc mount, sysctls and Windows pods, which few workloads set.

/** Volume types the profile admits. */
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/**
 * Every field of the workload's pod that the profile refuses, skipping the containers named in
 * `skip` (the library's own). `why` says where the profile is enforced, for the messages.
 */
export function restrictedProfileProblems(workload: Manifest, skip: readonly string[], why: string): Problem[] {
  const pod = podSpecOf(workload);
  const podSetting = `${describeObject(workload)} spec.template.spec`;
  const problem = (setting: string, rule: string, found: unknown, fix: string): Problem => ({ setting, rule: `${rule}: ${why}`, found, fix });
  const problems: Problem[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (pod[field] === true) {
      problems.push(problem(`${podSetting}.${field}`, 'must not be true', true, `remove ${field}`));
    }
  }
  for (const volume of listOf(pod.volumes)) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (type !== undefined && !RESTRICTED_VOLUMES.includes(type)) {
      problems.push(problem(`${podSetting}.volumes "${volume.name}"`, `must be of a type the profile admits (${RESTRICTED_VOLUMES.join(', ')})`, type,
        'use a PersistentVolumeClaim or an emptyDir instead'));
    }
  }
  const podContext: Manifest = pod.securityContext ?? {};
  for (const container of [...allContainersOf(workload), ...listOf(pod.ephemeralContainers)]) {
    if (skip.includes(container.name)) {
      continue;
    }
    const where = `${describeObject(workload)} container "${container.name}" securityContext`;
    const own: Manifest = container.securityContext ?? {};
    const capabilities: Manifest = own.capabilities ?? {};
    const drop: unknown[] = Array.isArray(capabilities.drop) ? capabilities.drop : [];
    const added: unknown[] = Array.isArray(capabilities.add) ? capabilities.add.filter((c: unknown) => c !== 'NET_BIND_SERVICE') : [];
    const runAsNonRoot = own.runAsNonRoot ?? podContext.runAsNonRoot;
    const runAsUser = own.runAsUser ?? podContext.runAsUser;
    const seccomp = own.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (own.privileged === true) {
      problems.push(problem(`${where}.privileged`, 'must not be true', true, 'remove privileged'));
    }
    if (own.allowPrivilegeEscalation !== false) {
      problems.push(problem(`${where}.allowPrivilegeEscalation`, 'must be false', own.allowPrivilegeEscalation,
        'set it on your container, e.g. securityContext: { allowPrivilegeEscalation: false }'));
    }
    if (!drop.includes('ALL')) {
      problems.push(problem(`${where}.capabilities.drop`, 'must include ALL', capabilities.drop,
        'set it on your container, e.g. securityContext: { capabilities: { drop: [Capability.ALL] } }'));
    }
    if (added.length > 0) {
      problems.push(problem(`${where}.capabilities.add`, 'must add nothing but NET_BIND_SERVICE', capabilities.add, 'remove the other capabilities'));
    }
    if (runAsNonRoot !== true) {
      problems.push(problem(`${where}.runAsNonRoot`, 'must be true, on the container or the pod', runAsNonRoot,
        'set it on your container, e.g. securityContext: { ensureNonRoot: true } in cdk8s-plus'));
    }
    if (runAsUser === 0) {
      problems.push(problem(`${where}.runAsUser`, 'must not be 0 (root), on the container or the pod', 0, 'run as a user of the image other than root'));
    }
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      problems.push(problem(`${where}.seccompProfile.type`, 'must be RuntimeDefault or Localhost, on the container or the pod', seccomp,
        'set it on your container, e.g. securityContext: { seccompProfile: { type: SeccompProfileType.RUNTIME_DEFAULT } }'));
    }
    for (const port of listOf(container.ports)) {
      if (port.hostPort !== undefined && port.hostPort !== 0) {
        problems.push(problem(`${describeObject(workload)} container "${container.name}" ports "${port.name ?? port.containerPort}" hostPort`, 'must be unset',
          port.hostPort, 'remove the hostPort; reach the pod through a Service'));
      }
    }
  }
  return problems;
}
