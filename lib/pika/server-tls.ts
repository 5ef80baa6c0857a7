/** Options for serving a certificate from a `kubernetes.io/tls` Secret. */
export interface PikaTlsSecretOptions {
  /**
   * Key of the certificate chain in the Secret.
   * @default "tls.crt"
   */
  readonly certificateKey?: string;
  /**
   * Key of the private key in the Secret.
   * @default "tls.key"
   */
  readonly privateKeyKey?: string;
}

/** TLS settings after defaults. */
export interface BoundServerTls {
  readonly enabled: boolean;
  readonly secretName?: string;
  readonly certificateKey?: string;
  readonly privateKeyKey?: string;
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
    return new PikaServerTls({ enabled: false });
  }

  /**
   * HTTPS with the certificate Pika generates on first start (self-signed, stored on the data
   * volume). Suits re-encryption to a Gateway that does not verify the backend.
   */
  public static selfSigned(): PikaServerTls {
    return new PikaServerTls({ enabled: true });
  }

  /**
   * HTTPS with the certificate in a `kubernetes.io/tls` Secret, mounted read-only. Pika reads it
   * once at start: roll the pods after the certificate is renewed.
   */
  public static fromSecret(secretName: string, options: PikaTlsSecretOptions = {}): PikaServerTls {
    return new PikaServerTls({
      enabled: true,
      secretName,
      certificateKey: options.certificateKey ?? 'tls.crt',
      privateKeyKey: options.privateKeyKey ?? 'tls.key',
    });
  }

  private constructor(private readonly settings: BoundServerTls) {}

  /** Whether the listener serves HTTPS. */
  public get enabled(): boolean {
    return this.settings.enabled;
  }

  /** @internal */
  public _bind(): BoundServerTls {
    return this.settings;
  }
}
