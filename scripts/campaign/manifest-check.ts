import { isIP } from 'net';
import * as YAML from 'yaml';
import { schemaErrors } from '../../test/support/schema';

// The campaign's own judge of a synthesized app, written apart from the library's checks so that
// it does not share their blind spots: each object against the Kubernetes OpenAPI schema
// (kubernetes-models) or, for a custom resource, its pinned CRD (crds/; an object neither knows is
// a finding, not skipped), and every object's name, labels and namespace, plus the cross-object and format rules the API server and the kubelet
// apply, and no secret in a ConfigMap.

type Manifest = { [key: string]: any };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SECRET_KEY = /(pass(word|wd|phrase)|secret|(^|_)tokens?($|_)|private_?key|api_?key|security_key)/i;
const NAMESPACED = new Set(['ConfigMap', 'Secret', 'Service', 'StatefulSet', 'Deployment', 'PodDisruptionBudget', 'NetworkPolicy', 'ServiceAccount',
  'Certificate', 'ExternalSecret', 'SecretStore', 'HTTPRoute', 'BackendTLSPolicy', 'Ingress', 'PodMonitor', 'ServiceMonitor', 'Role', 'RoleBinding']);

function qualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) {
    return false;
  }
  const name = parts[parts.length - 1];
  return name.length <= 63 && LABEL_NAME.test(name) && (parts.length === 1 || (parts[0].length <= 253 && DNS_SUBDOMAIN.test(parts[0])));
}

function podSpec(object: Manifest): Manifest | undefined {
  return object.spec?.template?.spec;
}

/** A quantity in base units (cores, bytes), or undefined when Kubernetes would not parse it. */
function quantity(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  const match = typeof value === 'string' ? /^([+-]?[0-9.]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][-+]?[0-9]+)?$/.exec(value) : null;
  if (match === null || !/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(match[1])) {
    return undefined;
  }
  const factors: { [suffix: string]: number } = {
    m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  };
  const suffix = match[2] ?? '';
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : factors[suffix] ?? 1;
  return Number(match[1]) * factor;
}

function ipv4Number(address: string): number {
  return address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

/** Problems with a CIDR as the API server validates an ipBlock: syntax, prefix, and no host bits (IPv4). */
function cidrProblems(cidr: unknown): string[] {
  const match = typeof cidr === 'string' ? /^(.+)\/(\d+)$/.exec(cidr) : null;
  const family = match ? isIP(match[1]) : 0;
  if (match === null || family === 0 || Number(match[2]) > (family === 4 ? 32 : 128)) {
    return [`not a CIDR: ${JSON.stringify(cidr)}`];
  }
  if (family === 4 && ipv4Number(match[1]) % 2 ** (32 - Number(match[2])) !== 0) {
    return [`host bits set: ${cidr}`];
  }
  return [];
}

function checkMetadata(object: Manifest, namespaces: Set<string>, errors: string[]): void {
  const name = object.metadata?.name;
  const where = `${object.kind}/${name}`;
  if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    errors.push(`${where}: metadata.name is not a DNS subdomain`);
  }
  if (NAMESPACED.has(object.kind) && (typeof object.metadata?.namespace !== 'string' || !DNS_LABEL.test(object.metadata.namespace))) {
    errors.push(`${where}: metadata.namespace ${JSON.stringify(object.metadata?.namespace)} is not a DNS label`);
  }
  if (NAMESPACED.has(object.kind) && namespaces.size > 0 && !namespaces.has(object.metadata?.namespace)) {
    errors.push(`${where}: in namespace ${object.metadata?.namespace}, where no workload of the app runs`);
  }
  for (const labels of [object.metadata?.labels, podSpec(object) ? object.spec.template.metadata?.labels : undefined]) {
    Object.entries(labels ?? {}).forEach(([key, value]) => {
      if (!qualifiedName(key) || typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
        errors.push(`${where}: label ${key}=${JSON.stringify(value)} is invalid`);
      }
    });
  }
}

