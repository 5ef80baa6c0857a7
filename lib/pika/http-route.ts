import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { normalizeBasePath } from './base-path';
import { PikaCluster } from './cluster';
import { GatewayRouteProps, PathPrefixHandling, prefixAtServer } from '../common/gateway';
import { describeObject, Manifest } from '../common/manifest-view';
import { Problem, throwIfProblems } from '../common/problems';
import { checkPropsShape } from '../common/props-shape';
import { buildServerRoute } from '../common/server-route';

const KIND = 'PikaHttpRoute';

/** Props of {@link PikaHttpRoute}. */
export interface PikaHttpRouteProps extends GatewayRouteProps {
  /** The cluster whose UI and API the route exposes. */
  readonly cluster: PikaCluster;
  /**
   * The path prefix the route matches.
   * @default - the cluster's base path, or "/" at the root
   */
  readonly pathPrefix?: string;
  /**
   * Whether the Gateway forwards the prefix to Pika (which then needs it as `server.basePath`) or
   * strips it (Pika then serves at the root).
   * @default PathPrefixHandling.FORWARD
   */
  readonly prefixHandling?: PathPrefixHandling;
  /**
   * The Service port to route to: the HTTP port, or the port of a declared endpoint.
   * @default - the HTTP port
   */
  readonly port?: number;
}

/**
 * Exposes a Pika cluster through a Gateway API HTTPRoute in the cluster's namespace, with a
 * BackendTLSPolicy when Pika serves TLS itself. The route's prefix and Pika's `server.base_path`
 * are checked against each other for both prefix handlings, so sub-path routing cannot 404.
 */
export class PikaHttpRoute extends Construct {
  /** The HTTPRoute. */
  public readonly route: ApiObject;
  /** The BackendTLSPolicy, when Pika serves TLS in the pod. */
  public readonly backendTlsPolicy?: ApiObject;

  /**
   * @param scope the chart or construct this belongs to
   * @param id the construct id; object names come from the props, not from the id
   * @param props the cluster to route to and the Gateways to attach to
   */
  constructor(scope: Construct, id: string, props: PikaHttpRouteProps) {
    super(scope, id);
    throwIfProblems(this, KIND, checkPropsShape('cdk8s-pika-piko.PikaHttpRouteProps', props));
    const cluster = props.cluster;
    const pathPrefix = props.pathPrefix ?? (cluster.basePath === '' ? '/' : cluster.basePath);
    const exposure = buildServerRoute(this, {
      kind: KIND,
      props,
      cluster,
      name: props.name ?? cluster.name,
      service: cluster.service,
      port: props.port ?? cluster.httpPort,
      pathPrefix,
      prefixHandling: props.prefixHandling ?? PathPrefixHandling.FORWARD,
      tlsEnabled: cluster.tlsEnabled,
      defaultTlsHostname: cluster.serviceDnsName,
      exampleHost: 'pika.example.com',
      serverProblems: pathPrefix === '/' ? [] : [normalizeBasePath('pathPrefix', pathPrefix).problem].filter((p): p is Problem => p !== undefined),
      checkFinal: (route, service, backendTlsPolicy) => checkPikaBackend(cluster, route, service, backendTlsPolicy),
    });
    this.route = exposure.route;
    this.backendTlsPolicy = exposure.backendTlsPolicy;
  }
}

/** The route's prefix must be Pika's base path when it reaches the HTTP port, and Pika's TLS needs a BackendTLSPolicy. */
function checkPikaBackend(cluster: PikaCluster, route: Manifest, service: Manifest, backendTlsPolicy: Manifest | undefined): Problem[] {
  const config = cluster._effectiveConfig();
  const httpPort = (service.spec?.ports ?? []).find((p: Manifest) => p.name === 'http')?.port;
  const problems = route.spec?.rules?.[0]?.backendRefs?.[0]?.port === httpPort ? checkPrefix(route, config.basePath()) : [];
  return [...problems, ...checkBackendTls(backendTlsPolicy, service, config.tlsEnabled())];
}

/** The prefix Pika receives must be its base path: `/pika` unstripped needs base_path `/pika`. */
function checkPrefix(route: Manifest, basePath: string): Problem[] {
  const received = prefixAtServer(route);
  if (received === basePath) {
    return [];
  }
  return [{
    setting: `${describeObject(route)} path prefix at Pika`,
    rule: `must equal Pika's server.base_path "${basePath}": requests would reach Pika under "${received || '/'}" and miss every route`,
    found: received || '/',
    fix: basePath === ''
      ? 'strip the prefix (prefixHandling: STRIP), or set the cluster\'s server.basePath to the prefix'
      : 'forward the prefix unchanged (prefixHandling: FORWARD) with pathPrefix equal to the base path, or unset server.basePath',
  }];
}

/** With TLS in the pod, a BackendTLSPolicy must target the Service; without, there must be none. */
function checkBackendTls(policy: Manifest | undefined, service: Manifest, tlsEnabled: boolean): Problem[] {
  if (tlsEnabled && policy === undefined) {
    return [{
      setting: `BackendTLSPolicy for ${describeObject(service)}`,
      rule: 'must exist: Pika serves TLS in the pod, and a Gateway would talk plain HTTP to it',
      found: undefined,
      fix: 'set backendTls on the route',
    }];
  }
  const target = policy?.spec?.targetRefs?.[0];
  if (policy !== undefined && (target?.kind !== 'Service' || target?.name !== service.metadata?.name)) {
    return [{
      setting: `${describeObject(policy)} spec.targetRefs`,
      rule: `must target the Service "${service.metadata?.name}"`,
      found: policy.spec?.targetRefs,
      fix: 'remove the patch that changes the target',
    }];
  }
  return [];
}
