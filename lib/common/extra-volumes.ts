import { k8s } from 'cdk8s-plus-28';
import { checkMountedVolumes } from './extra-containers';
import { checkDnsLabel } from './kubernetes-formats';
import { isWithin } from './manifest-view';
import { OwnPodLayout } from './own-pod-layout';
import { Problem } from './problems';

// Volumes the user adds to the pod, and where the main container mounts them. A mount at or
// around one of the construct's own paths would hide the config file, the data directory, the
// certificates or /tmp from the server, which the synth checks could not tell.

/** Names of the `volumes` prop: DNS labels, unique, none of the construct's own. */
export function checkExtraVolumes(volumes: readonly k8s.Volume[], own: OwnPodLayout): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<unknown>();
  volumes.forEach((volume, index) => {
    const setting = `volumes[${index}].name`;
    const name: unknown = volume.name;
    const invalid = checkDnsLabel(setting, typeof name === 'string' ? name : '');
    if (invalid) {
      problems.push({ ...invalid, found: name, fix: 'name it e.g. "cache" or "shared-logs"' });
    } else if (own.volumes.includes(name as string)) {
      problems.push({
        setting,
        rule: `must not be a volume name the construct uses (${own.volumes.join(', ')}): Kubernetes refuses two volumes of one name`,
        found: name,
        fix: 'give the volume another name',
      });
    } else if (seen.has(name)) {
      problems.push({ setting, rule: 'must be unique among the volumes', found: name, fix: 'give each volume its own name' });
    }
    seen.add(name);
  });
  return problems;
}

/** The main container's extra mounts: of a known volume, at a free absolute path. */
export function checkExtraMounts(mounts: readonly k8s.VolumeMount[], own: OwnPodLayout, volumes: readonly string[]): Problem[] {
  const problems = checkMountedVolumes('volumeMounts', mounts, volumes);
  const seen = new Set<string>();
  mounts.forEach((mount, index) => {
    const setting = `volumeMounts[${index}].mountPath`;
    const path: unknown = mount.mountPath;
    if (typeof path !== 'string' || !path.startsWith('/') || path.split('/').includes('..')) {
      problems.push({ setting, rule: 'must be an absolute path without ".." segments', found: path, fix: 'use e.g. "/var/cache/pika"' });
      return;
    }
    const clash = own.mountPaths.find((ownPath) => isWithin(path, ownPath) || isWithin(ownPath, path));
    if (clash !== undefined) {
      problems.push({
        setting,
        rule: `must not be, lie under or contain a path the construct mounts (${own.mountPaths.join(', ')}): one mount would hide the other from the server`,
        found: path,
        fix: `mount it elsewhere, e.g. "/mnt/${mount.name}"; it clashes with ${clash}`,
      });
    } else if (seen.has(path.replace(/\/+$/, ''))) {
      problems.push({ setting, rule: 'must be unique: Kubernetes refuses two mounts at one path', found: path, fix: 'mount each volume at its own path' });
    }
    seen.add(path.replace(/\/+$/, ''));
  });
  return problems;
}
