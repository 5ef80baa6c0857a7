import { SecretFromStoreOptions } from '../common/external-secret';
import { guardFactories } from '../common/factory-arguments';

/** Upstream's placeholder value; a cluster started with it admits anyone who has read the bundle. */
export const PLACEHOLDER_SECURITY_KEY = 'CHANGE_ME_TO_A_LONG_RANDOM_STRING';

/** Shortest literal key accepted; upstream suggests `openssl rand -base64 48` (64 characters). */
export const MIN_SECURITY_KEY_LENGTH = 32;

/** Where the pre-shared cluster key comes from, after defaults. */
export interface BoundSecurityKey {
  /** The Secret the pod reads `PIKA_CLUSTER_SECURITY_KEY` from. */
  readonly secretName: string;
  readonly key: string;
  /** Set when the construct renders the Secret itself. */
  readonly literal?: string;
  /** Set when an ExternalSecret the construct renders writes the Secret. */
  readonly externalSecret?: SecretFromStoreOptions;
}

/**
 * The pre-shared key every Pika peer presents to join the cluster (`cluster.security_key`).
 *
 * It reaches the pod only as the `PIKA_CLUSTER_SECURITY_KEY` env var through a secretKeyRef,
 * never through the ConfigMap.
 */
export class PikaSecurityKey {
  /**
   * Read the key from an existing Secret, created outside this app, e.g. with
   * `kubectl create secret generic pika-cluster --from-literal=security_key="$(openssl rand -base64 48)"`.
   *
   * @param secretName name of the Secret in the cluster's namespace
   * @param key key inside the Secret
   */
  public static fromSecret(secretName: string, key: string = 'security_key'): PikaSecurityKey {
    return new PikaSecurityKey(secretName, key, undefined, undefined);
  }

  /**
   * Read the key from an External Secrets store: the construct renders an ExternalSecret that
   * writes the Secret `<name>-cluster` (key `security_key`), which the pods read.
   * @param options the store and the remote key to read
   */
  public static fromExternalSecret(options: SecretFromStoreOptions): PikaSecurityKey {
    return new PikaSecurityKey(undefined, 'security_key', undefined, options);
  }

  /**
   * Render a Secret holding this value. The value ends up in the synthesized manifests, so use this
   * only when they are encrypted at rest (e.g. SOPS or Sealed Secrets). At least 32 characters.
   * @param value the key itself, at least 32 characters
   */
  public static fromLiteral(value: string): PikaSecurityKey {
    return new PikaSecurityKey(undefined, 'security_key', value, undefined);
  }

  private constructor(
    private readonly secretName: string | undefined,
    private readonly key: string,
    private readonly literal: string | undefined,
    private readonly externalSecret: SecretFromStoreOptions | undefined,
  ) {}

  /**
   * Resolves the source for a cluster whose own Secret would be called `defaultSecretName`.
   * @internal
   */
  public _bind(defaultSecretName: string): BoundSecurityKey {
    return { secretName: this.secretName ?? defaultSecretName, key: this.key, literal: this.literal, externalSecret: this.externalSecret };
  }
}
guardFactories(PikaSecurityKey);
