import * as fc from 'fast-check';
import { assembly, isWrongType, propPaths, TypeReference } from './assembly';
import { ClusterVariant, Libraries, Spec } from './specs';

// The cases of the campaign, generated from the package's own type information (the jsii
// assembly): props as TypeScript callers pass them (well typed, any value), as JavaScript callers
// do (wrong types, misspelt keys, nulls) and as Python callers do (snake_case keys of a dict
// passed loosely, huge integers); raw config trees; JSON patches on the default objects.

export type Construct = 'PikaCluster' | 'PikoCluster' | 'PikoAgent'
  | 'PikaIngress' | 'PikaSecretStore' | 'PikaHttpRoute' | 'PikoMonitor' | 'PikoHttpRoute' | 'PikoAgentSidecar';

/** Every construct the campaign builds: the servers, the agent and its sidecar, the integrations. */
export const CONSTRUCTS: readonly Construct[] = [
  'PikaCluster', 'PikoCluster', 'PikoAgent', 'PikaIngress', 'PikaSecretStore', 'PikaHttpRoute', 'PikoMonitor', 'PikoHttpRoute', 'PikoAgentSidecar',
];
export type Caller = 'typescript' | 'javascript' | 'python';

/** What a case requires of the outcome, besides "no crash" and "every passing output valid". */
export interface Expectation {
  /** The synth must fail with a message containing this text. */
  readonly messageContains: string;
  readonly why: string;
}

export interface PatchSpec {
  readonly op: 'add' | 'replace' | 'remove';
  /** A target index into the default objects' paths, resolved when the case runs. */
  readonly target: number;
  readonly value: Spec;
}

export interface NamedPatch {
  readonly kind: string;
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: string;
  readonly value?: Spec;
}

export interface Case {
  readonly construct: Construct;
  readonly caller: Caller;
  readonly props: { [key: string]: Spec };
  readonly patches: readonly PatchSpec[];
  readonly namedPatches: readonly NamedPatch[];
  /** For PikaSecretStore: the options of an ExternalSecret the case adds to the store. */
  readonly externalSecret?: { [key: string]: Spec };
  readonly expectations: readonly Expectation[];
}

interface Property { readonly name: string; readonly type: TypeReference; readonly optional?: boolean }

const PACKAGE = 'cdk8s-pika-piko';

const PROPS_OF: { [construct in Construct]: string } = {
  PikaCluster: `${PACKAGE}.PikaClusterProps`,
  PikoCluster: `${PACKAGE}.PikoClusterProps`,
  PikoAgent: `${PACKAGE}.PikoAgentProps`,
  PikaIngress: `${PACKAGE}.PikaIngressProps`,
  PikaSecretStore: `${PACKAGE}.PikaSecretStoreProps`,
  PikaHttpRoute: `${PACKAGE}.PikaHttpRouteProps`,
  PikoMonitor: `${PACKAGE}.PikoMonitorProps`,
  PikoHttpRoute: `${PACKAGE}.PikoHttpRouteProps`,
  PikoAgentSidecar: `${PACKAGE}.PikoAgentSidecarProps`,
};

const STRINGS = [
  'pika', 'piko', 'team-a', 'web', 'example.com', 'https://piko.example.com', 'http://piko-upstream.piko.svc:8001', 'https://auth.example.com/jwks',
  '10.0.0.0/8', '10.0.0.1/8', 'fd00::/8', '192.168.0.0/16', '/pika', '/', 'data/pika', 'security_key', 'token', 'x'.repeat(64), '', ' ', 'Bad_Name', '-x',
  'latest', 'ghcr.io/rakunlabs/pika:v0.3.0', 'ghcr.io/andydunstall/piko:v0.9.0', 'nginx', '${X}', '$HOME', 'a:b', 'ünï', 'a/b/c', 'X-Request-Id',
  'CHANGE_ME_TO_A_LONG_RANDOM_STRING', '0123456789abcdef0123456789abcdef0123', 'cluster.local', 'platform/pika', 'vault',
];
const NUMBERS = [
  0, 1, 2, 3, 5, 7, -1, 0.5, 1.5, 80, 8080, 5000, 8001, 65535, 65536, 30000, 30080, 32767, 32768, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e308,
  NaN, Infinity, -Infinity, -0,
];
const MAP_KEYS = ['team', 'app.kubernetes.io/name', 'app.kubernetes.io/instance', 'example.com/tier', 'bad key', 'FOO', 'HTTP_PROXY', 'PIKA_SERVER_PORT', 'PIKA_TELEMETRY_TOKEN', 'POD_NAME', 'CONFIG_FILE', ''];

