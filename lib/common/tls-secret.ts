import { k8s } from 'cdk8s-plus-28';

/** Keys of a certificate Secret, for Secrets that do not use the `kubernetes.io/tls` names. */
export interface TlsSecretOptions {
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

/** File names inside a mounted certificate Secret, whatever the Secret's keys are called. */
export const CERTIFICATE_FILE = 'tls.crt';
export const PRIVATE_KEY_FILE = 'tls.key';
export const CA_FILE = 'ca.crt';

/** A certificate Secret's keys, after defaults. */
export interface TlsSecretKeys {
  readonly secretName: string;
  readonly certificateKey: string;
  readonly privateKeyKey: string;
  /** Key of a CA bundle to mount as well, when one is needed. */
  readonly caKey?: string;
}

export function resolveTlsSecretKeys(secretName: string, options: TlsSecretOptions = {}, caKey?: string): TlsSecretKeys {
  return {
    secretName,
    certificateKey: options.certificateKey ?? 'tls.crt',
    privateKeyKey: options.privateKeyKey ?? 'tls.key',
    caKey,
  };
}

/** A read-only Secret volume exposing the certificate (and CA) under fixed file names. */
export function tlsSecretVolume(volumeName: string, keys: TlsSecretKeys): k8s.Volume {
  const items = [{ key: keys.certificateKey, path: CERTIFICATE_FILE }, { key: keys.privateKeyKey, path: PRIVATE_KEY_FILE }];
  if (keys.caKey !== undefined) {
    items.push({ key: keys.caKey, path: CA_FILE });
  }
  return { name: volumeName, secret: { secretName: keys.secretName, items } };
}
