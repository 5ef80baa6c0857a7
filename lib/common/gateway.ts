import { Construct } from 'constructs';
import { backendTlsPolicyBinding, httpRouteBinding } from './crd-bindings';
import { checkDnsSubdomain, checkServiceName } from './kubernetes-formats';
import { describeObject, Manifest } from './manifest-view';
import { NetworkPeer } from './network-policy';
import { Problem } from './problems';
import type { BackendTlsPolicy } from '../../imports/backendtlspolicies-gateway.networking.k8s.io';
import type { HttpRoute } from '../../imports/httproutes-gateway.networking.k8s.io';

/** A Gateway (or one listener of it) that a route attaches to. */
export interface GatewayParent {
  /** Name of the Gateway. */
  readonly name: string;
  /**
   * Namespace of the Gateway; it must allow routes from the server's namespace.
   * @default - the route's namespace
   */
  readonly namespace?: string;
  /**
   * Listener of the Gateway to attach to.
   * @default - every listener that accepts the route
   */
  readonly sectionName?: string;
}

/**
 * The props every Gateway API route construct takes, whatever server it routes to
 * (PikaHttpRoute, PikoHttpRoute).
 */
export interface GatewayRouteProps {
  /** The Gateways the route attaches to. */
  readonly gateways: GatewayParent[];
  /**
   * Host names the route answers for.
   * @default - every host name of the Gateway's listeners
   */
  readonly hostnames?: string[];
  /**
   * How the Gateway verifies the server's certificate; required when the routed listener serves
   * TLS in the pod, and a BackendTLSPolicy is rendered from it.
   * @default - no BackendTLSPolicy (plain HTTP to the pod)
   */
  readonly backendTls?: BackendTlsOptions;
  /**
   * Name of the HTTPRoute (and BackendTLSPolicy).
   * @default - the cluster's name for PikaHttpRoute; `<cluster name>-<listener>` for PikoHttpRoute
   */
  readonly name?: string;
  /**
   * Where the Gateway's proxies run. With the cluster's NetworkPolicy, these peers are admitted to
   * the routed port (the policy drops all traffic it does not admit).
   * @default - the namespaces of the Gateways
   */
  readonly allowFrom?: NetworkPeer[];
}

/** The namespaces of a route's Gateways, as network peers: where their traffic comes from by default. */
export function gatewayNamespaces(parents: GatewayParent[], routeNamespace: string): NetworkPeer[] {
  const namespaces = [...new Set(parents.map((parent) => parent.namespace ?? routeNamespace))];
  return namespaces.map((namespace) => NetworkPeer.namespaceNamed(namespace));
}

/** What the Gateway does with the matched path prefix before it forwards a request. */
export enum PathPrefixHandling {
  /** Forward the path unchanged: the server must serve under the prefix (its base path). */
  FORWARD = 'FORWARD',
  /** Replace the prefix with `/` (URLRewrite ReplacePrefixMatch): the server serves at the root. */
  STRIP = 'STRIP',
}

export interface HttpRouteSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly parents: GatewayParent[];
  readonly hostnames?: string[];
  readonly pathPrefix: string;
  readonly prefixHandling: PathPrefixHandling;
  readonly serviceName: string;
  readonly port: number;
  /** A Gateway API duration such as "30s"; "0s" turns the timeout off. */
  readonly requestTimeout?: string;
}

/** An HTTPRoute sending one path prefix of the Gateway's traffic to one Service port. */
export function buildHttpRoute(scope: Construct, id: string, spec: HttpRouteSpec): HttpRoute {
  const strip = spec.prefixHandling === PathPrefixHandling.STRIP && spec.pathPrefix !== '/';
  const {
    HttpRoute, HttpRouteSpecRulesFiltersType, HttpRouteSpecRulesFiltersUrlRewritePathType, HttpRouteSpecRulesMatchesPathType,
  } = httpRouteBinding();
  return new HttpRoute(scope, id, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      // group, kind and weight are the API server's defaults, written out: inside lists that an
      // apply replaces whole, a field left to defaulting changes the stored object on every apply.
      parentRefs: spec.parents.map((p) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: p.name, namespace: p.namespace, sectionName: p.sectionName })),
      hostnames: spec.hostnames,
      rules: [{
        matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: spec.pathPrefix } }],
        filters: strip ? [{
          type: HttpRouteSpecRulesFiltersType.URL_REWRITE,
          urlRewrite: { path: { type: HttpRouteSpecRulesFiltersUrlRewritePathType.REPLACE_PREFIX_MATCH, replacePrefixMatch: '/' } },
        }] : undefined,
        backendRefs: [{ group: '', kind: 'Service', name: spec.serviceName, port: spec.port, weight: 1 }],
        timeouts: spec.requestTimeout === undefined ? undefined : { request: spec.requestTimeout },
      }],
    },
  });
}

/** How a Gateway verifies the certificate a server presents to it. */
export interface BackendTlsOptions {
  /**
   * ConfigMap (in the server's namespace) whose `ca.crt` signs the server's certificate.
   * @default - none; set this or `wellKnownCaCertificates`
   */
  readonly caConfigMapName?: string;
  /**
   * Trust the Gateway's system CA bundle instead of a ConfigMap.
   * @default false
   */
  readonly wellKnownCaCertificates?: boolean;
  /**
   * The name the certificate must carry.
   * @default - the Service's in-cluster DNS name
   */
  readonly hostname?: string;
}

export interface BackendTlsPolicySpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly serviceName: string;
  readonly hostname: string;
  readonly options: BackendTlsOptions;
}

