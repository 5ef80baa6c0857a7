import { Duration, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { PikaCluster, PikaClusterProps, PikaSecretStore, PikaSecretStoreProps, PikaServerTls } from '../../lib';
import { findObject, synthError } from '../support/synth';

function build(chart: Construct, clusterProps: PikaClusterProps = {}, storeProps: Partial<PikaSecretStoreProps> = {}) {
  const cluster = new PikaCluster(chart, 'pika', clusterProps);
  return new PikaSecretStore(chart, 'store', { cluster, ...storeProps });
}

function synthStore(clusterProps: PikaClusterProps = {}, storeProps: Partial<PikaSecretStoreProps> = {}) {
  const chart = Testing.chart();
  build(chart, clusterProps, storeProps);
  return findObject(Testing.synth(chart), 'SecretStore', storeProps.name ?? 'pika');
}

describe('PikaSecretStore', () => {
  test('reads /data from the HTTP port of the client Service, under the base path, with https for a TLS Pika', () => {
    expect(synthStore().spec.provider.webhook).toEqual({
      url: 'http://pika.pika.svc.cluster.local:8080/data/{{ .remoteRef.key }}',
      result: { jsonPath: '$' },
      headers: { Accept: 'application/octet-stream' },
    });
    expect(synthStore({ server: { basePath: '/pika', tls: PikaServerTls.selfSigned() } }).spec.provider.webhook.url)
      .toBe('https://pika.pika.svc.cluster.local:8080/pika/data/{{ .remoteRef.key }}');
  });

  test('sends a bearer token from a Secret', () => {
    const webhook = synthStore({}, { token: { secretName: 'pika-token' } }).spec.provider.webhook;
    expect(webhook.headers).toEqual({ Accept: 'application/octet-stream', Authorization: 'Bearer {{ .auth.token }}' });
    expect(webhook.secrets).toEqual([{ name: 'auth', secretRef: { name: 'pika-token', key: 'token' } }]);
  });

  test('reads through a declared endpoint', () => {
    const store = synthStore({ endpoints: [{ name: 'public', port: 9090 }] }, { endpoint: 'public', namespace: 'apps', name: 'pika-public' });
    expect(store.metadata).toMatchObject({ name: 'pika-public', namespace: 'apps' });
    expect(store.spec.provider.webhook.url).toBe('http://pika.pika.svc.cluster.local:9090/data/{{ .remoteRef.key }}');
  });

  test('adds ExternalSecrets with variants and versions in the remote key', () => {
    const chart = Testing.chart();
    const store = build(chart, {}, { namespace: 'apps' });
    store.addExternalSecret('config', {
      name: 'app-config',
      refreshInterval: Duration.minutes(5),
      secretType: 'kubernetes.io/tls',
      data: [{ secretKey: 'config.yaml', path: 'app/config', variant: 'prod', version: '5' }, { secretKey: 'ca.crt', path: 'app/tls/ca' }],
    });
    expect(findObject(Testing.synth(chart), 'ExternalSecret', 'app-config')).toMatchObject({
      metadata: { namespace: 'apps' },
      spec: {
        refreshInterval: '5m',
        secretStoreRef: { name: 'pika', kind: 'SecretStore' },
        target: { name: 'app-config', template: { type: 'kubernetes.io/tls' } },
        data: [
          { secretKey: 'config.yaml', remoteRef: { key: 'app/config?variant=prod&version=5' } },
          { secretKey: 'ca.crt', remoteRef: { key: 'app/tls/ca' } },
        ],
      },
    });
  });

  describe('refuses in the constructor', () => {
    test('an endpoint the cluster does not declare', () => {
      expect(() => build(Testing.chart(), {}, { endpoint: 'public' })).toThrow(
        '[test/store] PikaSecretStore endpoint must be an endpoint the cluster declares (none); nothing else listens (found "public")');
    });

    test('bad remote files', () => {
      const store = build(Testing.chart());
      expect(() => store.addExternalSecret('x', { name: 'x', data: [{ secretKey: 'a b', path: '/abs?x', version: 'latest' }] })).toThrow(
        /externalSecret "x" data\[0\]\.secretKey must be a data key[\s\S]*data\[0\]\.path must be a relative file path[\s\S]*data\[0\]\.version must be a version number or a semver/);
      expect(() => store.addExternalSecret('y', { name: 'y', data: [] })).toThrow('PikaSecretStore externalSecret "y" data must list at least one file');
    });
  });

  describe('checks the store against Pika at synth', () => {
    test('a port Pika does not serve', () => {
      expect(synthError((chart) => build(chart).store.addJsonPatch(JsonPatch.replace('/spec/provider/webhook/url', 'http://pika.pika.svc.cluster.local:9090/data/{{ .remoteRef.key }}')))).toContain(
        '[test/store] PikaSecretStore SecretStore "pika" spec.provider.webhook.url must use a port Pika serves: the HTTP port 8080 or a declared endpoint (none) (found 9090)');
    });

    test('a base path added in raw config', () => {
      expect(synthError((chart) => build(chart, { config: { server: { base_path: '/pika' } } }))).toContain(
        'PikaSecretStore SecretStore "pika" spec.provider.webhook.url must read /pika/data/ on the HTTP port (server.base_path is "/pika") (found "/data/")');
    });

    test('plain http against a TLS Pika', () => {
      expect(synthError((chart) => build(chart, { replicas: 3, config: { server: { tls: { enabled: true } } } }))).toContain(
        'PikaSecretStore SecretStore "pika" spec.provider.webhook.url must use https, as Pika\'s HTTP port serves it (found "http")');
    });

    test('another host', () => {
      expect(synthError((chart) => build(chart).store.addJsonPatch(JsonPatch.replace('/spec/provider/webhook/url', 'http://pika-cluster.pika.svc:8080/data/{{ .remoteRef.key }}')))).toContain(
        'must call the Service "pika" in namespace "pika" by its DNS name (found "pika-cluster.pika.svc")');
    });

    test('an ExternalSecret patched to another store', () => {
      expect(synthError((chart) => build(chart).addExternalSecret('c', { name: 'c', data: [{ secretKey: 'k', path: 'p' }] })
        .addJsonPatch(JsonPatch.replace('/spec/secretStoreRef/name', 'vault')))).toContain(
        'PikaSecretStore ExternalSecret "c" spec.secretStoreRef must be the SecretStore "pika" in its own namespace "pika"');
    });

    test('an ExternalSecret patched to write a Secret name the API server refuses', () => {
      expect(synthError((chart) => build(chart).addExternalSecret('c', { name: 'c', data: [{ secretKey: 'k', path: 'p' }] })
        .addJsonPatch(JsonPatch.replace('/spec/target/name', '/pika')))).toContain(
        'PikaSecretStore ExternalSecret "c" spec.target.name must be a DNS-1123 subdomain: lowercase letters, digits, \'-\' and \'.\', at most 253 characters (found "/pika"). Fix: remove the patch that changes the target, or name a Secret such as "app-config"');
    });

    test('a store patched without its metadata is named once, with no rule quoting a missing name', () => {
      const message = synthError((chart) => {
        const store = build(chart);
        store.addExternalSecret('c', { name: 'c', data: [{ secretKey: 'k', path: 'p' }] });
        store.store.addJsonPatch(JsonPatch.remove('/metadata'));
      });
      expect(message).toContain('PikaSecretStore SecretStore <no name> metadata.name must be a string (found nothing)');
      expect(message).not.toMatch(/undefined/);
    });
  });

  test('a custom resource field patched to null is a render problem of the object, not a TypeError in a check', () => {
    const message = synthError((chart) => build(chart).store.addJsonPatch(JsonPatch.replace('/spec/provider/webhook', null)));
    expect(message).toContain('PikaSecretStore SecretStore "pika" must still render after its JSON patches: cdk8s cannot patch a path the manifest lacks, and a custom resource\'s generated class cannot render a field patched to another shape (found "Cannot read properties of null (reading \'auth\')")');
    expect(message).not.toContain('a synth check could not read them');
  });
});
