import { App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { IssuerKind, PikaCluster, PikaServerTls, PikoCluster, PikoTls } from '../../lib';

/**
 * In-pod TLS for both servers from cert-manager: each Certificate is issued into exactly the
 * Secret its pods mount. Piko's upstream certificate also names the public host upstreams dial.
 */
export class CertManagerChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const issuer = { issuerName: 'internal-ca', issuerKind: IssuerKind.CLUSTER_ISSUER };
    new PikaCluster(this, 'pika', {
      server: { tls: PikaServerTls.fromCertManager({ ...issuer, duration: Duration.days(90), renewBefore: Duration.days(30) }) },
    });
    new PikoCluster(this, 'piko', {
      replicas: 1,
      upstream: { tls: PikoTls.fromCertManager({ ...issuer, dnsNames: ['upstream.piko.example.com'] }) },
      admin: { tls: PikoTls.fromCertManager(issuer) },
    });
  }
}

const app = new App();
new CertManagerChart(app, 'cert-manager');
app.synth();