const aString = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...STRINGS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
const aNumber = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NUMBERS) }, { weight: 1, arbitrary: fc.integer({ min: -10, max: 100000 }) });

const duration = fc.record({
  __spec: fc.constant('duration' as const),
  unit: fc.constantFrom('millis', 'seconds', 'minutes', 'hours', 'days'),
  amount: fc.constantFrom(0, 1, 1.5, 5, 10, 30, 90, 600, 0.001, 1e6, 1e12, -1),
});
const size = fc.record({ __spec: fc.constant('size' as const), unit: fc.constantFrom('mebibytes', 'gibibytes', 'tebibytes'), amount: fc.constantFrom(0, 1, 10, 0.5, 1e6, 1e30) });
const cpu = fc.record({ __spec: fc.constant('cpu' as const), millis: fc.constantFrom(1, 100, 500, 1000, 4000, 0.5) });
const resources = fc.record({
  cpu: fc.record({ request: cpu, limit: cpu }, { requiredKeys: [] }),
  memory: fc.record({ request: size, limit: size }, { requiredKeys: [] }),
}, { requiredKeys: [] });
const toleration = fc.record({
  key: aString,
  operator: fc.constantFrom('Exists', 'Equal', 'exists'),
  value: aString,
  effect: fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute', 'noschedule'),
  tolerationSeconds: aNumber,
}, { requiredKeys: [] });

const clusterVariant = fc.constantFrom<ClusterVariant>('default', 'default', 'tls', 'policy', 'basePath');

