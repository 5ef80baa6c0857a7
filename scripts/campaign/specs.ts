import { Construct } from 'constructs';

// A case of the campaign is plain data (a "spec"), so it can be printed and replayed: values that
// callers build with a factory (a Duration, a PikaSecurityKey, an EnvValue) are written as
// `{ __spec: ... }` nodes and built only when the case runs, against whichever copy of the library
// the campaign was given (the built package, or the sources in the jest suite).

export type Spec = null | boolean | number | string | Spec[] | { [key: string]: Spec } | SpecialNode;

export type SpecialNode =
  | { readonly __spec: 'undefined' }
  | { readonly __spec: 'duration'; readonly unit: string; readonly amount: number }
  | { readonly __spec: 'size'; readonly unit: string; readonly amount: number }
  | { readonly __spec: 'cpu'; readonly millis: number }
  | { readonly __spec: 'env'; readonly value: string; readonly secret?: string }
  | { readonly __spec: 'update'; readonly partition?: number }
  | { readonly __spec: 'cluster'; readonly variant?: ClusterVariant }
  | { readonly __spec: 'pika-cluster'; readonly variant?: ClusterVariant }
  | { readonly __spec: 'host'; readonly form: 'workload' | 'kubeWorkload' }
  | { readonly __spec: 'call'; readonly cls: string; readonly method: string; readonly args: Spec[] };

/**
 * The clusters an integration may reference: default props, or the settings the integrations'
 * checks depend on (TLS in the pod, a NetworkPolicy that drops what it does not admit, a base path).
 */
export type ClusterVariant = 'default' | 'tls' | 'policy' | 'basePath';

/** The modules a case is built with. */
export interface Libraries {
  readonly lib: any;
  readonly cdk8s: typeof import('cdk8s');
  readonly plus: typeof import('cdk8s-plus-28');
}

function isSpecial(spec: Spec): spec is SpecialNode {
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec) && typeof (spec as any).__spec === 'string';
}

/** Thrown when the caller's own code (a cdk8s factory) refuses a value: not the library's doing. */
export class CallerError extends Error {}

/** Builds the value a spec stands for, in `chart` (a referenced cluster, host workload or Secret is made there). */
export function materialize(spec: Spec, libraries: Libraries, chart: Construct): unknown {
  if (Array.isArray(spec)) {
    return spec.map((item) => materialize(item, libraries, chart));
  }
  if (typeof spec !== 'object' || spec === null) {
    return spec;
  }
  if (!isSpecial(spec)) {
    return Object.fromEntries(Object.entries(spec).map(([key, value]) => [key, materialize(value, libraries, chart)]));
  }
  const { lib, cdk8s, plus } = libraries;
  const outside = (build: () => unknown) => {
    try {
      return build();
    } catch (error) {
      throw new CallerError(`the caller's own factory refused the value: ${(error as Error).message}`);
    }
  };
  switch (spec.__spec) {
    case 'undefined': return undefined;
    case 'duration': return outside(() => (cdk8s.Duration as any)[spec.unit](spec.amount));
    case 'size': return outside(() => (cdk8s.Size as any)[spec.unit](spec.amount));
    case 'cpu': return outside(() => plus.Cpu.millis(spec.millis));
    case 'env': return spec.secret === undefined ? plus.EnvValue.fromValue(spec.value)
      : plus.EnvValue.fromSecretValue({ secret: plus.Secret.fromSecretName(chart, `secret-${chart.node.children.length}`, spec.secret), key: spec.value });
    case 'update': return spec.partition === undefined ? plus.StatefulSetUpdateStrategy.onDelete() : plus.StatefulSetUpdateStrategy.rollingUpdate({ partition: spec.partition });
    case 'cluster': return new lib.PikoCluster(chart, `target-${chart.node.children.length}`, { name: `piko-${chart.node.children.length}`, ...pikoVariant(lib, spec.variant) });
    case 'pika-cluster': return new lib.PikaCluster(chart, `pika-target-${chart.node.children.length}`, pikaVariant(lib, spec.variant));
    case 'host': return sidecarHost(libraries, chart, spec.form);
    case 'call': return lib[spec.cls][spec.method](...spec.args.map((arg) => materialize(arg, libraries, chart)));
  }
}

function pikoVariant(lib: any, variant: ClusterVariant | undefined): object {
  switch (variant) {
    case 'tls': return { replicas: 1, upstream: { tls: lib.PikoTls.fromSecret('upstream-tls') }, proxy: { tls: lib.PikoTls.fromSecret('proxy-tls') } };
    case 'policy': return { networkPolicy: {} };
    default: return {};
  }
}

function pikaVariant(lib: any, variant: ClusterVariant | undefined): object {
  switch (variant) {
    case 'tls': return { server: { tls: lib.PikaServerTls.fromSecret('pika-tls') } };
    case 'policy': return { networkPolicy: {} };
    case 'basePath': return { server: { basePath: '/pika' } };
    default: return {};
  }
}

/** A workload for a sidecar to join, in its own namespace: a cdk8s-plus Deployment or an L1 one. */
function sidecarHost(libraries: Libraries, chart: Construct, form: 'workload' | 'kubeWorkload'): unknown {
  const { lib, plus } = libraries;
  const id = `host-${chart.node.children.length}`;
  if (form === 'workload') {
    return lib.PikoSidecarHost.workload(new plus.Deployment(chart, id, {
      metadata: { name: 'web', namespace: 'web' },
      containers: [{ name: 'web', image: 'nginx:1.27', portNumber: 8080 }],
    }));
  }
  return lib.PikoSidecarHost.kubeWorkload(new plus.k8s.KubeDeployment(chart, id, {
    metadata: { name: 'web', namespace: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] } },
    },
  }));
}

/** A spec as JSON for a report: numbers JSON cannot write (NaN, Infinity, -0) are spelled out. */
export function describeSpec(spec: unknown): string {
  return JSON.stringify(spec, (_key, value) => (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0)) ? `<number ${value === 0 ? '-0' : value}>` : value));
}
