import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { PikaCluster, PikaIngress } from '../../lib';

/** Pika behind ingress-nginx at https://config.example.com/, TLS ended at the Ingress. */
export class PikaIngressChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const pika = new PikaCluster(this, 'pika');
    new PikaIngress(this, 'ingress', {
      cluster: pika,
      host: 'config.example.com',
      ingressClassName: 'nginx',
      tlsSecretName: 'config-example-com-tls',
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
    });
  }
}

const app = new App();
new PikaIngressChart(app, 'pika-ingress');
app.synth();
