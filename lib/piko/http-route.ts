import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PikoCluster } from './cluster';
import { GatewayRouteProps, PathPrefixHandling, prefixAtServer } from '../common/gateway';
import { checkPositiveDuration, formatGoDuration } from '../common/go-duration';
import { describeObject, Manifest } from '../common/manifest-view';
import { Problem, throwIfProblems } from '../common/problems';
import { checkPropsShape } from '../common/props-shape';
import { buildServerRoute } from '../common/server-route';

const KIND = 'PikoHttpRoute';

/** The upstream WebSocket path every upstream connection uses. */
const UPSTREAM_PATH = '/piko/v1/upstream';

/** The listeners a route may expose. The admin port is never routed. */
export enum PikoRoutedListener {
  /** Downstream clients reaching endpoints. */
  PROXY = 'proxy',
  /** `piko agent` and SDK upstreams, over long-lived WebSockets. */
  UPSTREAM = 'upstream',
}

/** Props of {@link PikoHttpRoute}. */
export interface PikoHttpRouteProps extends GatewayRouteProps {
  /** The cluster to route to. */
  readonly cluster: PikoCluster;
  /** Which listener the route exposes. */
  readonly listener: PikoRoutedListener;
  /**
   * The path prefix the route matches.
   * @default "/"
   */
  readonly pathPrefix?: string;
  /**
   * Whether the Gateway forwards the prefix or strips it.
   * @default PathPrefixHandling.FORWARD
   */
  readonly prefixHandling?: PathPrefixHandling;
  /**
   * The Gateway's request timeout; `Duration.seconds(0)` turns it off.
   * @default - none for the upstream listener (its WebSockets live for hours); the Gateway's default for the proxy
   */
  readonly requestTimeout?: Duration;
}

/**
 * Exposes Piko's proxy or upstream port through a Gateway API HTTPRoute. The upstream route
 * turns the Gateway's request timeout off by default, since upstreams hold WebSockets open; the
 * Gateway must allow WebSocket upgrades. The admin port cannot be routed. For the proxy, Piko
 * takes the endpoint from the first label of the host (`my-endpoint.piko.example.com`) unless
 * clients send `x-piko-endpoint`, so a wildcard host such as `*.piko.example.com` is common.
 */
export class PikoHttpRoute extends Construct {
  /** The HTTPRoute. */
  public readonly route: ApiObject;
  /** The BackendTLSPolicy, when the listener serves TLS. */
  public readonly backendTlsPolicy?: ApiObject;

  /**
   * @param scope the chart or construct this belongs to
   * @param id the construct id; object names come from the props, not from the id
   * @param props the cluster and listener to route to, and the Gateways to attach to
   */
  constructor(scope: Construct, id: string, props: PikoHttpRouteProps) {
    super(scope, id);
    throwIfProblems(this, KIND, checkPropsShape('cdk8s-pika-piko.PikoHttpRouteProps', props));
    const cluster = props.cluster;
    const listener = props.listener;
    const upstream = listener === PikoRoutedListener.UPSTREAM;
    const service = upstream ? cluster.upstreamService : cluster.proxyService;
    const timeout = props.requestTimeout ?? (upstream ? Duration.seconds(0) : undefined);
    const pathPrefix = props.pathPrefix ?? '/';
    // Named before formatGoDuration, which refuses a fraction of a millisecond with cdk8s's own error.
    const timeoutProblem = timeout === undefined ? undefined : checkPositiveDuration('requestTimeout', timeout, 0);
    const exposure = buildServerRoute(this, {
      kind: KIND,
      props,
      cluster,
      name: props.name ?? `${cluster.name}-${listener}`,
      service,
      port: upstream ? cluster.upstreamPort : cluster.proxyPort,
      pathPrefix,
      prefixHandling: props.prefixHandling ?? PathPrefixHandling.FORWARD,
      requestTimeout: timeout === undefined || timeoutProblem !== undefined ? undefined : formatGoDuration(timeout),
      tlsEnabled: cluster._tlsEnabled(listener),
      defaultTlsHostname: `${service.name}.${cluster.namespace}.svc`,
      exampleHost: 'piko.example.com',
      serverProblems: [
        ...(/^\/[^?#\s]*$/.test(pathPrefix) ? [] : [{ setting: 'pathPrefix', rule: 'must be a path starting with "/"', found: pathPrefix, fix: 'use e.g. "/" or "/piko"' }]),
        ...(timeoutProblem === undefined ? [] : [timeoutProblem]),
      ],
      checkFinal: (route, finalService, backendTlsPolicy) => checkPikoBackend(cluster, listener, route, finalService, backendTlsPolicy),
    });
    this.route = exposure.route;
    this.backendTlsPolicy = exposure.backendTlsPolicy;
  }
}

/** A route must not reach the admin port, an upstream route must reach Piko's upstream path, and TLS needs a BackendTLSPolicy. */
function checkPikoBackend(
  cluster: PikoCluster, listener: PikoRoutedListener, route: Manifest, service: Manifest, backendTlsPolicy: Manifest | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const backendPort = route.spec?.rules?.[0]?.backendRefs?.[0]?.port;
  if (backendPort === cluster.adminPort) {
    problems.push({
      setting: `${describeObject(route)} backendRef port`,
      rule: 'must not be the admin port: it serves metrics, status and pprof, and must stay inside the cluster',
      found: backendPort,
      fix: 'route the proxy or upstream port',
    });
  }
  const received = prefixAtServer(route) ?? '';
  if (listener === PikoRoutedListener.UPSTREAM && !`${UPSTREAM_PATH}/`.startsWith(received === '' ? '/' : `${received}/`)) {
    problems.push({
      setting: `${describeObject(route)} path prefix at Piko`,
      rule: `must be a prefix of ${UPSTREAM_PATH}/, where upstreams connect: Piko serves no base path`,
      found: received,
      fix: 'match "/" (or "/piko"), or strip the prefix with prefixHandling STRIP',
    });
  }
  if (backendTlsPolicy === undefined && cluster._tlsEnabled(listener)) {
    problems.push({
      setting: `BackendTLSPolicy for ${describeObject(service)}`,
      rule: `must exist: the ${listener} listener serves TLS, and a Gateway would talk plain HTTP to it`,
      found: undefined,
      fix: 'set backendTls on the route',
    });
  }
  return problems;
}
