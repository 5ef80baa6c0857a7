import { App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PikaCluster, PikaSecretStore, PikaSecurityKey, SecretStoreKind } from '../../lib';

/**
 * External Secrets both ways. Pika's own pre-shared key comes from Vault through an existing
 * ClusterSecretStore; and Pika serves as a secret source for an app in another namespace: a
 * SecretStore reads Pika's /data with an API token, and ExternalSecrets copy files into Secrets.
 */
export class PikaExternalSecretsChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const pika = new PikaCluster(this, 'pika', {
      securityKey: PikaSecurityKey.fromExternalSecret({
        store: { name: 'vault', kind: SecretStoreKind.CLUSTER_SECRET_STORE },
        remoteKey: 'platform/pika',
        property: 'security_key',
      }),
    });
    const store = new PikaSecretStore(this, 'store', {
      cluster: pika,
      namespace: 'shop',
      token: { secretName: 'pika-token' },
    });
    store.addExternalSecret('config', {
      name: 'shop-config',
      refreshInterval: Duration.minutes(5),
      data: [
        { secretKey: 'config.yaml', path: 'shop/config', variant: 'prod' },
        { secretKey: 'secrets.json', path: 'shop/secrets' },
      ],
    });
    store.addExternalSecret('pinned', {
      name: 'shop-config-pinned',
      data: [{ secretKey: 'config.yaml', path: 'shop/config', variant: 'prod', version: '5' }],
    });
    store.addExternalSecret('tls', {
      name: 'shop-tls',
      secretType: 'kubernetes.io/tls',
      refreshInterval: Duration.minutes(10),
      data: [{ secretKey: 'tls.crt', path: 'shop/tls/cert' }, { secretKey: 'tls.key', path: 'shop/tls/key' }],
    });
  }
}

const app = new App();
new PikaExternalSecretsChart(app, 'pika-external-secrets');
app.synth();
