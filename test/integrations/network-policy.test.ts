import { JsonPatch, Testing } from 'cdk8s';
import {
  NetworkPeer, PikaCluster, PikaHttpRoute, PikaIngress, PikaSecretStore, PikoCluster, PikoHttpRoute, PikoMonitor, PikoRoutedListener,
} from '../../lib';
import { findObject, Manifest, synthError } from '../support/synth';

// With a cluster's NetworkPolicy on, everything it does not admit is dropped: each integration
// says who must reach which port, the policy admits them, and a patch that takes that away fails.

const PROMETHEUS = NetworkPeer.podsInNamespace('monitoring', { 'app.kubernetes.io/name': 'prometheus' });
const ESO = NetworkPeer.namespaceNamed('external-secrets');

/** The ingress rules for `port` that the integrations added after the cluster's own. */
function rulesFor(objects: Manifest[], name: string, port: number, ownRules: number): Manifest[] {
  return findObject(objects, 'NetworkPolicy', name).spec.ingress.slice(ownRules)
    .filter((rule: Manifest) => rule.ports.some((p: Manifest) => p.port === port));
}

// The clusters' own rules: Pika has HTTP and peers; Piko has proxy, upstream, gossip and admin.
const PIKA_RULES = 2;
const PIKO_RULES = 4;

function propsError(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the constructor to throw');
}

describe('integrations and the cluster\'s NetworkPolicy', () => {
  test('PikoMonitor admits Prometheus to the admin port', () => {
    const chart = Testing.chart();
    const piko = new PikoCluster(chart, 'piko', { networkPolicy: {} });
    new PikoMonitor(chart, 'metrics', { cluster: piko, allowFrom: [PROMETHEUS] });
    expect(rulesFor(Testing.synth(chart), 'piko', 8002, PIKO_RULES)).toEqual([{ ports: [{ port: 8002, protocol: 'TCP' }], from: [PROMETHEUS._toKube()] }]);
  });

  test('without allowFrom the monitor is refused, since the policy would block the scrapes', () => {
    const chart = Testing.chart();
    const piko = new PikoCluster(chart, 'piko', { networkPolicy: {} });
    expect(propsError(() => new PikoMonitor(chart, 'metrics', { cluster: piko }))).toContain(
      "[test/metrics] PikoMonitor allowFrom must name where Prometheus runs: the cluster's NetworkPolicy drops all traffic it does not admit, and would block it from port 8002 (found nothing). Fix: e.g. allowFrom: [NetworkPeer.podsInNamespace('monitoring', { 'app.kubernetes.io/name': 'prometheus' })]");
  });

  test('without a NetworkPolicy nothing is required and no policy is rendered', () => {
    const chart = Testing.chart();
    new PikoMonitor(chart, 'metrics', { cluster: new PikoCluster(chart, 'piko') });
    expect(Testing.synth(chart).filter((o) => o.kind === 'NetworkPolicy')).toEqual([]);
  });

  test('routes admit the Gateways\' namespaces to the routed port by default', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika', { networkPolicy: {} });
    new PikaHttpRoute(chart, 'route', { cluster: pika, gateways: [{ name: 'edge', namespace: 'gateway-system' }, { name: 'internal', namespace: 'gateway-system' }] });
    const piko = new PikoCluster(chart, 'piko', { networkPolicy: {} });
    new PikoHttpRoute(chart, 'upstreams', { cluster: piko, listener: PikoRoutedListener.UPSTREAM, gateways: [{ name: 'edge' }] });
    const objects = Testing.synth(chart);
    expect(rulesFor(objects, 'pika', 8080, PIKA_RULES)).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }], from: [NetworkPeer.namespaceNamed('gateway-system')._toKube()] }]);
    expect(rulesFor(objects, 'piko', 8001, PIKO_RULES)).toEqual([{ ports: [{ port: 8001, protocol: 'TCP' }], from: [NetworkPeer.namespaceNamed('piko')._toKube()] }]);
  });

  test('the External Secrets controller and an ingress controller are admitted to the HTTP port, and required', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika', { networkPolicy: {} });
    new PikaSecretStore(chart, 'store', { cluster: pika, allowFrom: [ESO] });
    new PikaIngress(chart, 'ingress', { cluster: pika, host: 'pika.example.com', allowFrom: [NetworkPeer.namespaceNamed('ingress-nginx')] });
    expect(rulesFor(Testing.synth(chart), 'pika', 8080, PIKA_RULES).map((rule) => rule.from)).toEqual([[ESO._toKube()], [NetworkPeer.namespaceNamed('ingress-nginx')._toKube()]]);
    expect(propsError(() => new PikaSecretStore(chart, 'store2', { cluster: pika, name: 'other' }))).toContain('PikaSecretStore allowFrom must name where the External Secrets controller runs');
    expect(propsError(() => new PikaIngress(chart, 'ingress2', { cluster: pika, name: 'other' }))).toContain('PikaIngress allowFrom must name where the ingress controller runs');
  });

  test('a patch that removes the admitted rule fails the synth', () => {
    const message = synthError((chart) => {
      const piko = new PikoCluster(chart, 'piko', { networkPolicy: {} });
      new PikoMonitor(chart, 'metrics', { cluster: piko, allowFrom: [PROMETHEUS] });
      piko.networkPolicy!.addJsonPatch(JsonPatch.remove('/spec/ingress/4'));
    });
    expect(message).toContain('[test/metrics] PikoMonitor NetworkPolicy "piko" spec.ingress must admit Prometheus (PikoMonitor allowFrom) to TCP port 8002 (found {"namespaceSelector":');
  });
});
