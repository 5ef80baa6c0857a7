import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { IssuerKind, PathPrefixHandling, PikaCluster, PikaHttpRoute, PikaServerTls } from '../../lib';

/**
 * Pika behind a Gateway API Gateway at https://platform.example.com/pika/. The Gateway forwards
 * the prefix unstripped, so Pika serves under base path /pika, and re-encrypts to Pika, which
 * serves a cert-manager certificate the Gateway verifies through a BackendTLSPolicy.
 */
export class PikaGatewayChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const pika = new PikaCluster(this, 'pika', {
      server: {
        basePath: '/pika',
        tls: PikaServerTls.fromCertManager({ issuerName: 'platform-ca', issuerKind: IssuerKind.CLUSTER_ISSUER }),
      },
    });
    new PikaHttpRoute(this, 'route', {
      cluster: pika,
      gateways: [{ name: 'platform', namespace: 'gateway-system', sectionName: 'https' }],
      hostnames: ['platform.example.com'],
      prefixHandling: PathPrefixHandling.FORWARD,
      backendTls: { caConfigMapName: 'platform-ca' },
    });
  }
}

const app = new App();
new PikaGatewayChart(app, 'pika-gateway');
app.synth();
