import { checkPort, checkPortName } from './kubernetes-formats';
import { allContainersOf, describeObject, listOf, Manifest, podSpecOf } from './manifest-view';
import { Problem } from './problems';
import { listNames, quoteName } from './value-text';

// What the API server refuses (or silently resolves) in the containers of a pod template, checked
// on the final objects because a JSON patch can add a container, a port, a mount or an env entry
// the props never produced.

/** Ports, volume mounts and env of every container of the workload's pod template. */
export function checkContainers(workload: Manifest): Problem[] {
  const claimNames = listOf(workload.spec?.volumeClaimTemplates).map((t) => t.metadata?.name);
  const volumeNames = listOf(podSpecOf(workload).volumes).map((v) => v.name);
  return allContainersOf(workload).flatMap((container) => {
    const where = `${describeObject(workload)} container "${container.name}"`;
    return [
      ...checkContainerPorts(where, listOf(container.ports)),
      ...checkVolumeMounts(where, listOf(container.volumeMounts), [...volumeNames, ...claimNames]),
      ...checkDuplicateEnv(where, listOf(container.env)),
    ];
  });
}

function checkContainerPorts(where: string, ports: Manifest[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  ports.forEach((port, index) => {
    const setting = `${where} port ${port.name === undefined ? index : quoteName(port.name)}`;
    problems.push(...patched(checkPort(`${setting} containerPort`, port.containerPort)));
    if (port.hostPort !== undefined) {
      problems.push(...patched(checkPort(`${setting} hostPort`, port.hostPort)));
    }
    // A name that is not a string is the patched-type walk's to report (patched-types.ts).
    if (typeof port.name !== 'string') {
      return;
    }
    problems.push(...patched(checkPortName(`${setting} name`, port.name)));
    if (seen.has(port.name)) {
      problems.push({
        setting: `${setting} name`,
        rule: 'must be unique within the container: Kubernetes refuses two ports of one name, and a Service or probe naming it would be ambiguous',
        found: port.name,
        fix: 'remove the patch that adds the second port, or give it another name',
      });
    }
    seen.add(port.name);
  });
  return problems;
}

function checkVolumeMounts(where: string, mounts: Manifest[], known: unknown[]): Problem[] {
  return mounts
    .filter((mount) => !known.includes(mount.name))
    .map((mount) => ({
      setting: `${where} volumeMount ${quoteName(mount.name)}`,
      rule: `must name a volume of the pod or a volumeClaimTemplate (${listNames(known) || 'none'}): Kubernetes refuses a mount of nothing`,
      found: mount.name,
      fix: 'add the volume in the same patch, or remove the mount',
    }));
}

/**
 * Kubernetes accepts an env var defined twice and uses the last definition, so the first one is a
 * setting that silently does nothing (the checks read the last one, as the kubelet does).
 */
function checkDuplicateEnv(where: string, env: Manifest[]): Problem[] {
  const counts = new Map<string, number>();
  env.forEach((entry) => counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1));
  return [...counts]
    .filter(([, count]) => count > 1)
    .map(([name, count]) => ({
      setting: `${where} env ${name}`,
      rule: 'must be defined once: Kubernetes uses the last definition and silently ignores the others',
      found: `${count} definitions`,
      fix: 'remove the patch or env entry that defines it again',
    }));
}

/** A format problem found on a final object: the value came from a patch, not a prop. */
export function patched(problem: Problem | undefined, fix: string = 'remove the patch that sets it'): Problem[] {
  return problem === undefined ? [] : [{ ...problem, fix }];
}
