import { CertManagerOptions } from '../common/certificate';
import { guardFactories } from '../common/factory-arguments';
import { resolveTlsSecretKeys, TlsSecretKeys, TlsSecretOptions } from '../common/tls-secret';

/** Keys of a listener's certificate Secret, and the CA that client certificates must chain to. */
export interface PikoTlsSecretOptions extends TlsSecretOptions {
  /**
   * Key of a CA bundle in the Secret. When set, clients must present a certificate signed by it
   * (mutual TLS, `tls.client_cas`).
   * @default - no client certificates required
   */
  readonly clientCaKey?: string;
}

/** A certificate cert-manager issues for a listener. */
export interface PikoCertManagerTlsOptions extends CertManagerOptions {
  /**
   * The Secret cert-manager writes and the pods mount.
   * @default "<name>-<listener>-tls", e.g. "piko-upstream-tls"
   */
  readonly secretName?: string;
  /**
   * Key of a CA bundle in that Secret for mutual TLS (cert-manager writes the issuer's CA to
   * `ca.crt`).
   * @default - no client certificates required
   */
  readonly clientCaKey?: string;
}

/** A listener's TLS after defaults. */
export interface BoundListenerTls {
  readonly secret: TlsSecretKeys;
  /** Set when the construct renders a cert-manager Certificate into that Secret. */
  readonly certManager?: CertManagerOptions;
}

/**
 * TLS on one of Piko's listeners (proxy, upstream or admin): the certificate comes from a
 * Secret mounted read-only. Piko reads it once at start: roll the pods after a renewal.
 */
export class PikoTls {
  /**
   * The certificate in an existing Secret (a `kubernetes.io/tls` Secret by default).
   * @param secretName name of the Secret, in the cluster's namespace
   * @param options the Secret's keys, if not the standard ones, and a client CA for mutual TLS
   */
  public static fromSecret(secretName: string, options: PikoTlsSecretOptions = {}): PikoTls {
    return new PikoTls(() => ({ secret: resolveTlsSecretKeys(secretName, options, options.clientCaKey) }));
  }

  /**
   * A certificate cert-manager issues for the listener's Service names (proxy: `<name>-proxy`,
   * upstream: `<name>-upstream`, admin: `<name>`) plus `dnsNames`.
   * @param options the issuer, the Secret to write, and extra DNS names
   */
  public static fromCertManager(options: PikoCertManagerTlsOptions): PikoTls {
    const { secretName, clientCaKey, ...certManager } = options;
    return new PikoTls((clusterName, listener) => ({
      secret: resolveTlsSecretKeys(secretName ?? `${clusterName}-${listener}-tls`, {}, clientCaKey),
      certManager,
    }));
  }

  private constructor(private readonly bind: (clusterName: string, listener: string) => BoundListenerTls) {}

  /**
   * Resolves the settings for a listener of a cluster of this name.
   * @internal
   */
  public _bind(clusterName: string, listener: string): BoundListenerTls {
    return this.bind(clusterName, listener);
  }
}
guardFactories(PikoTls);