/** A value a JavaScript caller may pass anywhere, of any type. */
export const anyValue: fc.Arbitrary<Spec> = fc.oneof(
  aNumber, aString, fc.boolean(), fc.constant(null),
  fc.array(fc.oneof(aNumber, aString), { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('a', 'name', 'port'), fc.oneof(aNumber, aString), { maxKeys: 2 }),
  duration,
);

/** Generates values of the assembly's types, well typed but of any value, as TypeScript allows. */
export class ValueGenerator {
  private readonly cache = new Map<string, fc.Arbitrary<Spec>>();

  constructor(private readonly libraries: Libraries) {}

  public forType(type: TypeReference, depth: number): fc.Arbitrary<Spec> {
    if (type.primitive !== undefined) {
      switch (type.primitive) {
        case 'string': return aString;
        case 'number': return aNumber;
        case 'boolean': return fc.boolean();
        default: return fc.constant({});
      }
    }
    if (type.collection !== undefined) {
      const element = depth <= 0 ? fc.constant(null) : this.forType(type.collection.elementtype, depth - 1);
      if (type.collection.kind === 'array') {
        return fc.array(element, { maxLength: 3 }) as fc.Arbitrary<Spec>;
      }
      if (type.collection.elementtype.primitive === 'any' || type.collection.elementtype.primitive === 'json') {
        return fc.constant({});
      }
      return fc.dictionary(fc.constantFrom(...MAP_KEYS), element, { maxKeys: 2 }) as fc.Arbitrary<Spec>;
    }
    return this.forNamed(type.fqn!, depth);
  }

  /** A struct of this package: a random subset of its optional settings, every required one. */
  public struct(fqn: string, depth: number): fc.Arbitrary<{ [key: string]: Spec }> {
    const properties = structProperties(fqn).filter((p) => p.type.primitive !== 'any' && !(p.type.collection?.elementtype.primitive === 'any'));
    const required = properties.filter((p) => !p.optional).map((p) => p.name);
    const model: { [key: string]: fc.Arbitrary<Spec> } = {};
    for (const property of properties) {
      model[property.name] = depth <= 0 && property.optional ? fc.constant({ __spec: 'undefined' as const }) : fc.constant(null).chain(() => this.forType(property.type, depth - 1));
    }
    return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<{ [key: string]: Spec }>;
  }

  private forNamed(fqn: string, depth: number): fc.Arbitrary<Spec> {
    const cached = this.cache.get(`${fqn}@${depth}`);
    if (cached !== undefined) {
      return cached;
    }
    const arbitrary = this.buildNamed(fqn, depth);
    this.cache.set(`${fqn}@${depth}`, arbitrary);
    return arbitrary;
  }

  private buildNamed(fqn: string, depth: number): fc.Arbitrary<Spec> {
    switch (fqn) {
      case 'cdk8s.Duration': return duration;
      case 'cdk8s.Size': return size;
      case 'cdk8s-plus-28.EnvValue':
        return fc.record({ __spec: fc.constant('env' as const), value: aString, secret: fc.option(fc.constantFrom('app-secrets', 'pika-extra'), { nil: undefined }) }, { requiredKeys: ['__spec', 'value'] }) as fc.Arbitrary<Spec>;
      case 'cdk8s-plus-28.StatefulSetUpdateStrategy':
        return fc.record({ __spec: fc.constant('update' as const), partition: fc.option(fc.constantFrom(0, 1, 2, -1, 1.5), { nil: undefined }) }, { requiredKeys: ['__spec'] }) as fc.Arbitrary<Spec>;
      case 'cdk8s-plus-28.ContainerResources': return resources as unknown as fc.Arbitrary<Spec>;
      case 'cdk8s-plus-28.k8s.Toleration': return toleration as fc.Arbitrary<Spec>;
      case `${PACKAGE}.PikoCluster`: return clusterVariant.map((variant) => ({ __spec: 'cluster' as const, variant }));
      case `${PACKAGE}.PikaCluster`: return clusterVariant.map((variant) => ({ __spec: 'pika-cluster' as const, variant }));
      case `${PACKAGE}.PikoSidecarHost`: return fc.constantFrom('workload' as const, 'kubeWorkload' as const).map((form) => ({ __spec: 'host' as const, form }));
      default: break;
    }
    const own = assembly.types[fqn];
    if (own?.kind === 'interface' && own.datatype) {
      return depth <= 0 ? fc.constant({}) : this.struct(fqn, depth) as fc.Arbitrary<Spec>;
    }
    const enumValues = this.enumValues(fqn);
    if (enumValues !== undefined) {
      return fc.constantFrom(...enumValues);
    }
    if (own?.kind === 'class') {
      const factories = (own.methods ?? []).filter((m: any) => m.static);
      return fc.constantFrom(...factories).chain((method: any) => {
        const parameters: Property[] = method.parameters ?? [];
        const args = parameters.map((p) => (depth <= 0 ? fc.constant({ __spec: 'undefined' as const }) : this.forType(p.type, depth - 1)));
        return (fc.tuple(...args) as fc.Arbitrary<Spec[]>).map((values) => ({ __spec: 'call' as const, cls: own.name, method: method.name, args: values }));
      });
    }
    return fc.constant({ __spec: 'undefined' as const });
  }

  private enumValues(fqn: string): string[] | undefined {
    const [module, ...names] = fqn.split('.');
    let value: any = module === PACKAGE ? this.libraries.lib : module === 'cdk8s-plus-28' ? this.libraries.plus : undefined;
    names.forEach((name) => { value = value?.[name]; });
    return value !== undefined && typeof value === 'object' ? Object.values(value).filter((v): v is string => typeof v === 'string') : undefined;
  }
}

function structProperties(fqn: string): Property[] {
  const struct = assembly.types[fqn];
  const bases: string[] = struct.interfaces ?? [];
  return [...bases.flatMap((base) => (assembly.types[base] ? structProperties(base) : [])), ...(struct.properties ?? [])];
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** A misspelling of `name`: a dropped, doubled or swapped letter. */
function misspell(name: string, choice: number): string {
  const i = 1 + (choice % Math.max(1, name.length - 2));
  switch (choice % 3) {
    case 0: return name.slice(0, i) + name.slice(i + 1);
    case 1: return name.slice(0, i) + name[i] + name.slice(i);
    default: return name.slice(0, i - 1) + name[i] + name[i - 1] + name.slice(i + 1);
  }
}

/** Sets `value` at the dotted `path` of `props`, making the parents; false when a parent is not a plain object. */
function setAt(props: { [key: string]: Spec }, dotted: string, value: Spec): boolean {
  const keys = dotted.split('.');
  let node: any = props;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === undefined || (typeof node[key] === 'object' && node[key] !== null && (node[key] as any).__spec === 'undefined')) {
      node[key] = {};
    }
    node = node[key];
    if (typeof node !== 'object' || node === null || Array.isArray(node) || typeof node.__spec === 'string') {
      return false;
    }
  }
  node[keys[keys.length - 1]] = value;
  return true;
}

