import { posix } from 'path';
import { quoteName } from './value-text';

// Read access to synthesized (final, patched) objects for the synth-time checks. Everything here
// tolerates missing fields: a patch may have removed anything, and a check must report that as a
// problem rather than crash with a TypeError.

/** A synthesized Kubernetes object, as `ApiObject.toJson()` returns it. */
export type Manifest = { [key: string]: any };

/** `Kind "name"`, the way messages name an object. */
export function describeObject(object: Manifest | undefined): string {
  const kind = typeof object?.kind === 'string' ? object.kind : 'object';
  return `${kind} ${quoteName(object?.metadata?.name)}`;
}

export function podSpecOf(workload: Manifest): Manifest {
  return workload.spec?.template?.spec ?? {};
}

export function containerNamed(workload: Manifest, name: string): Manifest | undefined {
  const containers: Manifest[] = podSpecOf(workload).containers ?? [];
  return containers.find((c) => c.name === name);
}

export function containerPorts(container: Manifest | undefined): Manifest[] {
  return container?.ports ?? [];
}

/**
 * The port number a probe or Service targetPort reaches: numbers as they are, names through the
 * container's named ports. `undefined` when a name matches no port.
 */
export function resolvePortReference(container: Manifest | undefined, reference: unknown): number | undefined {
  if (typeof reference === 'number') {
    return reference;
  }
  if (typeof reference === 'string') {
    if (/^[0-9]+$/.test(reference)) {
      return Number(reference);
    }
    return containerPorts(container).find((p) => p.name === reference)?.containerPort;
  }
  return undefined;
}

/** The protocol of a port entry; Kubernetes defaults it to TCP. */
export function protocolOf(port: Manifest): string {
  return port.protocol ?? 'TCP';
}

/** Every container of the pod template, init containers included, in the order Kubernetes lists them. */
export function allContainersOf(workload: Manifest): Manifest[] {
  const spec = podSpecOf(workload);
  return [...listOf(spec.initContainers), ...listOf(spec.containers)];
}

/** The object entries of a list field, which a patch may have replaced by anything. */
export function listOf(value: unknown): Manifest[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'object' && item !== null) : [];
}

/** The env entry of this name that takes effect: Kubernetes uses the last of several with one name. */
export function envNamed(container: Manifest | undefined, name: string): Manifest | undefined {
  const env: Manifest[] = Array.isArray(container?.env) ? container!.env : [];
  for (let i = env.length - 1; i >= 0; i--) {
    if (env[i]?.name === name) {
      return env[i];
    }
  }
  return undefined;
}

export function volumeMountAt(container: Manifest | undefined, mountPath: string): Manifest | undefined {
  const mounts: Manifest[] = container?.volumeMounts ?? [];
  return mounts.find((m) => m.mountPath === mountPath);
}

export function volumeNamed(workload: Manifest, name: string): Manifest | undefined {
  const volumes: Manifest[] = podSpecOf(workload).volumes ?? [];
  return volumes.find((v) => v.name === name);
}

/** The HTTP GET action and scheme of a probe, or `undefined` when it is not an httpGet probe. */
export function httpGetOf(probe: Manifest | undefined): Manifest | undefined {
  return probe?.httpGet;
}

/** True when `path` is `parent` or lies below it. */
export function isWithin(path: string, parent: string): boolean {
  // A patch may have replaced either by a non-string, which lies within nothing.
  if (typeof path !== 'string' || typeof parent !== 'string') {
    return false;
  }
  // `..` and `.` segments are resolved first: `/data/../etc` is not within `/data`.
  const base = posix.normalize(parent).replace(/\/+$/, '');
  const normalized = posix.normalize(path);
  return normalized === base || normalized.startsWith(`${base}/`);
}

/** True when `file` lies inside a directory some volume of the container is mounted at. */
export function isInMountedVolume(container: Manifest | undefined, file: string): boolean {
  const mounts: Manifest[] = container?.volumeMounts ?? [];
  return mounts.some((m) => typeof m.mountPath === 'string' && m.mountPath !== file && isWithin(file, m.mountPath));
}
