import { JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { PikaCluster, PikaClusterProps, PikaIngress, PikaIngressProps, PikaServerTls } from '../../lib';
import { findObject, synthError } from '../support/synth';

function build(chart: Construct, clusterProps: PikaClusterProps = {}, ingressProps: Partial<PikaIngressProps> = {}) {
  const cluster = new PikaCluster(chart, 'pika', clusterProps);
  return new PikaIngress(chart, 'ingress', { cluster, ...ingressProps });
}

function synth(clusterProps: PikaClusterProps = {}, ingressProps: Partial<PikaIngressProps> = {}) {
  const chart = Testing.chart();
  build(chart, clusterProps, ingressProps);
  return Testing.synth(chart);
}

describe('PikaIngress', () => {
  test('forwards the base path to the HTTP port, with public TLS at the Ingress', () => {
    const ingress = findObject(synth({ server: { basePath: '/pika' } }, { host: 'config.example.com', ingressClassName: 'nginx', tlsSecretName: 'public-tls' }), 'Ingress', 'pika');
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['config.example.com'], secretName: 'public-tls' }],
      rules: [{
        host: 'config.example.com',
        http: { paths: [{ path: '/pika', pathType: 'Prefix', backend: { service: { name: 'pika', port: { number: 8080 } } } }] },
      }],
    });
  });

  test('tells ingress-nginx to speak HTTPS to a TLS Pika, or uses the annotations given', () => {
    const tls = { server: { tls: PikaServerTls.selfSigned() } };
    expect(findObject(synth(tls), 'Ingress', 'pika').metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' });
    expect(findObject(synth(tls, { backendHttpsAnnotations: { 'example.com/scheme': 'https' } }), 'Ingress', 'pika').metadata.annotations)
      .toEqual({ 'example.com/scheme': 'https' });
    expect(findObject(synth(), 'Ingress', 'pika').metadata.annotations).toBeUndefined();
  });

  test('refuses bad names in the constructor', () => {
    expect(() => build(Testing.chart(), {}, { host: 'Config Host', tlsSecretName: 'Public TLS' })).toThrow(
      'PikaIngress host must be a DNS-1123 subdomain');
    expect(() => build(Testing.chart(), {}, { annotations: { 'bad key!': 'x' } })).toThrow('PikaIngress annotations key must be a qualified name');
  });

  test('at synth: a path that is not Pika\'s base path', () => {
    expect(synthError((chart) => build(chart, { config: { server: { base_path: '/pika' } } }))).toContain(
      '[test/ingress] PikaIngress Ingress "pika" path must be Pika\'s server.base_path "/pika": an Ingress forwards the path unchanged (found "/")');
  });

  test('at synth: a backend port the Service does not expose', () => {
    expect(synthError((chart) => build(chart).ingress.addJsonPatch(JsonPatch.replace('/spec/rules/0/http/paths/0/backend/service/port/number', 9090)))).toContain(
      'PikaIngress Ingress "pika" backend must be a port of the Service "pika" (8080) in namespace "pika" (found {"name":"pika","port":{"number":9090}})');
  });

  test('at synth: the backend HTTPS annotation removed from a TLS Pika', () => {
    expect(synthError((chart) => build(chart, { server: { tls: PikaServerTls.selfSigned() } }).ingress.addJsonPatch(JsonPatch.remove('/metadata/annotations')))).toContain(
      'PikaIngress Ingress "pika" metadata.annotations must tell the controller to speak HTTPS to Pika, which serves TLS in the pod');
  });
});