interface Mutation { readonly kind: 'wrong' | 'misspell' | 'null' | 'snake'; readonly path: number; readonly value: Spec; readonly choice: number }

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('wrong', 'misspell', 'null', 'snake') as fc.Arbitrary<Mutation['kind']>,
  path: fc.nat(),
  value: anyValue,
  choice: fc.nat(),
});

/** Applies a JavaScript or Python caller's mistake to typed props, and says what it must cause. */
function applyMutation(
  construct: Construct, caller: Caller, props: { [key: string]: Spec }, m: Mutation, touched: string[],
): Expectation | undefined {
  const paths = propPaths(PROPS_OF[construct]).filter((p) => p.path !== 'config' && !p.path.endsWith('.config'));
  const target = paths[m.path % paths.length];
  const overlaps = (other: string) => other === target.path || other.startsWith(`${target.path}.`) || target.path.startsWith(`${other}.`);
  if (touched.some(overlaps)) {
    return undefined;
  }
  touched.push(target.path);
  const parent = target.path.split('.').slice(0, -1).join('.');
  const leaf = target.path.split('.').pop()!;
  const siblings = new Set(paths.filter((p) => p.path.split('.').slice(0, -1).join('.') === parent).map((p) => p.path.split('.').pop()));
  const kind = caller === 'python' ? m.kind : m.kind === 'snake' ? 'misspell' : m.kind;
  if (kind === 'wrong' || kind === 'null') {
    const value = kind === 'null' ? null : m.value;
    if (!setAt(props, target.path, value)) {
      return undefined;
    }
    return isWrongType(target.type, value) ? { messageContains: `] ${construct} ${target.path}`, why: `a wrong-typed value at ${target.path}` } : undefined;
  }
  const renamed = kind === 'snake' ? snakeCase(leaf) : misspell(leaf, m.choice);
  if (renamed === leaf || siblings.has(renamed)) {
    return undefined;
  }
  const keyPath = parent === '' ? renamed : `${parent}.${renamed}`;
  if (!setAt(props, keyPath, m.value === null ? 1 : m.value)) {
    return undefined;
  }
  return { messageContains: `] ${construct} ${keyPath} is not a setting of`, why: `the unknown key ${keyPath}` };
}

const AGENT_BASE: { [key: string]: Spec } = {
  connectTo: { __spec: 'call', cls: 'PikoAgentTarget', method: 'url', args: ['https://piko.example.com'] },
  listeners: [{ endpointId: 'web', host: 'web.apps.svc', port: 8080, timeout: { __spec: 'duration', unit: 'seconds', amount: 30 } }],
};
const GATEWAYS: Spec = [{ name: 'gw', namespace: 'gateway-system' }];

/** An ExternalSecret the store takes as it is (the campaign's default objects hold the same one). */
export const VALID_EXTERNAL_SECRET: { [key: string]: Spec } = { name: 'app-config', data: [{ secretKey: 'config.yaml', path: 'myapp/config' }] };

