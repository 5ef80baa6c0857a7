import { JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { PathPrefixHandling, PikaCluster, PikaClusterProps, PikaHttpRoute, PikaHttpRouteProps, PikaServerTls } from '../../lib';
import { findObject, synthError } from '../support/synth';

const gateways = [{ name: 'gw', namespace: 'gateway-system' }];

function build(chart: Construct, clusterProps: PikaClusterProps, routeProps: Partial<PikaHttpRouteProps> = {}) {
  const cluster = new PikaCluster(chart, 'pika', clusterProps);
  const route = new PikaHttpRoute(chart, 'route', { cluster, gateways, ...routeProps });
  return { cluster, route };
}

function synth(clusterProps: PikaClusterProps, routeProps: Partial<PikaHttpRouteProps> = {}) {
  const chart = Testing.chart();
  build(chart, clusterProps, routeProps);
  return Testing.synth(chart);
}

describe('PikaHttpRoute', () => {
  test('routes the base path, forwarded, to the HTTP port of the client Service', () => {
    const route = findObject(synth({ server: { basePath: '/pika' } }, { hostnames: ['config.example.com'] }), 'HTTPRoute', 'pika');
    expect(route.metadata.namespace).toBe('pika');
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', namespace: 'gateway-system' }],
      hostnames: ['config.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/pika' } }], backendRefs: [{ group: '', kind: 'Service', name: 'pika', port: 8080, weight: 1 }] }],
    });
  });

  test('strips a prefix with a URLRewrite for a Pika at the root', () => {
    const route = findObject(synth({}, { pathPrefix: '/config', prefixHandling: PathPrefixHandling.STRIP }), 'HTTPRoute', 'pika');
    expect(route.spec.rules[0].filters).toEqual([{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }]);
  });

  test('renders a BackendTLSPolicy when Pika serves TLS in the pod', () => {
    const objects = synth({ server: { tls: PikaServerTls.fromSecret('pika-tls') } }, { backendTls: { caConfigMapName: 'pika-ca' } });
    expect(findObject(objects, 'BackendTLSPolicy', 'pika').spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'pika' }],
      validation: { hostname: 'pika.pika.svc.cluster.local', caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'pika-ca' }] },
    });
  });

  test('may route to a declared endpoint', () => {
    const route = findObject(synth({ endpoints: [{ name: 'public', port: 9090 }] }, { port: 9090 }), 'HTTPRoute', 'pika');
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'pika', port: 9090, weight: 1 }]);
  });

  describe('refuses in the constructor', () => {
    const propsError = (clusterProps: PikaClusterProps, routeProps: Partial<PikaHttpRouteProps>) =>
      () => build(Testing.chart(), clusterProps, routeProps);

    test('TLS in the pod without a way to verify it', () => {
      expect(propsError({ server: { tls: PikaServerTls.selfSigned() } }, {})).toThrow(
        '[test/route] PikaHttpRoute backendTls must name exactly one CA the Gateway verifies the server\'s certificate with (caConfigMapName or wellKnownCaCertificates), because the server serves TLS in the pod (found nothing)');
    });

    test('backend TLS settings for a plain-HTTP Pika', () => {
      expect(propsError({}, { backendTls: { wellKnownCaCertificates: true } })).toThrow(
        '[test/route] PikaHttpRoute backendTls only applies when the server serves TLS itself (found {"wellKnownCaCertificates":true})');
    });

    test('no Gateway, a bad host name or path prefix', () => {
      const message = () => build(Testing.chart(), {}, { gateways: [], hostnames: ['Config Example'], pathPrefix: 'pika' });
      expect(message).toThrow('PikaHttpRoute gateways must name at least one Gateway');
      expect(message).toThrow('PikaHttpRoute hostnames must be a DNS-1123 subdomain');
      expect(message).toThrow('PikaHttpRoute pathPrefix must start with "/"');
    });
  });

  describe('checks the route against Pika at synth', () => {
    test('a forwarded prefix Pika does not serve under', () => {
      expect(synthError((chart) => build(chart, {}, { pathPrefix: '/pika' }))).toContain(
        '[test/route] PikaHttpRoute HTTPRoute "pika" path prefix at Pika must equal Pika\'s server.base_path "": requests would reach Pika under "/pika" and miss every route (found "/pika"). Fix: strip the prefix (prefixHandling: STRIP), or set the cluster\'s server.basePath to the prefix');
    });

    test('a stripped prefix while Pika serves under a base path', () => {
      expect(synthError((chart) => build(chart, { server: { basePath: '/pika' } }, { prefixHandling: PathPrefixHandling.STRIP }))).toContain(
        'PikaHttpRoute HTTPRoute "pika" path prefix at Pika must equal Pika\'s server.base_path "/pika": requests would reach Pika under "/" and miss every route (found "/")');
    });

    test('a base path changed in raw config', () => {
      expect(synthError((chart) => build(chart, { config: { server: { base_path: '/config' } } }))).toContain(
        'path prefix at Pika must equal Pika\'s server.base_path "/config"');
    });

    test('a route port the Service does not expose', () => {
      expect(synthError((chart) => build(chart, {}, { port: 9090 }))).toContain(
        '[test/route] PikaHttpRoute HTTPRoute "pika" backendRef port must be a port the Service exposes (8080) (found 9090)');
    });

    test('a backend patched to another Service', () => {
      expect(synthError((chart) => build(chart, {}).route.route.addJsonPatch(JsonPatch.replace('/spec/rules/0/backendRefs/0/name', 'pika-cluster')))).toContain(
        'PikaHttpRoute HTTPRoute "pika" backendRef must be the Service "pika" in namespace "pika" (found "pika/pika-cluster")');
    });

    test('TLS turned on in raw config without a BackendTLSPolicy', () => {
      expect(synthError((chart) => build(chart, { replicas: 3, config: { server: { tls: { enabled: true } } } }))).toContain(
        '[test/route] PikaHttpRoute BackendTLSPolicy for Service "pika" must exist: Pika serves TLS in the pod, and a Gateway would talk plain HTTP to it');
    });

    test('a BackendTLSPolicy patched to another target', () => {
      expect(synthError((chart) => build(chart, { server: { tls: PikaServerTls.fromSecret('pika-tls') } }, { backendTls: { caConfigMapName: 'ca' } })
        .route.backendTlsPolicy!.addJsonPatch(JsonPatch.replace('/spec/targetRefs/0/name', 'other')))).toContain(
        'PikaHttpRoute BackendTLSPolicy "pika" spec.targetRefs must target the Service "pika"');
    });
  });
});
