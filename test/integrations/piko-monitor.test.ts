import { Duration, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { PikoAuth, PikoCluster, PikoTls, PikoClusterProps, PikoMonitor, PikoMonitorKind, PikoMonitorProps } from '../../lib';
import { findObject, synthError } from '../support/synth';

function build(chart: Construct, clusterProps: PikoClusterProps = {}, monitorProps: Partial<PikoMonitorProps> = {}) {
  const cluster = new PikoCluster(chart, 'piko', clusterProps);
  return new PikoMonitor(chart, 'monitor', { cluster, ...monitorProps });
}

function synth(clusterProps: PikoClusterProps = {}, monitorProps: Partial<PikoMonitorProps> = {}) {
  const chart = Testing.chart();
  build(chart, clusterProps, monitorProps);
  return Testing.synth(chart);
}

const selector = { matchLabels: { 'app.kubernetes.io/name': 'piko', 'app.kubernetes.io/instance': 'piko' } };

describe('PikoMonitor', () => {
  test('scrapes /metrics on the admin port of Piko\'s pods with a PodMonitor', () => {
    expect(findObject(synth({}, { interval: Duration.seconds(15) }), 'PodMonitor', 'piko').spec).toEqual({
      selector,
      podMetricsEndpoints: [{ port: 'admin', path: '/metrics', scheme: 'http', interval: '15s' }],
    });
  });

  test('or with a ServiceMonitor in the monitoring namespace, labelled for Prometheus', () => {
    const monitor = findObject(synth({}, { kind: PikoMonitorKind.SERVICE_MONITOR, namespace: 'monitoring', labels: { release: 'prom' } }), 'ServiceMonitor', 'piko');
    expect(monitor.metadata).toMatchObject({ namespace: 'monitoring', labels: { release: 'prom' } });
    expect(monitor.spec).toEqual({ selector, namespaceSelector: { matchNames: ['piko'] }, endpoints: [{ port: 'admin', path: '/metrics', scheme: 'http' }] });
  });

  test('sends a bearer token to an authenticated admin port, over HTTPS with admin TLS', () => {
    const endpoint = findObject(synth(
      { replicas: 1, admin: { auth: PikoAuth.jwks('https://auth.example.com/jwks'), tls: PikoTls.fromSecret('admin-tls') } },
      { bearerToken: { secretName: 'metrics-token', key: 'token' }, tlsServerName: 'piko.piko.svc' },
    ), 'PodMonitor', 'piko').spec.podMetricsEndpoints[0];
    expect(endpoint).toEqual({
      port: 'admin',
      path: '/metrics',
      scheme: 'https',
      authorization: { type: 'Bearer', credentials: { name: 'metrics-token', key: 'token' } },
      tlsConfig: { serverName: 'piko.piko.svc' },
    });
  });

  test('is refused for an authenticated admin port without a token', () => {
    expect(() => build(Testing.chart(), { admin: { auth: PikoAuth.hmac('admin', 'hmac') } })).toThrow(
      '[test/monitor] PikoMonitor bearerToken must be set: the cluster\'s admin auth covers /metrics, and Prometheus would get 401 on every scrape (found nothing). Fix: give a Secret holding a JWT the admin port accepts');
  });

  test('refuses TLS options for a plain admin port', () => {
    expect(() => build(Testing.chart(), {}, { tlsInsecureSkipVerify: true })).toThrow('PikoMonitor tlsServerName/tlsInsecureSkipVerify only apply when the admin port serves TLS');
  });

  test('at synth: admin auth turned on in raw config without a token', () => {
    expect(synthError((chart) => build(chart, { config: { admin: { auth: { jwks: { endpoint: 'https://auth.example.com/jwks' } } } } }))).toContain(
      '[test/monitor] PikoMonitor PodMonitor "piko" endpoint authorization must send a bearer token: admin auth covers /metrics (found nothing)');
  });

  test('at synth: a port, path or selector patched away from Piko\'s admin metrics', () => {
    const message = synthError((chart) => build(chart).monitor.addJsonPatch(
      JsonPatch.replace('/spec/podMetricsEndpoints/0/port', 'proxy'),
      JsonPatch.replace('/spec/podMetricsEndpoints/0/path', '/stats'),
      JsonPatch.replace('/spec/selector/matchLabels', { app: 'piko' })));
    expect(message).toContain('PikoMonitor PodMonitor "piko" endpoint port must name the container\'s admin port (8002) (found "proxy")');
    expect(message).toContain('PikoMonitor PodMonitor "piko" endpoint path must be "/metrics" (found "/stats")');
    expect(message).toContain('PikoMonitor PodMonitor "piko" spec.selector must select Piko\'s pods in namespace "piko"');
  });
});
