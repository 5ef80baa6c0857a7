import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { normalizeBasePath } from './base-path';
import { PikaCluster } from './cluster';
import { finalJson } from '../common/final-json';
import {
  BackendTlsOptions, buildGatewayExposure, checkRouteBackend, checkRouteProps, GatewayParent, PathPrefixHandling, prefixAtServer, gatewayNamespaces,
} from '../common/gateway';
import { describeObject, Manifest } from '../common/manifest-view';
import { admitIntegration, checkPolicyAdmits, NetworkPeer } from '../common/network-policy';
import { apiObjectsOf } from '../common/object-versions';
import { addSynthChecks, CheckResult, Problem, throwIfProblems } from '../common/problems';
import { checkPropsShape } from '../common/props-shape';

const KIND = 'PikaHttpRoute';

/** Props of {@link PikaHttpRoute}. */
export interface PikaHttpRouteProps {
  /** The cluster whose UI and API the route exposes. */
  readonly cluster: PikaCluster;
  /** The Gateways the route attaches to. */
  readonly gateways: GatewayParent[];
  /**
   * Host names the route answers for.
   * @default - every host name of the Gateway's listeners
   */
  readonly hostnames?: string[];
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
  /**
   * How the Gateway verifies Pika's certificate; required when Pika serves TLS in the pod, and a
   * BackendTLSPolicy is rendered from it.
   * @default - no BackendTLSPolicy (plain HTTP to the pod)
   */
  readonly backendTls?: BackendTlsOptions;
  /**
   * Name of the HTTPRoute (and BackendTLSPolicy).
   * @default - the cluster's name
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
    const name = props.name ?? cluster.name;
    const pathPrefix = props.pathPrefix ?? (cluster.basePath === '' ? '/' : cluster.basePath);
    const prefixHandling = props.prefixHandling ?? PathPrefixHandling.FORWARD;
    const port = props.port ?? cluster.httpPort;
    throwIfProblems(this, KIND, [
      ...checkRouteProps({ ...props, name, exampleHost: 'pika.example.com', tlsEnabled: cluster.tlsEnabled }),
      ...(pathPrefix === '/' ? [] : [normalizeBasePath('pathPrefix', pathPrefix).problem].filter((p): p is Problem => p !== undefined)),
      ...admitIntegration(cluster.networkPolicy, port, this.allowFrom(props), 'the Gateway', "NetworkPeer.namespaceNamed('gateway-system')"),
    ]);
    const exposure = buildGatewayExposure(this, {
      name,
      namespace: cluster.namespace,
      labels: { ...cluster.selectorLabels, 'app.kubernetes.io/managed-by': 'cdk8s-pika-piko' },
      parents: props.gateways,
      hostnames: props.hostnames,
      pathPrefix,
      prefixHandling,
      serviceName: cluster.service.name,
      port,
      tlsEnabled: cluster.tlsEnabled,
      backendTls: props.backendTls,
      defaultTlsHostname: cluster.serviceDnsName,
    });
    this.route = exposure.route;
    this.backendTlsPolicy = exposure.backendTlsPolicy;
    const objects = [...apiObjectsOf(this), ...apiObjectsOf(cluster)];
    addSynthChecks(this, KIND, { objects: () => objects }, () => this.checkFinalObjects(cluster, port, this.allowFrom(props)));
  }

  private allowFrom(props: PikaHttpRouteProps): NetworkPeer[] {
    return props.allowFrom ?? gatewayNamespaces(props.gateways, props.cluster.namespace);
  }

  private checkFinalObjects(cluster: PikaCluster, port: number, allowFrom: NetworkPeer[]): CheckResult {
    const route = finalJson(this.route);
    const service = finalJson(cluster.service);
    const servicePorts: number[] = (service.spec?.ports ?? []).map((p: Manifest) => p.port);
    const problems = checkRouteBackend(route, service, servicePorts);
    const config = cluster._effectiveConfig();
    const httpPort = (service.spec?.ports ?? []).find((p: Manifest) => p.name === 'http')?.port;
    if (route.spec?.rules?.[0]?.backendRefs?.[0]?.port === httpPort) {
      problems.push(...checkPrefix(route, config.basePath()));
    }
    problems.push(...checkBackendTls(this.backendTlsPolicy && finalJson(this.backendTlsPolicy), service, config.tlsEnabled()));
    if (cluster.networkPolicy !== undefined) {
      problems.push(...checkPolicyAdmits(finalJson(cluster.networkPolicy), port, allowFrom, 'the Gateway (PikaHttpRoute allowFrom)'));
    }
    return { problems, warnings: [] };
  }
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
