import { PikoKeyKind } from './auth';

// Where things sit in a Piko pod. The Helm chart fixes these, and the parity tests hold us to it.

export const CONTAINER_NAME = 'piko';

/** Key of server.yaml in the ConfigMap, and where it is mounted. */
export const CONFIG_FILE_KEY = 'server.yaml';
export const CONFIG_MOUNT_PATH = '/config';
export const CONFIG_FILE_PATH = `${CONFIG_MOUNT_PATH}/${CONFIG_FILE_KEY}`;

/** The arguments that start the server on the mounted config, with `${VAR}` expansion on. */
export const SERVER_ARGS = ['server', '--config.path', CONFIG_FILE_PATH, '--config.expand-env'];
export const EXPAND_ENV_FLAG = '--config.expand-env';

/** The listeners that take auth and TLS settings. */
export const LISTENERS = ['proxy', 'upstream', 'admin'] as const;
export type Listener = typeof LISTENERS[number];

/** Container and Service port names. Gossip listens on TCP and UDP on the same number. */
export const PORT_NAMES = { proxy: 'proxy', upstream: 'upstream', admin: 'admin', gossip: 'gossip', gossipUdp: 'gossip-udp' };

/** Admin routes the probes use. */
export const READY_PATH = '/ready';
export const HEALTH_PATH = '/health';

/** Downward-API env vars the config expands. */
export const POD_NAME_ENV = 'POD_NAME';
export const POD_IP_ENV = 'POD_IP';

/** Certificates are mounted per listener under this directory. */
export const TLS_MOUNT_ROOT = '/etc/piko/tls';

export function tlsMountPath(listener: Listener): string {
  return `${TLS_MOUNT_ROOT}/${listener}`;
}

export function tlsVolumeName(listener: Listener): string {
  return `${listener}-tls`;
}

/** The env var a listener's verification key is read into: `PIKO_UPSTREAM_HMAC_SECRET_KEY`. */
export function keyEnvName(listener: Listener, kind: PikoKeyKind): string {
  return `PIKO_${listener.toUpperCase()}_${kind.toUpperCase()}`;
}

/** The CLI flag for a listener's key: `--upstream.auth.rsa-public-key`. */
export function keyFlag(listener: Listener, kind: PikoKeyKind): string {
  return `--${listener}.auth.${kind.replace(/_/g, '-')}`;
}

/** Subsystems `log.subsystems` can name; matching is exact. */
export const LOG_SUBSYSTEMS = ['server', 'proxy', 'proxy.access', 'proxy.http', 'proxy.tcp', 'upstream', 'admin', 'cluster', 'gossip'];
