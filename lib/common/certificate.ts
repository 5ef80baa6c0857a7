import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { certificateBinding } from './crd-bindings';
import { checkPositiveDuration, formatGoDuration } from './go-duration';
import { checkDnsSubdomain } from './kubernetes-formats';
import { describeObject, Manifest, podSpecOf } from './manifest-view';
import { Problem } from './problems';
import type { Certificate } from '../../imports/certificates-cert-manager.io';

/** The kind of cert-manager issuer that signs a certificate. */
export enum IssuerKind {
  /** An Issuer in the server's namespace. */
  ISSUER = 'Issuer',
  /** A cluster-wide ClusterIssuer. */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** A certificate cert-manager issues and renews into the Secret the pod mounts. */
export interface CertManagerOptions {
  /** Name of the issuer. */
  readonly issuerName: string;
  /**
   * Issuer or ClusterIssuer.
   * @default IssuerKind.ISSUER
   */
  readonly issuerKind?: IssuerKind;
  /**
   * Extra DNS names, e.g. the public host name a Gateway re-encrypts to.
   * @default - only the in-cluster Service names
   */
  readonly dnsNames?: string[];
  /**
   * Lifetime of the certificate.
   * @default - cert-manager's default (90 days)
   */
  readonly duration?: Duration;
  /**
   * How long before expiry cert-manager renews it. The servers read their certificate only at
   * start: restart them after a renewal.
   * @default - cert-manager's default (a third of the lifetime)
   */
  readonly renewBefore?: Duration;
}

export interface CertificateSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly secretName: string;
  /** The Service whose in-cluster names the certificate carries. */
  readonly serviceName: string;
  readonly clusterDomain: string;
  readonly options: CertManagerOptions;
}

/** The in-cluster names of a Service: short, namespaced, `.svc` and fully qualified. */
export function serviceDnsNames(serviceName: string, namespace: string, clusterDomain: string): string[] {
  return [serviceName, `${serviceName}.${namespace}`, `${serviceName}.${namespace}.svc`, `${serviceName}.${namespace}.svc.${clusterDomain}`];
}

/** A server certificate for a Service, issued into `secretName`. */
export function buildCertificate(scope: Construct, id: string, spec: CertificateSpec): Certificate {
  const options = spec.options;
  const { Certificate, CertificateSpecUsages } = certificateBinding();
  return new Certificate(scope, id, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      secretName: spec.secretName,
      issuerRef: { name: options.issuerName, kind: options.issuerKind ?? IssuerKind.ISSUER, group: 'cert-manager.io' },
      dnsNames: [...serviceDnsNames(spec.serviceName, spec.namespace, spec.clusterDomain), ...options.dnsNames ?? []],
      usages: [CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.DIGITAL_SIGNATURE, CertificateSpecUsages.KEY_ENCIPHERMENT],
      duration: options.duration === undefined ? undefined : formatGoDuration(options.duration),
      renewBefore: options.renewBefore === undefined ? undefined : formatGoDuration(options.renewBefore),
    },
  });
}

export function checkCertManagerOptions(setting: string, options: CertManagerOptions): Problem[] {
  const problems: Array<Problem | undefined> = [
    checkDnsSubdomain(`${setting}.issuerName`, options.issuerName, 'letsencrypt'),
    ...(options.dnsNames ?? []).map((name) => checkDnsSubdomain(`${setting}.dnsNames`, name.replace(/^\*\./, ''), 'pika.example.com')),
  ];
  const lifetimes = [['duration', options.duration], ['renewBefore', options.renewBefore]] as const;
  const lifetimeProblems = lifetimes.map(([name, value]) => (value === undefined ? undefined : checkPositiveDuration(`${setting}.${name}`, value)));
  problems.push(...lifetimeProblems);
  const duration = options.duration?.toMilliseconds({ integral: false });
  const renewBefore = options.renewBefore?.toMilliseconds({ integral: false });
  if (lifetimeProblems.every((p) => p === undefined) && duration !== undefined && renewBefore !== undefined && renewBefore >= duration) {
    problems.push({
      setting: `${setting}.renewBefore`,
      rule: `must be shorter than duration (${formatGoDuration(options.duration!)})`,
      found: formatGoDuration(options.renewBefore!),
      fix: 'renew e.g. a third of the lifetime before expiry',
    });
  }
  return problems.filter((p): p is Problem => p !== undefined);
}

/** The Secret a Certificate writes must be the one a pod volume mounts, in the same namespace. */
export function checkCertificateMounted(certificate: Manifest, workload: Manifest, volumeName: string): Problem[] {
  const volume = (podSpecOf(workload).volumes ?? []).find((v: Manifest) => v.name === volumeName);
  const mounted = volume?.secret?.secretName;
  if (certificate.spec?.secretName === mounted && certificate.metadata?.namespace === workload.metadata?.namespace) {
    return [];
  }
  return [{
    setting: `${describeObject(certificate)} spec.secretName`,
    rule: `must be the Secret the pods mount as volume "${volumeName}" ("${mounted}" in namespace "${workload.metadata?.namespace}")`,
    found: `${certificate.metadata?.namespace}/${certificate.spec?.secretName}`,
    fix: 'remove the patch that changes the Certificate or the volume',
  }];
}
