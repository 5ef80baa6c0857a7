import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { PathPrefixHandling, PikaCluster, PikaHttpRoute } from '../../lib';

/**
 * Pika at https://tools.example.com/config/ behind a Gateway that strips the prefix: Pika serves
 * at its root (no base path) over plain HTTP, and TLS ends at the Gateway.
 */
export class PikaGatewayStripChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const pika = new PikaCluster(this, 'pika');
    new PikaHttpRoute(this, 'route', {
      cluster: pika,
      gateways: [{ name: 'tools', namespace: 'gateway-system' }],
      hostnames: ['tools.example.com'],
      pathPrefix: '/config',
      prefixHandling: PathPrefixHandling.STRIP,
    });
  }
}

const app = new App();
new PikaGatewayStripChart(app, 'pika-gateway-strip');
app.synth();