function checkWorkload(object: Manifest, volumesOf: Set<string>, errors: string[]): Array<{ name: string; number: number }> {
  const where = `${object.kind}/${object.metadata?.name}`;
  const spec = podSpec(object)!;
  const templateLabels = object.spec.template.metadata?.labels ?? {};
  Object.entries(object.spec.selector?.matchLabels ?? {}).forEach(([key, value]) => {
    if (templateLabels[key] !== value) {
      errors.push(`${where}: selector ${key}=${value} does not select its own pods`);
    }
  });
  const replicas = object.spec.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0 || replicas > 2 ** 31 - 1)) {
    errors.push(`${where}: replicas ${replicas} out of range`);
  }
  const ports: Array<{ name: string; number: number }> = [];
  const containers: Manifest[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const names = new Set<string>();
  for (const container of containers) {
    if (names.has(container.name) || !DNS_LABEL.test(container.name ?? '')) {
      errors.push(`${where}: container name ${JSON.stringify(container.name)} invalid or repeated`);
    }
    names.add(container.name);
    const portNames = new Set<string>();
    for (const port of container.ports ?? []) {
      if (!Number.isInteger(port.containerPort) || port.containerPort < 1 || port.containerPort > 65535) {
        errors.push(`${where}: containerPort ${port.containerPort} out of range`);
      }
      if (port.name !== undefined) {
        if (port.name.length > 15 || !PORT_NAME.test(port.name) || portNames.has(port.name)) {
          errors.push(`${where}: port name ${port.name} invalid or repeated`);
        }
        portNames.add(port.name);
        ports.push({ name: port.name, number: port.containerPort });
      }
    }
    const envNames = (container.env ?? []).map((e: Manifest) => e.name);
    if (new Set(envNames).size !== envNames.length) {
      errors.push(`${where}: container ${container.name} defines an env var twice`);
    }
    for (const mount of container.volumeMounts ?? []) {
      if (!volumesOf.has(mount.name)) {
        errors.push(`${where}: mount of unknown volume ${mount.name}`);
      }
    }
    for (const kind of ['cpu', 'memory']) {
      const request = container.resources?.requests?.[kind];
      const limit = container.resources?.limits?.[kind];
      for (const value of [request, limit].filter((v) => v !== undefined)) {
        if (quantity(value) === undefined) {
          errors.push(`${where}: ${kind} quantity ${JSON.stringify(value)} does not parse`);
        }
      }
      if (request !== undefined && limit !== undefined && (quantity(request) ?? 0) > (quantity(limit) ?? Infinity)) {
        errors.push(`${where}: ${kind} request ${request} above limit ${limit}`);
      }
    }
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const port = container[probe]?.httpGet?.port ?? container[probe]?.tcpSocket?.port;
      if (typeof port === 'string' && !portNames.has(port)) {
        errors.push(`${where}: ${probe} names port ${port}, which the container does not have`);
      }
    }
  }
  return ports;
}

function checkConfigMap(object: Manifest, secretEnv: Set<string>, errors: string[]): void {
  for (const [key, text] of Object.entries(object.data ?? {})) {
    if (!/\.ya?ml$/.test(key) || typeof text !== 'string') {
      continue;
    }
    let tree: unknown;
    try {
      tree = YAML.parse(text);
    } catch {
      errors.push(`${object.kind}/${object.metadata?.name}: ${key} is not YAML`);
      continue;
    }
    const visit = (value: unknown, path: string, secret: boolean) => {
      if (Array.isArray(value)) {
        value.forEach((item, i) => visit(item, `${path}[${i}]`, secret));
      } else if (typeof value === 'object' && value !== null) {
        Object.entries(value).forEach(([k, v]) => visit(v, path ? `${path}.${k}` : k, SECRET_KEY.test(k) && !/_(file|path|name)$/.test(k)));
      } else if (secret && (typeof value === 'string' ? value !== '' : typeof value === 'number')) {
        const variable = typeof value === 'string' ? /^\$\{?([A-Za-z_][A-Za-z0-9_]*)(:)?\}?$/.exec(value)?.[1] : undefined;
        if (variable === undefined || !secretEnv.has(variable)) {
          errors.push(`${object.kind}/${object.metadata?.name}: ${key} ${path} holds a secret in the ConfigMap`);
        }
      }
    };
    visit(tree, '', false);
  }
}

/** Every problem the campaign's judge finds in a synthesized app; empty when all is well. */
export function manifestProblems(objects: Manifest[]): string[] {
  const errors: string[] = [];
  const workloads = objects.filter((o) => podSpec(o) !== undefined);
  const namespaces = new Set<string>(workloads.map((w) => w.metadata?.namespace));
  const ports: Array<{ name: string; number: number }> = [];
  const secretEnv = new Set<string>();
  for (const object of objects) {
    errors.push(...schemaErrors(object));
    checkMetadata(object, namespaces, errors);
  }
  for (const workload of workloads) {
    const volumes = new Set<string>([...(podSpec(workload)!.volumes ?? []).map((v: Manifest) => v.name),
      ...(workload.spec.volumeClaimTemplates ?? []).map((t: Manifest) => t.metadata?.name)]);
    ports.push(...checkWorkload(workload, volumes, errors));
    for (const container of podSpec(workload)!.containers ?? []) {
      (container.env ?? []).filter((e: Manifest) => e.valueFrom?.secretKeyRef).forEach((e: Manifest) => secretEnv.add(e.name));
    }
  }
  for (const object of objects) {
    const where = `${object.kind}/${object.metadata?.name}`;
    if (object.kind === 'Service') {
      for (const port of object.spec?.ports ?? []) {
        if (typeof port.targetPort === 'string' && !ports.some((p) => p.name === port.targetPort)) {
          errors.push(`${where}: targetPort ${port.targetPort} names no container port`);
        }
        if (port.nodePort !== undefined && (port.nodePort < 30000 || port.nodePort > 32767)) {
          errors.push(`${where}: nodePort ${port.nodePort} outside 30000-32767`);
        }
      }
    }
    if (object.kind === 'PodDisruptionBudget' && object.spec?.minAvailable !== undefined && object.spec?.maxUnavailable !== undefined) {
      errors.push(`${where}: both minAvailable and maxUnavailable`);
    }
    if (object.kind === 'NetworkPolicy') {
      for (const rule of object.spec?.ingress ?? []) {
        for (const peer of rule.from ?? []) {
          if (peer.ipBlock !== undefined) {
            errors.push(...[peer.ipBlock.cidr, ...(peer.ipBlock.except ?? [])].flatMap(cidrProblems).map((p) => `${where}: ${p}`));
          }
        }
      }
    }
    if (object.kind === 'ConfigMap') {
      checkConfigMap(object, secretEnv, errors);
    }
  }
  return errors;
}
