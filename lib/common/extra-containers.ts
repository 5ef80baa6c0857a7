import { k8s } from 'cdk8s-plus-28';
import { checkPinnedImage } from './image-reference';
import { checkDnsLabel, checkPort, checkPortName } from './kubernetes-formats';
import { OwnPodLayout } from './own-pod-layout';
import { containerSecurityContext, ResolvedPodSecurity } from './pod-security';
import { Problem } from './problems';

// Init containers and sidecars the user adds to the construct's pods. They get the main
// container's restricted security context wherever they leave a field out, so adding one does
// not quietly make the pod fail the "restricted" Pod Security Standard.

/**
 * The container with every securityContext field it leaves out set as the main container's
 * (capabilities and seccomp field by field). A field it sets wins; the synth's hardening
 * warnings name what it weakens.
 */
export function hardenedContainer(container: k8s.Container, security: ResolvedPodSecurity): k8s.Container {
  const restricted = containerSecurityContext(security);
  const own: k8s.SecurityContext = container.securityContext ?? {};
  return {
    ...container,
    securityContext: {
      ...restricted,
      ...definedFields(own),
      capabilities: { ...restricted.capabilities, ...definedFields(own.capabilities ?? {}) },
      seccompProfile: own.seccompProfile ?? restricted.seccompProfile,
    },
  };
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/** The user's containers, as the props give them. */
export interface ExtraContainers {
  readonly initContainers: readonly k8s.Container[];
  readonly extraContainers: readonly k8s.Container[];
}

/**
 * Names, images, ports and mounts of the extra containers: what the API server refuses, and what
 * it accepts but would break the construct's own container (a port it listens on, a port name a
 * Service targets, a container name the synth checks look for).
 */
export function checkExtraContainers(extras: ExtraContainers, own: OwnPodLayout, volumes: readonly string[]): Problem[] {
  if (extras.initContainers.length === 0 && extras.extraContainers.length === 0) {
    return [];
  }
  const problems: Problem[] = [];
  const names = new Set<unknown>();
  const ports = new PortLedger(own);
  const lists: Array<[string, readonly k8s.Container[]]> = [['initContainers', extras.initContainers], ['extraContainers', extras.extraContainers]];
  for (const [prop, containers] of lists) {
    containers.forEach((container, index) => {
      const setting = `${prop}[${index}]`;
      problems.push(...checkName(setting, container.name, own.container, names));
      problems.push(...checkImage(setting, container.image));
      problems.push(...checkMountedVolumes(`${setting}.volumeMounts`, container.volumeMounts, volumes));
      // Init containers have finished before the others start, so their ports never clash.
      if (prop === 'extraContainers') {
        problems.push(...(Array.isArray(container.ports) ? container.ports : []).flatMap((port, i) => ports.check(`${setting}.ports[${i}]`, port)));
      }
    });
  }
  return problems;
}

function checkName(setting: string, name: unknown, ownContainer: string, seen: Set<unknown>): Problem[] {
  const problems: Problem[] = [];
  const invalid = checkDnsLabel(`${setting}.name`, typeof name === 'string' ? name : '');
  if (invalid) {
    problems.push({ ...invalid, found: name, fix: 'name it e.g. "log-shipper" or "wait-for-db"' });
  } else if (name === ownContainer) {
    problems.push({
      setting: `${setting}.name`,
      rule: `must not be "${ownContainer}", the construct's own container: Kubernetes refuses two containers of one name, and the synth checks read that one`,
      found: name,
      fix: 'give the container another name',
    });
  } else if (seen.has(name)) {
    problems.push({
      setting: `${setting}.name`,
      rule: 'must be unique among the pod\'s init and extra containers: Kubernetes refuses two containers of one name',
      found: name,
      fix: 'give each container its own name',
    });
  }
  seen.add(name);
  return problems;
}

function checkImage(setting: string, image: unknown): Problem[] {
  const problem = checkPinnedImage(`${setting}.image`, typeof image === 'string' ? image : '', 'busybox:1.36.1');
  return problem ? [{ ...problem, found: image }] : [];
}

/** Every mount must name a volume of the pod: the construct's, the `volumes` prop's or a claim template. */
export function checkMountedVolumes(setting: string, mounts: unknown, volumes: readonly string[]): Problem[] {
  if (mounts === undefined) {
    return [];
  }
  if (!Array.isArray(mounts)) {
    return [{ setting, rule: 'must be a list of mounts', found: mounts, fix: 'pass a list (an array), even for one mount' }];
  }
  return mounts.flatMap((mount: unknown, index) => {
    const name = isObject(mount) ? mount.name : undefined;
    return volumes.includes(name as string) ? [] : [{
      setting: `${setting}[${index}].name`,
      rule: `must name a volume of the pod (${volumes.join(', ')}): Kubernetes refuses a mount of nothing`,
      found: name,
      fix: 'add the volume to the volumes prop, or mount one of those',
    }];
  });
}

/** Ports taken in the pod's one network namespace, by the server and by the sidecars so far. */
class PortLedger {
  private readonly numbers = new Map<string, string>();
  private readonly names = new Map<string, string>();

  constructor(own: OwnPodLayout) {
    for (const port of own.ports) {
      const owner = `the "${own.container}" container's port${port.name === undefined ? '' : ` "${port.name}"`}`;
      this.numbers.set(`${port.port}/${port.protocol}`, owner);
      if (port.name !== undefined) {
        this.names.set(port.name, owner);
      }
    }
  }

  check(setting: string, port: unknown): Problem[] {
    if (!isObject(port)) {
      return [{ setting, rule: 'must be a ContainerPort (an object)', found: port, fix: 'pass { containerPort, name?, protocol? }' }];
    }
    const problems: Problem[] = [];
    const invalid = checkPort(`${setting}.containerPort`, port.containerPort as number);
    if (invalid) {
      problems.push(invalid);
    } else {
      const key = `${port.containerPort}/${typeof port.protocol === 'string' ? port.protocol : 'TCP'}`;
      const owner = this.numbers.get(key);
      if (owner !== undefined) {
        problems.push({
          setting: `${setting}.containerPort`,
          rule: `must differ from ${owner}: the containers of a pod share one network, so two cannot listen on the same port`,
          found: port.containerPort,
          fix: 'let the sidecar listen on another port',
        });
      }
      this.numbers.set(key, `${setting}`);
    }
    if (port.name !== undefined) {
      const badName = checkPortName(`${setting}.name`, typeof port.name === 'string' ? port.name : '');
      const owner = this.names.get(port.name as string);
      if (badName) {
        problems.push({ ...badName, found: port.name });
      } else if (owner !== undefined) {
        problems.push({
          setting: `${setting}.name`,
          rule: `must differ from ${owner}: Services and probes find ports by name across the pod's containers`,
          found: port.name,
          fix: 'give the sidecar\'s port another name, e.g. "sidecar-metrics"',
        });
      }
      this.names.set(port.name as string, setting);
    }
    return problems;
  }
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
