import { guardFactories } from '../../common/factory-arguments';
import { resolveTlsSecretKeys, TlsSecretKeys, TlsSecretOptions } from '../../common/tls-secret';

/**
 * A certificate and key an agent presents to an HTTPS service that asks for one (mutual TLS),
 * mounted read-only from a Secret in the agent's namespace. The agent reads them once at start:
 * roll its pods after a renewal.
 */
export class PikoClientCertificate {
  /**
   * The certificate in an existing Secret (a `kubernetes.io/tls` Secret by default, such as
   * cert-manager writes).
   * @param secretName name of the Secret
   * @param options the Secret's keys, if not the standard ones
   */
  public static fromSecret(secretName: string, options: TlsSecretOptions = {}): PikoClientCertificate {
    return new PikoClientCertificate(resolveTlsSecretKeys(secretName, options));
  }

  private constructor(private readonly keys: TlsSecretKeys) {}

  /** @internal */
  public _bind(): TlsSecretKeys {
    return this.keys;
  }
}
guardFactories(PikoClientCertificate);
