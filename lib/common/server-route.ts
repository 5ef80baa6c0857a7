import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { finalJson } from './final-json';
import { buildGatewayExposure, checkRouteBackend, checkRouteProps, gatewayNamespaces, GatewayRouteProps, PathPrefixHandling } from './gateway';
import { checkIntegrationObjects } from './integration-checks';
import { recordCustomResource } from './manifest-object';
import { describeObject, Manifest } from './manifest-view';
import { admitIntegration, checkPolicyAdmits } from './network-policy';
import { apiObjectsOf } from './object-versions';
import { addSynthChecks, Problem, throwIfProblems } from './problems';
import { checkRouteFields } from './route-fields';

/** The part of a cluster construct a route to it reads. */
export interface RoutedCluster extends Construct {
  readonly namespace: string;
  readonly selectorLabels: { [key: string]: string };
  readonly networkPolicy?: ApiObject;
}

/** A route to one Service port of a cluster, as a route construct resolved it from its props. */
export interface ServerRouteSpec {
  /** The construct's class name, for messages. */
  readonly kind: string;
  readonly props: GatewayRouteProps;
  readonly cluster: RoutedCluster;
  /** The route's name, after its default. */
  readonly name: string;
  readonly service: ApiObject;
  readonly port: number;
  readonly pathPrefix: string;
  readonly prefixHandling: PathPrefixHandling;
  /** A Gateway API duration; the Gateway's default when absent. */
  readonly requestTimeout?: string;
  /** Whether the routed listener serves TLS in the pod. */
  readonly tlsEnabled: boolean;
  /** The name the server's certificate carries unless `backendTls.hostname` says otherwise. */
  readonly defaultTlsHostname: string;
  /** A host name of the server's, for messages about bad ones. */
  readonly exampleHost: string;
  /** Problems with the props only this server has. */
  readonly serverProblems: Problem[];
  /** The server's own rules on the final route, Service and BackendTLSPolicy. */
  readonly checkFinal: (route: Manifest, service: Manifest, backendTlsPolicy: Manifest | undefined) => Problem[];
}

/**
 * Checks a route's props (throwing on any problem), admits the Gateway to the cluster's
 * NetworkPolicy, builds the HTTPRoute and its BackendTLSPolicy, and registers the synth checks
 * every route has (the backend, the policy) around the server's own.
 */
export function buildServerRoute(scope: Construct, spec: ServerRouteSpec): { route: ApiObject; backendTlsPolicy?: ApiObject } {
  const { props, cluster } = spec;
  const allowFrom = props.allowFrom ?? gatewayNamespaces(props.gateways, cluster.namespace);
  throwIfProblems(scope, spec.kind, [
    ...checkRouteProps(props, spec.name, spec.exampleHost, spec.tlsEnabled),
    ...spec.serverProblems,
    ...admitIntegration(cluster.networkPolicy, spec.port, allowFrom, 'the Gateway', "NetworkPeer.namespaceNamed('gateway-system')"),
  ]);
  const exposure = buildGatewayExposure(scope, {
    name: spec.name,
    namespace: cluster.namespace,
    labels: { ...cluster.selectorLabels, 'app.kubernetes.io/managed-by': 'cdk8s-pika-piko' },
    parents: props.gateways,
    hostnames: props.hostnames,
    pathPrefix: spec.pathPrefix,
    prefixHandling: spec.prefixHandling,
    serviceName: spec.service.name,
    port: spec.port,
    requestTimeout: spec.requestTimeout,
    tlsEnabled: spec.tlsEnabled,
    backendTls: props.backendTls,
    defaultTlsHostname: spec.defaultTlsHostname,
  });
  apiObjectsOf(scope).forEach(recordCustomResource);
  const objects = [...apiObjectsOf(scope), ...apiObjectsOf(cluster)];
  addSynthChecks(scope, spec.kind, { objects: () => objects }, () => {
    const route = finalJson(exposure.route);
    const service = finalJson(spec.service);
    const servicePorts: number[] = (service.spec?.ports ?? []).map((p: Manifest) => p.port);
    const backendTlsPolicy = exposure.backendTlsPolicy && finalJson(exposure.backendTlsPolicy);
    const problems = [
      ...checkIntegrationObjects(apiObjectsOf(scope), cluster.namespace),
      ...checkReferenceNames(route), ...checkRouteFields(route),
      ...checkRouteBackend(route, service, servicePorts), ...spec.checkFinal(route, service, backendTlsPolicy),
    ];
    if (cluster.networkPolicy !== undefined) {
      problems.push(...checkPolicyAdmits(finalJson(cluster.networkPolicy), spec.port, allowFrom, `the Gateway (${spec.kind} allowFrom)`));
    }
    return { problems, warnings: [] };
  });
  return exposure;
}

/**
 * A patch may remove a parent's or a backend's name (or write an item the CRD's generated class
 * turns into an empty object): the CRD requires one, and the API server refuses the route.
 */
function checkReferenceNames(route: Manifest): Problem[] {
  const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const unnamed = (refs: unknown[], at: string) => refs.flatMap((ref, index) => {
    const name = (ref as Manifest | null)?.name;
    return typeof name === 'string' && name !== '' ? [] : [{ setting: `${describeObject(route)} ${at}[${index}].name`, found: name }];
  });
  return [
    ...unnamed(listOf(route.spec?.parentRefs), 'spec.parentRefs').map((p) => ({
      ...p,
      rule: 'must name the Gateway the route attaches to: the API server refuses a parent reference without a name',
      fix: 'name the Gateway in the gateways prop, and remove the patch that removes the name',
    })),
    ...listOf(route.spec?.rules).flatMap((rule, i) => unnamed(listOf((rule as Manifest | null)?.backendRefs), `spec.rules[${i}].backendRefs`)).map((p) => ({
      ...p,
      rule: 'must name the Service the route sends requests to: the API server refuses a backend reference without a name',
      fix: 'remove the patch that adds or changes the backend reference',
    })),
  ];
}
