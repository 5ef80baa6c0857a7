import { guardFactories } from '../../common/factory-arguments';

/** Where the CA bundle comes from, after binding. */
export interface BoundTrust {
  readonly kind: 'secret' | 'configMap';
  readonly name: string;
  readonly key: string;
}

/**
 * A CA an agent verifies a server's certificate with, mounted read-only from an object in the
 * agent's namespace: the Piko server's upstream port (`serverTrust`, `connect.tls.root_cas`) or
 * a listener's HTTPS service (`tls.trust`, the listener's `tls.root_cas`).
 */
export class PikoServerTrust {
  /**
   * A CA bundle in a Secret, e.g. the `ca.crt` cert-manager writes beside the certificate.
   * @param secretName name of the Secret
   * @param key key of the PEM bundle in the Secret
   */
  public static fromSecret(secretName: string, key: string = 'ca.crt'): PikoServerTrust {
    return new PikoServerTrust({ kind: 'secret', name: secretName, key });
  }

  /**
   * A CA bundle in a ConfigMap, e.g. one trust-manager distributes.
   * @param configMapName name of the ConfigMap
   * @param key key of the PEM bundle in the ConfigMap
   */
  public static fromConfigMap(configMapName: string, key: string = 'ca.crt'): PikoServerTrust {
    return new PikoServerTrust({ kind: 'configMap', name: configMapName, key });
  }

  private constructor(private readonly trust: BoundTrust) {}

  /** @internal */
  public _bind(): BoundTrust {
    return this.trust;
  }
}
guardFactories(PikoServerTrust);
