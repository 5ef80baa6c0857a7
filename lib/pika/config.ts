import { Duration } from 'cdk8s';
import { STORAGE_PATH, TLS_CERT_FILE, TLS_KEY_FILE } from './pod-layout';
import { PikaClusterProps } from './props';
import { PikaSettings } from './settings';
import { ConfigTree, deepMerge } from '../common/config-document';
import { formatGoDuration } from '../common/go-duration';
import { givenConfigKeys, TypedConfigKey } from '../common/typed-config-keys';

/**
 * pika.yaml as the construct renders it, before the user's raw config is merged in. Ports,
 * replicas and the DNS name come from the same settings the Kubernetes objects are built from.
 * Secrets are absent on purpose: the security key arrives as an env var from a Secret.
 */
export function renderedPikaConfig(settings: PikaSettings): ConfigTree {
  const tls = settings.server.tls;
  return {
    log_level: settings.logLevel,
    server: {
      // Pika declares the port as a string.
      port: String(settings.server.port),
      ...(settings.server.basePath === '' ? {} : { base_path: settings.server.basePath }),
      tls: {
        enabled: tls.enabled,
        ...(tls.secret === undefined ? {} : { cert_file: TLS_CERT_FILE, key_file: TLS_KEY_FILE }),
      },
    },
    storage: { bw: { path: STORAGE_PATH } },
    cluster: {
      enabled: true,
      dns_addr: settings.dnsAddr,
      replicas: settings.replicas,
      port: settings.clustering.port,
      ...durationKey('refresh_interval', settings.clustering.refreshInterval),
      ...durationKey('heartbeat_interval', settings.clustering.heartbeatInterval),
      ...durationKey('heartbeat_timeout', settings.clustering.heartbeatTimeout),
      ...durationKey('sync_interval', settings.clustering.syncInterval),
      ...durationKey('forward_timeout', settings.clustering.forwardTimeout),
      ...(settings.clustering.lockKey === undefined ? {} : { lock_key: settings.clustering.lockKey }),
    },
  };
}

/** The pika.yaml keys of the typed props a user gave, which the raw config must not set too. */
export function pikaTypedConfigKeys(props: PikaClusterProps): TypedConfigKey[] {
  const clustering = props.clustering;
  return givenConfigKeys([
    ['logLevel', props.logLevel, 'log_level'],
    ['server.port', props.server?.port, 'server.port'],
    ['server.basePath', props.server?.basePath, 'server.base_path'],
    ['server.tls', props.server?.tls, 'server.tls.enabled'],
    ['server.tls', props.server?.tls, 'server.tls.cert_file'],
    ['server.tls', props.server?.tls, 'server.tls.key_file'],
    ['replicas', props.replicas, 'cluster.replicas'],
    ['clustering.port', clustering?.port, 'cluster.port'],
    ['clustering.refreshInterval', clustering?.refreshInterval, 'cluster.refresh_interval'],
    ['clustering.heartbeatInterval', clustering?.heartbeatInterval, 'cluster.heartbeat_interval'],
    ['clustering.heartbeatTimeout', clustering?.heartbeatTimeout, 'cluster.heartbeat_timeout'],
    ['clustering.syncInterval', clustering?.syncInterval, 'cluster.sync_interval'],
    ['clustering.forwardTimeout', clustering?.forwardTimeout, 'cluster.forward_timeout'],
    ['clustering.lockKey', clustering?.lockKey, 'cluster.lock_key'],
  ]);
}

/** The final pika.yaml tree: the rendered config with the raw `config` prop merged over it. */
export function pikaConfig(settings: PikaSettings): ConfigTree {
  return deepMerge(renderedPikaConfig(settings), settings.rawConfig);
}

function durationKey(key: string, value: Duration | undefined): ConfigTree {
  return value === undefined ? {} : { [key]: formatGoDuration(value) };
}
