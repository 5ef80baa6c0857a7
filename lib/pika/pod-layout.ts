import { CERTIFICATE_FILE, PRIVATE_KEY_FILE } from '../common/tls-secret';

// Where things sit in a Pika pod. Upstream's bundle fixes these, and the parity tests hold us to it.

/** The container's name. */
export const CONTAINER_NAME = 'pika';

/** Key of pika.yaml in the ConfigMap; the extension tells Pika's loader to decode YAML. */
export const CONFIG_FILE_KEY = 'pika.yaml';

/**
 * Where pika.yaml is mounted. The image has no WORKDIR, so Pika runs in `/` and looks for
 * `./pika.yaml` there before `/etc/pika.yaml`.
 */
export const CONFIG_MOUNT_PATH = '/pika.yaml';

/** Name of the volumeClaimTemplate, and so the prefix of each member's claim (`data-pika-0`). */
export const DATA_CLAIM_NAME = 'data';

/** Where each member's claim is mounted. */
export const DATA_MOUNT_PATH = '/data';

/** Pika's BadgerDB directory (`storage.bw.path`), inside the claim. */
export const STORAGE_PATH = '/data/pika';

/** The env var Pika reads `cluster.security_key` from. */
export const SECURITY_KEY_ENV = 'PIKA_CLUSTER_SECURITY_KEY';

/** Liveness and readiness path; Pika also serves it at the root when a base path is set. */
export const HEALTH_PATH = '/healthz';

/** Names of the container ports. */
export const HTTP_PORT_NAME = 'http';
export const CLUSTER_PORT_NAME = 'cluster';

/** The env var chu's `PIKA_` loader maps onto a config key: `server.tls.enabled` → `PIKA_SERVER_TLS_ENABLED`. */
export function envNameOfConfigKey(path: string): string {
  return `PIKA_${path.split('.').join('_').replace(/-/g, '_').toUpperCase()}`;
}

/** The volume of the certificate Secret, where it is mounted, and the files Pika is pointed at. */
export const TLS_VOLUME = 'tls';
export const TLS_MOUNT_PATH = '/etc/pika/tls';
export const TLS_CERT_FILE = `${TLS_MOUNT_PATH}/${CERTIFICATE_FILE}`;
export const TLS_KEY_FILE = `${TLS_MOUNT_PATH}/${PRIVATE_KEY_FILE}`;
