import { CertManagerOptions } from '../common/certificate';
import { guardFactories } from '../common/factory-arguments';
import { resolveTlsSecretKeys, TlsSecretKeys, TlsSecretOptions } from '../common/tls-secret';

/** TLS settings after defaults. */
export interface BoundServerTls {
  readonly enabled: boolean;
  /** The certificate Secret, when one is mounted. */
  readonly secret?: TlsSecretKeys;
  /** Set when the construct renders a cert-manager Certificate into that Secret. */
  readonly certManager?: CertManagerOptions;
}

/**
 * Whether Pika's HTTP listener serves TLS itself (`server.tls`).
 *
 * Off by default, as in upstream's bundle: a Gateway or Ingress ends TLS and talks plain HTTP to
 * the Service. When on, the probes switch to HTTPS.
 */
export class PikaServerTls {
  /** Plain HTTP in the pod; TLS ends at the Gateway or Ingress. */
  public static disabled(): PikaServerTls {
    return new PikaServerTls(() => ({ enabled: false }));
  }

  /**
   * HTTPS with the certificate Pika generates on first start (self-signed, stored on the data
   * volume). Suits re-encryption to a Gateway that does not verify the backend.
   */
  public static selfSigned(): PikaServerTls {
    return new PikaServerTls(() => ({ enabled: true }));
  }

  /**
   * HTTPS with the certificate in a `kubernetes.io/tls` Secret, mounted read-only. Pika reads it
   * once at start: roll the pods after the certificate is renewed.
   * @param secretName name of the `kubernetes.io/tls` Secret in the cluster's namespace
   * @param options the keys of the certificate and private key, if not the standard ones
   */
  public static fromSecret(secretName: string, options: TlsSecretOptions = {}): PikaServerTls {
    return new PikaServerTls(() => ({ enabled: true, secret: resolveTlsSecretKeys(secretName, options) }));
  }

  /**
   * HTTPS with a certificate cert-manager issues for the client Service's in-cluster names (plus
   * `dnsNames`) into the Secret `<name>-tls`, which the pods mount. Restart the members after a
   * renewal: Pika reads the certificate once.
   * @param options the issuer, and extra DNS names
   */
  public static fromCertManager(options: CertManagerOptions): PikaServerTls {
    return new PikaServerTls((clusterName) => ({ enabled: true, secret: resolveTlsSecretKeys(`${clusterName}-tls`), certManager: options }));
  }

  private constructor(private readonly bind: (clusterName: string) => BoundServerTls) {}

  /**
   * Resolves the settings for a cluster of this name.
   * @internal
   */
  public _bind(clusterName: string): BoundServerTls {
    return this.bind(clusterName);
  }
}
guardFactories(PikaServerTls);
