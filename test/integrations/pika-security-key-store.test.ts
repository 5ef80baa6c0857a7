import { JsonPatch, Testing } from 'cdk8s';
import { PikaCluster, PikaSecurityKey, SecretStoreKind } from '../../lib';
import { findObject, pikaPropsError, pikaSynthError, serverContainer, synthPika } from '../support/synth';

const fromVault = PikaSecurityKey.fromExternalSecret({ store: { name: 'vault', kind: SecretStoreKind.CLUSTER_SECRET_STORE }, remoteKey: 'platform/pika', property: 'psk' });

describe('the security key from an External Secrets store', () => {
  test('renders an ExternalSecret writing pika-cluster/security_key, which the pods read', () => {
    const objects = synthPika({ securityKey: fromVault });
    expect(findObject(objects, 'ExternalSecret', 'pika-cluster').spec).toEqual({
      secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
      target: { name: 'pika-cluster' },
      data: [{ secretKey: 'security_key', remoteRef: { key: 'platform/pika', property: 'psk' } }],
    });
    expect(serverContainer(objects).env[0].valueFrom.secretKeyRef).toEqual({ name: 'pika-cluster', key: 'security_key' });
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('is exposed on the construct', () => {
    const pika = new PikaCluster(Testing.chart(), 'pika', { securityKey: fromVault });
    expect(pika.securityKeyExternalSecret?.name).toBe('pika-cluster');
  });

  test('refuses a bad store name or an empty key', () => {
    const message = pikaPropsError({ securityKey: PikaSecurityKey.fromExternalSecret({ store: { name: 'Vault Store' }, remoteKey: ' ' }) });
    expect(message).toContain('PikaCluster securityKey store name must be a DNS-1123 subdomain');
    expect(message).toContain('PikaCluster securityKey remoteKey must not be empty');
  });

  test('at synth: the ExternalSecret must write the Secret the pods read', () => {
    expect(pikaSynthError({ securityKey: fromVault }, (pika) => pika.securityKeyExternalSecret!.addJsonPatch(JsonPatch.replace('/spec/target/name', 'other')))).toContain(
      '[test/pika] PikaCluster ExternalSecret "pika-cluster" spec.target must write key "security_key" of Secret "pika-cluster", which PIKA_CLUSTER_SECURITY_KEY reads (found {"target":"other","keys":["security_key"]})');
  });
});