/** A BackendTLSPolicy: the Gateway speaks TLS to the Service and verifies its certificate. */
export function buildBackendTlsPolicy(scope: Construct, id: string, spec: BackendTlsPolicySpec): BackendTlsPolicy {
  const { BackendTlsPolicy } = backendTlsPolicyBinding();
  return new BackendTlsPolicy(scope, id, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      targetRefs: [{ group: '', kind: 'Service', name: spec.serviceName }],
      validation: {
        hostname: spec.hostname,
        caCertificateRefs: spec.options.caConfigMapName === undefined ? undefined : [{ group: '', kind: 'ConfigMap', name: spec.options.caConfigMapName }],
        wellKnownCaCertificates: spec.options.wellKnownCaCertificates ? 'System' : undefined,
      },
    },
  });
}

export function checkBackendTlsOptions(setting: string, options: BackendTlsOptions | undefined, tlsEnabled: boolean): Problem[] {
  if (!tlsEnabled) {
    return options === undefined ? [] : [{
      setting, rule: 'only applies when the server serves TLS itself', found: options, fix: 'remove it, or turn on the server\'s TLS',
    }];
  }
  const sources = [options?.caConfigMapName !== undefined, options?.wellKnownCaCertificates === true].filter(Boolean).length;
  if (sources === 1) {
    return [];
  }
  return [{
    setting,
    rule: 'must name exactly one CA the Gateway verifies the server\'s certificate with (caConfigMapName or wellKnownCaCertificates), because the server serves TLS in the pod',
    found: options,
    fix: 'e.g. { caConfigMapName: "pika-ca" } holding the issuer\'s ca.crt',
  }];
}

/** The single backend of a route as rendered, with the namespace it resolves in. */
export function routeBackend(route: Manifest): { name?: string; namespace?: string; port?: number } {
  const backend = route.spec?.rules?.[0]?.backendRefs?.[0] ?? {};
  return { name: backend.name, namespace: backend.namespace ?? route.metadata?.namespace, port: backend.port };
}

/**
 * The path prefix the server receives for the route's first rule: the matched prefix when it is
 * forwarded, the URLRewrite replacement when the Gateway rewrites it. `undefined` when unknown.
 */
export function prefixAtServer(route: Manifest): string | undefined {
  const rule = route.spec?.rules?.[0];
  const match: string | undefined = rule?.matches?.[0]?.path?.value;
  const rewrite = (rule?.filters ?? []).find((f: Manifest) => f.type === 'URLRewrite')?.urlRewrite?.path;
  const prefix = rewrite?.type === 'ReplacePrefixMatch' ? rewrite.replacePrefixMatch : match;
  return typeof prefix === 'string' ? prefix.replace(/\/+$/, '') : undefined;
}

/** A route's backend must be the Service it means, in its namespace, on a port it has. */
export function checkRouteBackend(route: Manifest, service: Manifest, servicePorts: number[]): Problem[] {
  const backend = routeBackend(route);
  const problems: Problem[] = [];
  const setting = `${describeObject(route)} backendRef`;
  if (backend.name !== service.metadata?.name || backend.namespace !== service.metadata?.namespace) {
    problems.push({
      setting,
      rule: `must be the Service "${service.metadata?.name}" in namespace "${service.metadata?.namespace}"`,
      found: `${backend.namespace}/${backend.name}`,
      fix: 'remove the patch that changes the backend',
    });
  }
  if (backend.port === undefined || !servicePorts.includes(backend.port)) {
    problems.push({
      setting: `${setting} port`,
      rule: `must be a port the Service exposes (${servicePorts.join(', ')})`,
      found: backend.port,
      fix: 'route to a port the server declares',
    });
  }
  return problems;
}

/** A route and, when the server serves TLS itself, the BackendTLSPolicy the Gateway needs. */
export interface GatewayExposureSpec extends HttpRouteSpec {
  readonly tlsEnabled: boolean;
  readonly backendTls?: BackendTlsOptions;
  /** The name the certificate carries unless `backendTls.hostname` says otherwise. */
  readonly defaultTlsHostname: string;
}

export function buildGatewayExposure(scope: Construct, spec: GatewayExposureSpec): { route: HttpRoute; backendTlsPolicy?: BackendTlsPolicy } {
  const route = buildHttpRoute(scope, 'Route', spec);
  if (!spec.tlsEnabled || spec.backendTls === undefined) {
    return { route };
  }
  const backendTlsPolicy = buildBackendTlsPolicy(scope, 'BackendTlsPolicy', {
    name: spec.name,
    namespace: spec.namespace,
    labels: spec.labels,
    serviceName: spec.serviceName,
    hostname: spec.backendTls.hostname ?? spec.defaultTlsHostname,
    options: spec.backendTls,
  });
  return { route, backendTlsPolicy };
}

/** The props every route construct checks the same way; `name` is the resolved one. */
export function checkRouteProps(props: GatewayRouteProps, name: string, exampleHost: string, tlsEnabled: boolean): Problem[] {
  const problems: Array<Problem | undefined> = [
    checkServiceName('name', name),
    props.gateways.length === 0 ? { setting: 'gateways', rule: 'must name at least one Gateway', found: [], fix: 'add the Gateway the route attaches to' } : undefined,
    ...(props.hostnames ?? []).map((host) => checkDnsSubdomain('hostnames', host.replace(/^\*\./, ''), exampleHost)),
    ...checkBackendTlsOptions('backendTls', props.backendTls, tlsEnabled),
  ];
  return problems.filter((p): p is Problem => p !== undefined);
}
