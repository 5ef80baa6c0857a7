import { Duration, JsonPatch, Testing } from 'cdk8s';
import { IssuerKind, PikaCluster, PikaServerTls, PikoCluster, PikoTls } from '../../lib';
import { findObject, pikaPropsError, pikaSynthError, pikoSynthError, serverContainer, synthPika, synthPiko } from '../support/synth';

const issuer = { issuerName: 'internal-ca', issuerKind: IssuerKind.CLUSTER_ISSUER };

describe('cert-manager certificates for Pika', () => {
  test('issue into pika-tls for the client Service\'s names, which the pods mount', () => {
    const objects = synthPika({ server: { tls: PikaServerTls.fromCertManager({ ...issuer, dnsNames: ['config.example.com'], duration: Duration.days(30), renewBefore: Duration.days(10) }) } });
    expect(findObject(objects, 'Certificate', 'pika-tls').spec).toEqual({
      secretName: 'pika-tls',
      issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      dnsNames: ['pika', 'pika.pika', 'pika.pika.svc', 'pika.pika.svc.cluster.local', 'config.example.com'],
      usages: ['server auth', 'digital signature', 'key encipherment'],
      duration: '720h',
      renewBefore: '240h',
    });
    const volumes = findObject(objects, 'StatefulSet', 'pika').spec.template.spec.volumes;
    expect(volumes.find((v: { name: string }) => v.name === 'tls').secret.secretName).toBe('pika-tls');
    expect(serverContainer(objects).readinessProbe.httpGet.scheme).toBe('HTTPS');
  });

  test('is exposed on the construct', () => {
    expect(new PikaCluster(Testing.chart(), 'pika', { server: { tls: PikaServerTls.fromCertManager(issuer) } }).certificate?.name).toBe('pika-tls');
  });

  test('refuses a bad issuer and a renewal not before expiry', () => {
    const message = pikaPropsError({ server: { tls: PikaServerTls.fromCertManager({ issuerName: 'Internal CA', duration: Duration.days(30), renewBefore: Duration.days(30) }) } });
    expect(message).toContain('PikaCluster server.tls certManager.issuerName must be a DNS-1123 subdomain');
    expect(message).toContain('PikaCluster server.tls certManager.renewBefore must be shorter than duration (720h) (found "720h")');
  });

  test('at synth: the Certificate must write the Secret the pods mount', () => {
    expect(pikaSynthError({ server: { tls: PikaServerTls.fromCertManager(issuer) } }, (pika) => pika.certificate!.addJsonPatch(JsonPatch.replace('/spec/secretName', 'other-tls')))).toContain(
      '[test/pika] PikaCluster Certificate "pika-tls" spec.secretName must be the Secret the pods mount as volume "tls" ("pika-tls" in namespace "pika") (found "pika/other-tls")');
  });
});

describe('cert-manager certificates for Piko listeners', () => {
  test('issue into each listener\'s Secret for its Service\'s names', () => {
    const objects = synthPiko({
      replicas: 1,
      upstream: { tls: PikoTls.fromCertManager({ ...issuer, secretName: 'upstream-tls', dnsNames: ['upstream.example.com'] }) },
      admin: { tls: PikoTls.fromCertManager({ ...issuer, secretName: 'admin-tls' }) },
    });
    expect(findObject(objects, 'Certificate', 'upstream-tls').spec).toMatchObject({
      secretName: 'upstream-tls',
      dnsNames: ['piko-upstream', 'piko-upstream.piko', 'piko-upstream.piko.svc', 'piko-upstream.piko.svc.cluster.local', 'upstream.example.com'],
    });
    expect(findObject(objects, 'Certificate', 'admin-tls').spec.dnsNames).toEqual(['piko', 'piko.piko', 'piko.piko.svc', 'piko.piko.svc.cluster.local']);
  });

  test('at synth: each Certificate must write the Secret its listener mounts', () => {
    expect(pikoSynthError({ replicas: 1, proxy: { tls: PikoTls.fromCertManager({ ...issuer, secretName: 'proxy-tls' }) } },
      (piko: PikoCluster) => piko.proxyCertificate!.addJsonPatch(JsonPatch.replace('/spec/secretName', 'wrong')))).toContain(
      '[test/piko] PikoCluster Certificate "proxy-tls" spec.secretName must be the Secret the pods mount as volume "proxy-tls" ("proxy-tls" in namespace "piko") (found "piko/wrong")');
  });
});