/**
 * Required props every construct needs to be built at all, as well-typed defaults: `fixed` ones
 * replace the generated value (an agent always connects somewhere valid), `defaults` fill in only
 * what the case did not generate (the referenced cluster or host keeps its generated form).
 */
export function baseProps(construct: Construct): { fixed: { [key: string]: Spec }; defaults: { [key: string]: Spec } } {
  switch (construct) {
    case 'PikoAgent': return { fixed: AGENT_BASE, defaults: {} };
    case 'PikoAgentSidecar': return { fixed: AGENT_BASE, defaults: { host: { __spec: 'host', form: 'workload' } } };
    case 'PikaIngress':
    case 'PikaSecretStore': return { fixed: {}, defaults: { cluster: { __spec: 'pika-cluster' } } };
    case 'PikaHttpRoute': return { fixed: {}, defaults: { cluster: { __spec: 'pika-cluster' }, gateways: GATEWAYS } };
    case 'PikoMonitor': return { fixed: {}, defaults: { cluster: { __spec: 'cluster' } } };
    case 'PikoHttpRoute': return { fixed: {}, defaults: { cluster: { __spec: 'cluster' }, gateways: GATEWAYS, listener: 'proxy' } };
    default: return { fixed: {}, defaults: {} };
  }
}

const AGENT_CONFIG_KEYS = ['connect.url', 'connect.token', 'connect.timeout', 'connect.tls.root_cas', 'log.level', 'listeners', 'server.bind_addr', 'unknown.key'];

// Raw config: trees of the servers' own keys and some they do not know, with values of every kind.
const CONFIG_KEYS: { [construct in Construct]: string[] } = {
  PikaCluster: [
    'log_level', 'server.port', 'server.host', 'server.base_path', 'server.tls.enabled', 'server.tls.cert_file', 'server.outbound.deny_cidrs',
    'server.limits.request_body_mb', 'storage.bw.path', 'storage.bw.in_memory', 'cluster.enabled', 'cluster.port', 'cluster.replicas', 'cluster.bind_addr',
    'cluster.dns_addr', 'cluster.refresh_interval', 'cluster.security_key', 'cluster.lock_key', 'encryption.password', 'telemetry.collector',
    'telemetry.token', 'audit.retention', 'server.api_key', 'unknown.key',
  ],
  PikoCluster: [
    'proxy.bind_addr', 'proxy.timeout', 'proxy.auth.hmac_secret_key', 'proxy.access_log.disable', 'upstream.bind_addr', 'upstream.tenants',
    'admin.bind_addr', 'admin.auth.jwks.endpoint', 'cluster.node_id_prefix', 'cluster.join', 'cluster.gossip.interval', 'grace_period', 'log.level',
    'log.subsystems', 'upstream.rebalance.threshold', 'proxy.tls.cert', 'proxy.password', 'unknown.key',
  ],
  PikoAgent: AGENT_CONFIG_KEYS,
  PikoAgentSidecar: AGENT_CONFIG_KEYS,
  // The integrations take no raw config: their cases focus on props and patches.
  PikaIngress: [],
  PikaSecretStore: [],
  PikaHttpRoute: [],
  PikoMonitor: [],
  PikoHttpRoute: [],
};
const CONFIG_VALUES: Spec[] = [
  'info', 'debug', 'loud', '8080', 8080, 0, -1, 70000, 3, '3', true, false, 'true', 'false', '1', '/data/pika', 'data/pika', '/data/../etc', '/tmp',
  '0.0.0.0', '0.0.0.0:5000', '::', 'pika-cluster.pika.svc.cluster.local', '30s', '1m', 'soon', '${POD_NAME}', '${UNSET}', '${SECRET_KEY}', '${VAR:x}', '$x',
  'literal-secret', ['10.0.0.0/8'], ['nope'], [{ id: 'a', auth: { hmac_secret_key: 'x' } }], [{ id: 'a', auth: { hmac_secret_key: '${TENANT_KEY}' } }],
  ['piko:8003'], [], {}, null,
];

