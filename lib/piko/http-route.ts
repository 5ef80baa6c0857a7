import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PikoCluster } from './cluster';
import { finalJson } from '../common/final-json';
import {
  BackendTlsOptions, buildGatewayExposure, checkRouteBackend, checkRouteProps, GatewayParent, PathPrefixHandling, prefixAtServer, gatewayNamespaces,
} from '../common/gateway';
import { formatGoDuration } from '../common/go-duration';
import { describeObject, Manifest } from '../common/manifest-view';
import { admitIntegration, checkPolicyAdmits, NetworkPeer } from '../common/network-policy';
import { apiObjectsOf } from '../common/object-versions';
import { addSynthChecks, CheckResult, throwIfProblems } from '../common/problems';
import { checkPropsShape } from '../common/props-shape';

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
export interface PikoHttpRouteProps {
  /** The cluster to route to. */
  readonly cluster: PikoCluster;
  /** Which listener the route exposes. */
  readonly listener: PikoRoutedListener;
  /** The Gateways the route attaches to. */
  readonly gateways: GatewayParent[];
  /**
   * Host names the route answers for. For the proxy, Piko takes the endpoint from the first label
   * of the host (`my-endpoint.piko.example.com`) unless clients send `x-piko-endpoint`, so a
   * wildcard host such as `*.piko.example.com` is common.
   * @default - every host name of the Gateway's listeners
   */
  readonly hostnames?: string[];
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
  /**
   * How the Gateway verifies the listener's certificate; required when it serves TLS.
   * @default - no BackendTLSPolicy
   */
  readonly backendTls?: BackendTlsOptions;
  /**
   * Name of the HTTPRoute.
   * @default - `<cluster name>-<listener>`
   */
  readonly name?: string;
  /**
   * Where the Gateway's proxies run. With the cluster's NetworkPolicy, these peers are admitted to
   * the routed port (the policy drops all traffic it does not admit).
   * @default - the namespaces of the Gateways
   */
  readonly allowFrom?: NetworkPeer[];
}

/**
 * Exposes Piko's proxy or upstream port through a Gateway API HTTPRoute. The upstream route
 * turns the Gateway's request timeout off by default, since upstreams hold WebSockets open; the
 * Gateway must allow WebSocket upgrades. The admin port cannot be routed.
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
    const name = props.name ?? `${cluster.name}-${listener}`;
    const service = listener === PikoRoutedListener.UPSTREAM ? cluster.upstreamService : cluster.proxyService;
    const port = listener === PikoRoutedListener.UPSTREAM ? cluster.upstreamPort : cluster.proxyPort;
    const tls = cluster._tlsEnabled(listener);
    const timeout = props.requestTimeout ?? (listener === PikoRoutedListener.UPSTREAM ? Duration.seconds(0) : undefined);
    const pathPrefix = props.pathPrefix ?? '/';
    const allowFrom = props.allowFrom ?? gatewayNamespaces(props.gateways, cluster.namespace);
    throwIfProblems(this, KIND, [
      ...checkRouteProps({ ...props, name, exampleHost: 'piko.example.com', tlsEnabled: tls }),
      ...(/^\/[^?#\s]*$/.test(pathPrefix) ? [] : [{ setting: 'pathPrefix', rule: 'must be a path starting with "/"', found: pathPrefix, fix: 'use e.g. "/" or "/piko"' }]),
      ...admitIntegration(cluster.networkPolicy, port, allowFrom, 'the Gateway', "NetworkPeer.namespaceNamed('gateway-system')"),
    ]);
    const exposure = buildGatewayExposure(this, {
      name,
      namespace: cluster.namespace,
      labels: { ...cluster.selectorLabels, 'app.kubernetes.io/managed-by': 'cdk8s-pika-piko' },
      parents: props.gateways,
      hostnames: props.hostnames,
      pathPrefix,
      prefixHandling: props.prefixHandling ?? PathPrefixHandling.FORWARD,
      serviceName: service.name,
      port,
      requestTimeout: timeout === undefined ? undefined : formatGoDuration(timeout),
      tlsEnabled: tls,
      backendTls: props.backendTls,
      defaultTlsHostname: `${service.name}.${cluster.namespace}.svc`,
    });
    this.route = exposure.route;
    this.backendTlsPolicy = exposure.backendTlsPolicy;
    const objects = [...apiObjectsOf(this), ...apiObjectsOf(cluster)];
    addSynthChecks(this, KIND, { objects: () => objects }, () => this.checkFinalObjects(cluster, listener, allowFrom));
  }

  private checkFinalObjects(cluster: PikoCluster, listener: PikoRoutedListener, allowFrom: NetworkPeer[]): CheckResult {
    const route = finalJson(this.route);
    const service = finalJson(listener === PikoRoutedListener.UPSTREAM ? cluster.upstreamService : cluster.proxyService);
    const servicePorts: number[] = (service.spec?.ports ?? []).map((p: Manifest) => p.port);
    const problems = checkRouteBackend(route, service, servicePorts);
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
    if (this.backendTlsPolicy === undefined && cluster._tlsEnabled(listener)) {
      problems.push({
        setting: `BackendTLSPolicy for ${describeObject(service)}`,
        rule: `must exist: the ${listener} listener serves TLS, and a Gateway would talk plain HTTP to it`,
        found: undefined,
        fix: 'set backendTls on the route',
      });
    }
    if (cluster.networkPolicy !== undefined) {
      const port = listener === PikoRoutedListener.UPSTREAM ? cluster.upstreamPort : cluster.proxyPort;
      problems.push(...checkPolicyAdmits(finalJson(cluster.networkPolicy), port, allowFrom, 'the Gateway (PikoHttpRoute allowFrom)'));
    }
    return { problems, warnings: [] };
  }
}
