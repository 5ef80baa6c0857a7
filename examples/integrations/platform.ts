import { App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  NetworkPeer, PikaCluster, PikaHttpRoute, PikaSecretStore, PikoCluster, PikoHttpRoute, PikoMonitor, PikoRoutedListener,
} from '../../lib';

const PROMETHEUS = NetworkPeer.podsInNamespace('monitoring', { 'app.kubernetes.io/name': 'prometheus' });
const EXTERNAL_SECRETS = NetworkPeer.podsInNamespace('external-secrets', { 'app.kubernetes.io/name': 'external-secrets' });

/**
 * A platform namespace with two Pika and two Piko clusters, every one behind a NetworkPolicy:
 * a Gateway route to one Pika and one Piko, External Secrets reading from Pika, and Prometheus
 * scraping both Pikos. The app renders the namespace once, and each integration admits its own
 * clients to the port it needs.
 */
export class PlatformChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'platform' });
    const config = new PikaCluster(this, 'config', { name: 'config', networkPolicy: { httpFrom: [NetworkPeer.namespaceNamed('apps')] } });
    new PikaCluster(this, 'flags', { name: 'flags', networkPolicy: { httpFrom: [NetworkPeer.namespaceNamed('apps')] } });
    const edge = new PikoCluster(this, 'edge', { name: 'edge', networkPolicy: { proxyFrom: [NetworkPeer.namespaceNamed('apps')] } });
    const tunnel = new PikoCluster(this, 'tunnel', { name: 'tunnel', networkPolicy: { upstreamFrom: [NetworkPeer.namespaceNamed('apps')] } });

    new PikaHttpRoute(this, 'config-route', { cluster: config, gateways: [{ name: 'platform', namespace: 'gateway-system' }], hostnames: ['config.example.com'] });
    new PikoHttpRoute(this, 'edge-route', {
      cluster: edge, listener: PikoRoutedListener.PROXY, gateways: [{ name: 'platform', namespace: 'gateway-system' }], hostnames: ['*.edge.example.com'],
    });
    new PikaSecretStore(this, 'config-store', { cluster: config, token: { secretName: 'pika-token' }, allowFrom: [EXTERNAL_SECRETS] });
    for (const piko of [edge, tunnel]) {
      new PikoMonitor(this, `${piko.name}-metrics`, { cluster: piko, interval: Duration.seconds(30), allowFrom: [PROMETHEUS] });
    }
  }
}

const app = new App();
new PlatformChart(app, 'platform');
app.synth();