const rawConfig = (construct: Construct) => fc
  .dictionary(fc.constantFrom(...CONFIG_KEYS[construct]), fc.constantFrom(...CONFIG_VALUES), { maxKeys: 3 })
  .map((entries) => {
    const tree: { [key: string]: Spec } = {};
    Object.entries(entries).forEach(([dotted, value]) => setAt(tree, dotted, value));
    return tree;
  });

/** Patches that break a cluster in the ways the checks claim to catch. */
const NAMED_PATCHES: NamedPatch[] = [
  { kind: 'StatefulSet', op: 'add', path: '/spec/template/spec/containers/0/workingDir', value: '/app' },
  { kind: 'StatefulSet', op: 'replace', path: '/metadata/namespace', value: 'elsewhere' },
  { kind: 'Service', op: 'replace', path: '/metadata/namespace', value: 'elsewhere' },
  { kind: 'ConfigMap', op: 'remove', path: '/metadata/namespace' },
  { kind: 'PodDisruptionBudget', op: 'add', path: '/spec/minAvailable', value: 1 },
  { kind: 'PodDisruptionBudget', op: 'add', path: '/spec/maxUnavailable', value: 1 },
  { kind: 'StatefulSet', op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'POD_NAME', value: 'x' } },
  { kind: 'StatefulSet', op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'CONFIG_FILE_PIKA', value: '/x.yaml' } },
  { kind: 'StatefulSet', op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'PIKA_STORAGE_BW_IN_MEMORY', value: 'true' } },
  { kind: 'StatefulSet', op: 'add', path: '/spec/template/spec/containers/0/args/-', value: '--config.path=/tmp/x.yaml' },
  { kind: 'StatefulSet', op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:latest' },
  { kind: 'StatefulSet', op: 'add', path: '/spec/template/spec/containers/0/securityContext/privileged', value: true },
  { kind: 'StatefulSet', op: 'replace', path: '/spec/template/spec/containers/0/volumeMounts/0/mountPath', value: '/elsewhere' },
  { kind: 'StatefulSet', op: 'add', path: '/spec/template/spec/containers/0/volumeMounts/0/subPath', value: 'other.yaml' },
  { kind: 'StatefulSet', op: 'add', path: '/spec/template/spec/containers/0/resources/requests/cpu', value: '64' },
  { kind: 'StatefulSet', op: 'replace', path: '/spec/replicas', value: 2 ** 31 },
  { kind: 'Service', op: 'add', path: '/spec/ports/0/nodePort', value: 80 },
  { kind: 'Service', op: 'replace', path: '/spec/ports/0/targetPort', value: 'nope' },
  { kind: 'NetworkPolicy', op: 'add', path: '/spec/ingress/0/from', value: [{ ipBlock: { cidr: '10.0.0.1/8' } }] },
  { kind: 'StatefulSet', op: 'add', path: '/spec/template/spec/tolerations', value: [{ key: 'dedicated', operator: 'exists', effect: 'NoSchedule' }] },
  { kind: 'StatefulSet', op: 'add', path: '/spec/template/spec/tolerations', value: [{ operator: 'Equal', effect: 'NoSchedule', tolerationSeconds: 30 }] },
  { kind: 'StatefulSet', op: 'add', path: '/spec/template/spec/affinity/podAffinity', value: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: '' } }] } },
  { kind: 'Deployment', op: 'add', path: '/spec/template/spec/tolerations', value: [{ key: 'spot', operator: 'Exists', value: 'yes' }] },
  { kind: 'Deployment', op: 'add', path: '/spec/template/spec/containers/0/workingDir', value: '/app' },
  { kind: 'Deployment', op: 'replace', path: '/spec/template/spec/containers/0/args/0', value: 'server' },
  // The integrations' own objects, moved off what they must reach.
  { kind: 'Ingress', op: 'replace', path: '/spec/rules/0/http/paths/0/backend/service/port/number', value: 9090 },
  { kind: 'Ingress', op: 'replace', path: '/spec/rules/0/http/paths/0/path', value: '/other' },
  { kind: 'Ingress', op: 'replace', path: '/metadata/namespace', value: 'elsewhere' },
  { kind: 'HTTPRoute', op: 'replace', path: '/spec/rules/0/backendRefs/0/port', value: 9090 },
  { kind: 'HTTPRoute', op: 'replace', path: '/spec/rules/0/backendRefs/0/name', value: 'other' },
  { kind: 'HTTPRoute', op: 'replace', path: '/metadata/namespace', value: 'elsewhere' },
  { kind: 'SecretStore', op: 'replace', path: '/spec/provider/webhook/url', value: 'http://elsewhere:1/data/{{ .remoteRef.key }}' },
  { kind: 'ExternalSecret', op: 'replace', path: '/spec/secretStoreRef/name', value: 'other' },
  { kind: 'ServiceMonitor', op: 'replace', path: '/spec/endpoints/0/port', value: 'nope' },
  { kind: 'ServiceMonitor', op: 'replace', path: '/spec/selector/matchLabels', value: { app: 'other' } },
  { kind: 'PodMonitor', op: 'replace', path: '/spec/podMetricsEndpoints/0/port', value: 'nope' },
  { kind: 'ConfigMap', op: 'replace', path: '/metadata/namespace', value: 'elsewhere' },
];

