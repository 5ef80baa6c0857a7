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
    // The everyday pod options: a log-shipping sidecar reading the server's log directory, an
    // init container, dedicated nodes, probe timings with a startup probe, a longer preStop pause.
    new PikaCluster(this, 'flags', {
      name: 'flags',
      networkPolicy: { httpFrom: [NetworkPeer.namespaceNamed('apps')] },
      initContainers: [{ name: 'wait-for-dns', image: 'busybox:1.36.1', command: ['sh', '-c', 'until nslookup flags-cluster; do sleep 2; done'] }],
      extraContainers: [{
        name: 'log-shipper',
        image: 'fluent/fluent-bit:3.1.9',
        ports: [{ name: 'shipper-metrics', containerPort: 2020 }],
        volumeMounts: [{ name: 'server-logs', mountPath: '/logs', readOnly: true }],
      }],
      volumes: [{ name: 'server-logs', emptyDir: {} }],
      volumeMounts: [{ name: 'server-logs', mountPath: '/var/log/pika' }],
      scheduling: {
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'stateful', effect: 'NoSchedule' }],
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'pool', operator: 'In', values: ['stateful'] }] } }],
          },
        },
      },
      probes: { liveness: { timeout: Duration.seconds(3) }, startup: {} },
      preStopPause: Duration.seconds(10),
    });
    const edge = new PikoCluster(this, 'edge', { name: 'edge', networkPolicy: { proxyFrom: [NetworkPeer.namespaceNamed('apps')] } });
    const tunnel = new PikoCluster(this, 'tunnel', {
      name: 'tunnel',
      networkPolicy: { upstreamFrom: [NetworkPeer.namespaceNamed('apps')] },
      probes: { readiness: { period: Duration.seconds(2) }, startup: { failureThreshold: 30 } },
      preStopPause: Duration.seconds(10),
    });

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
