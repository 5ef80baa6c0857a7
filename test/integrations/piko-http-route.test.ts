import { Duration, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { PathPrefixHandling, PikoCluster, PikoTls, PikoClusterProps, PikoHttpRoute, PikoHttpRouteProps, PikoRoutedListener } from '../../lib';
import { findObject, synthError } from '../support/synth';

const gateways = [{ name: 'edge' }];

function build(chart: Construct, listener: PikoRoutedListener, clusterProps: PikoClusterProps = {}, routeProps: Partial<PikoHttpRouteProps> = {}) {
  const cluster = new PikoCluster(chart, 'piko', clusterProps);
  return new PikoHttpRoute(chart, 'route', { cluster, listener, gateways, ...routeProps });
}

function synthRoute(listener: PikoRoutedListener, clusterProps: PikoClusterProps = {}, routeProps: Partial<PikoHttpRouteProps> = {}) {
  const chart = Testing.chart();
  build(chart, listener, clusterProps, routeProps);
  return Testing.synth(chart);
}

describe('PikoHttpRoute', () => {
  test('routes upstreams with the Gateway\'s request timeout off, so their WebSockets stay open', () => {
    expect(findObject(synthRoute(PikoRoutedListener.UPSTREAM), 'HTTPRoute', 'piko-upstream').spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [{ group: '', kind: 'Service', name: 'piko-upstream', port: 8001, weight: 1 }],
      timeouts: { request: '0s' },
    }]);
  });

  test('routes the proxy with the Gateway\'s default timeout, or the one given', () => {
    const route = (props: Partial<PikoHttpRouteProps>) => findObject(synthRoute(PikoRoutedListener.PROXY, {}, props), 'HTTPRoute', 'piko-proxy').spec.rules[0];
    expect(route({ hostnames: ['*.piko.example.com'] })).not.toHaveProperty('timeouts');
    expect(route({ requestTimeout: Duration.minutes(2) }).timeouts).toEqual({ request: '2m' });
  });

  test('follows the ports prop', () => {
    const route = findObject(synthRoute(PikoRoutedListener.PROXY, { ports: { proxy: 9000 } }), 'HTTPRoute', 'piko-proxy');
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'piko-proxy', port: 9000, weight: 1 }]);
  });

  test('renders a BackendTLSPolicy for a listener with TLS, and refuses one without a CA', () => {
    const tls = { replicas: 1, upstream: { tls: PikoTls.fromSecret('upstream-tls') } };
    expect(findObject(synthRoute(PikoRoutedListener.UPSTREAM, tls, { backendTls: { wellKnownCaCertificates: true } }), 'BackendTLSPolicy', 'piko-upstream').spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'piko-upstream' }],
      validation: { hostname: 'piko-upstream.piko.svc', wellKnownCACertificates: 'System' },
    });
    expect(() => build(Testing.chart(), PikoRoutedListener.UPSTREAM, tls)).toThrow('[test/route] PikoHttpRoute backendTls must name exactly one CA');
  });

  test('at synth: an upstream prefix Piko does not serve', () => {
    expect(synthError((chart) => build(chart, PikoRoutedListener.UPSTREAM, {}, { pathPrefix: '/tunnel' }))).toContain(
      '[test/route] PikoHttpRoute HTTPRoute "piko-upstream" path prefix at Piko must be a prefix of /piko/v1/upstream/, where upstreams connect: Piko serves no base path (found "/tunnel")');
    expect(() => synthRoute(PikoRoutedListener.UPSTREAM, {}, { pathPrefix: '/piko' })).not.toThrow();
    expect(() => synthRoute(PikoRoutedListener.UPSTREAM, {}, { pathPrefix: '/tunnel', prefixHandling: PathPrefixHandling.STRIP })).not.toThrow();
  });

  test('at synth: the admin port is never routed', () => {
    const message = synthError((chart) => build(chart, PikoRoutedListener.PROXY).route.addJsonPatch(JsonPatch.replace('/spec/rules/0/backendRefs/0/port', 8002)));
    expect(message).toContain('PikoHttpRoute HTTPRoute "piko-proxy" backendRef port must not be the admin port: it serves metrics, status and pprof, and must stay inside the cluster (found 8002)');
    expect(message).toContain('PikoHttpRoute HTTPRoute "piko-proxy" backendRef port must be a port the Service exposes (8000) (found 8002)');
  });

  test('at synth: a backend patched to another Service', () => {
    expect(synthError((chart) => build(chart, PikoRoutedListener.PROXY).route.addJsonPatch(JsonPatch.replace('/spec/rules/0/backendRefs/0/name', 'piko')))).toContain(
      'PikoHttpRoute HTTPRoute "piko-proxy" backendRef must be the Service "piko-proxy" in namespace "piko" (found "piko/piko")');
  });
});
