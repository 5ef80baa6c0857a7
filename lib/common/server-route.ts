import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { finalJson } from './final-json';
import { buildGatewayExposure, checkRouteBackend, checkRouteProps, gatewayNamespaces, GatewayRouteProps, PathPrefixHandling } from './gateway';
import { Manifest } from './manifest-view';
import { admitIntegration, checkPolicyAdmits } from './network-policy';
import { apiObjectsOf } from './object-versions';
import { addSynthChecks, Problem, throwIfProblems } from './problems';

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
  const objects = [...apiObjectsOf(scope), ...apiObjectsOf(cluster)];
  addSynthChecks(scope, spec.kind, { objects: () => objects }, () => {
    const route = finalJson(exposure.route);
    const service = finalJson(spec.service);
    const servicePorts: number[] = (service.spec?.ports ?? []).map((p: Manifest) => p.port);
    const backendTlsPolicy = exposure.backendTlsPolicy && finalJson(exposure.backendTlsPolicy);
    const problems = [...checkRouteBackend(route, service, servicePorts), ...spec.checkFinal(route, service, backendTlsPolicy)];
    if (cluster.networkPolicy !== undefined) {
      problems.push(...checkPolicyAdmits(finalJson(cluster.networkPolicy), spec.port, allowFrom, `the Gateway (${spec.kind} allowFrom)`));
    }
    return { problems, warnings: [] };
  });
  return exposure;
}