/** One case: a construct, a caller, its props, raw config, and patches. */
export function caseArbitrary(libraries: Libraries): fc.Arbitrary<Case> {
  const values = new ValueGenerator(libraries);
  return fc.record({
    construct: fc.constantFrom(...CONSTRUCTS),
    caller: fc.constantFrom('typescript', 'javascript', 'python') as fc.Arbitrary<Caller>,
    focus: fc.constantFrom('props', 'props', 'config', 'patch', 'patch'),
  }).chain(({ construct, caller, focus }) => fc.record({
    // An integration has no raw config: its config cases are props cases.
    typed: focus === 'props' || (focus === 'config' && CONFIG_KEYS[construct].length === 0) ? values.struct(PROPS_OF[construct], 3) : fc.constant({}),
    config: focus === 'config' && CONFIG_KEYS[construct].length > 0 ? rawConfig(construct) : fc.constant(undefined),
    // Props cases add generated options; patch cases a valid ExternalSecret, for patches to aim at.
    externalSecret: construct !== 'PikaSecretStore' ? fc.constant(undefined)
      : focus === 'patch' ? fc.option(fc.constant(VALID_EXTERNAL_SECRET), { nil: undefined })
        : fc.option(values.struct(`${PACKAGE}.PikaExternalSecretOptions`, 2), { nil: undefined }),
    mutations: (caller === 'typescript' || focus !== 'props' ? fc.constant([]) : fc.array(mutation, { minLength: 1, maxLength: 2 })) as fc.Arbitrary<Mutation[]>,
    patches: (focus === 'patch' ? fc.array(fc.record({
      op: fc.constantFrom('add', 'replace', 'remove') as fc.Arbitrary<PatchSpec['op']>,
      target: fc.nat(),
      value: fc.oneof(anyValue, fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Spec>),
    }), { maxLength: 2 }) : fc.constant([])) as fc.Arbitrary<PatchSpec[]>,
    named: (focus === 'patch' ? fc.subarray(NAMED_PATCHES, { maxLength: 2 }) : fc.constant([])) as fc.Arbitrary<NamedPatch[]>,
  }).map(({ typed, config, mutations, patches, named, externalSecret }) => {
    const base = baseProps(construct);
    const props: { [key: string]: Spec } = { ...base.defaults, ...typed, ...base.fixed };
    if (config !== undefined) {
      props.config = config;
    }
    // Mistakes at overlapping paths would hide each other (null for a struct hides its misspelt key).
    const touched: string[] = [];
    const expectations = mutations.map((m) => applyMutation(construct, caller, props, m, touched)).filter((e): e is Expectation => e !== undefined);
    return { construct, caller, props, patches, namedPatches: named, externalSecret, expectations };
  }));
}
