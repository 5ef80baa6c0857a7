import { Duration } from 'cdk8s';
import { guardFactories } from '../common/factory-arguments';

/** Claims checked on every token, whatever verifies its signature. */
export interface PikoAuthOptions {
  /**
   * Required `aud` claim.
   * @default - not checked
   */
  readonly audience?: string;
  /**
   * Required `iss` claim.
   * @default - not checked
   */
  readonly issuer?: string;
  /**
   * Keep an upstream connected after its token expires.
   * @default false - upstreams are disconnected when their token expires
   */
  readonly keepConnectedAfterExpiry?: boolean;
}

/** A JWKS endpoint and how to fetch it. */
export interface PikoJwksOptions extends PikoAuthOptions {
  /**
   * How long fetched keys are cached.
   * @default - the library default
   */
  readonly cacheTtl?: Duration;
  /**
   * HTTP timeout of a fetch.
   * @default - the library default
   */
  readonly timeout?: Duration;
}

/** How a listener's verification key reaches Piko. */
export enum PikoKeyKind {
  HMAC = 'hmac_secret_key',
  RSA = 'rsa_public_key',
  ECDSA = 'ecdsa_public_key',
}

/** An auth setting after defaults. */
export interface BoundAuth {
  /** Set for HMAC, RSA and ECDSA keys, which come from a Secret. */
  readonly key?: { readonly kind: PikoKeyKind; readonly secretName: string; readonly secretKey: string };
  readonly jwks?: { readonly endpoint: string; readonly cacheTtl?: Duration; readonly timeout?: Duration };
  readonly options: PikoAuthOptions;
}

/**
 * How a Piko listener verifies JWTs (`<listener>.auth`). Key material always comes from a
 * Secret and never sits in the ConfigMap.
 */
export class PikoAuth {
  /**
   * HS256/384/512 tokens, verified with a shared secret from a Secret. The secret reaches the
   * config through Piko's env expansion, so it must be one line without `"`, `\` or `$`
   * (e.g. `openssl rand -base64 32`).
   * @param secretName name of the Secret in the cluster's namespace
   * @param key key of the shared secret inside the Secret
   * @param options audience, issuer and expiry handling
   */
  public static hmac(secretName: string, key: string, options: PikoAuthOptions = {}): PikoAuth {
    return new PikoAuth({ key: { kind: PikoKeyKind.HMAC, secretName, secretKey: key }, options });
  }

  /**
   * RS256/384/512 tokens, verified with a PEM public key from a Secret (or ConfigMap-like Secret).
   * @param secretName name of the Secret in the cluster's namespace
   * @param key key of the PEM public key inside the Secret
   * @param options audience, issuer and expiry handling
   */
  public static rsaPublicKey(secretName: string, key: string, options: PikoAuthOptions = {}): PikoAuth {
    return new PikoAuth({ key: { kind: PikoKeyKind.RSA, secretName, secretKey: key }, options });
  }

  /**
   * ES256/384/512 tokens, verified with a PEM public key from a Secret.
   * @param secretName name of the Secret in the cluster's namespace
   * @param key key of the PEM public key inside the Secret
   * @param options audience, issuer and expiry handling
   */
  public static ecdsaPublicKey(secretName: string, key: string, options: PikoAuthOptions = {}): PikoAuth {
    return new PikoAuth({ key: { kind: PikoKeyKind.ECDSA, secretName, secretKey: key }, options });
  }

  /**
   * Tokens verified with the keys of a JWKS endpoint (`http://`, `https://` or `file://`).
   * Cannot be combined with a key.
   * @param endpoint URL of the key set
   * @param options audience, issuer, expiry handling, cache lifetime and timeout
   */
  public static jwks(endpoint: string, options: PikoJwksOptions = {}): PikoAuth {
    return new PikoAuth({ jwks: { endpoint, cacheTtl: options.cacheTtl, timeout: options.timeout }, options });
  }

  private constructor(private readonly settings: BoundAuth) {}

  /** @internal */
  public _bind(): BoundAuth {
    return this.settings;
  }
}
guardFactories(PikoAuth);
