import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { PikoCluster, PikoHttpRoute, PikoRoutedListener } from '../../lib';

/**
 * Piko behind a Gateway: upstreams connect to wss://upstream.piko.example.com (WebSockets kept
 * open: the route turns the Gateway's request timeout off), and clients reach endpoints as
 * https://<endpoint>.piko.example.com. The admin port stays inside the cluster.
 */
export class PikoGatewayChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const piko = new PikoCluster(this, 'piko');
    const gateways = [{ name: 'edge', namespace: 'gateway-system', sectionName: 'https' }];
    new PikoHttpRoute(this, 'upstream', {
      cluster: piko,
      listener: PikoRoutedListener.UPSTREAM,
      gateways,
      hostnames: ['upstream.piko.example.com'],
    });
    new PikoHttpRoute(this, 'proxy', {
      cluster: piko,
      listener: PikoRoutedListener.PROXY,
      gateways,
      hostnames: ['*.piko.example.com'],
    });
  }
}

const app = new App();
new PikoGatewayChart(app, 'piko-gateway');
app.synth();
