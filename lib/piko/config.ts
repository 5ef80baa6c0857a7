import { Duration, Size } from 'cdk8s';
import { BoundAuth, PikoKeyKind } from './auth';
import { PikoHeaderFilter } from './header-filter';
import { keyEnvName, Listener, LISTENERS, POD_IP_ENV, POD_NAME_ENV, tlsMountPath } from './pod-layout';
import { PikoAccessLogOptions, PikoAdvertiseAddress, PikoClusterProps } from './props';
import { ListenerSettings, PikoSettings } from './settings';
import { streamWindowBytes } from './stream-window';
import { ConfigTree, deepMerge } from '../common/config-document';
import { formatGoDuration } from '../common/go-duration';
import { CA_FILE, CERTIFICATE_FILE, PRIVATE_KEY_FILE } from '../common/tls-secret';
import { givenConfigKeys, TypedConfigKey } from '../common/typed-config-keys';

/**
 * server.yaml as the construct renders it, before the raw config is merged in. Every port comes
 * from `settings.ports`; node IDs, advertise addresses and HMAC secrets are `${VAR}` references
 * Piko expands at start (`--config.expand-env`), so no secret is written here.
 */
export function renderedPikoConfig(settings: PikoSettings): ConfigTree {
  const ports = settings.ports;
  return {
    proxy: {
      bind_addr: `:${ports.proxy}`,
      ...advertise(settings, ports.proxy),
      ...optional('timeout', settings.proxyTimeout && formatGoDuration(settings.proxyTimeout)),
      ...proxyHttp(settings),
      ...accessLogBlock(settings.accessLog),
      ...listenerBlocks('proxy', settings.listeners.proxy),
    },
    upstream: {
      bind_addr: `:${ports.upstream}`,
      ...rebalance(settings),
      ...listenerBlocks('upstream', settings.listeners.upstream),
    },
    admin: {
      bind_addr: `:${ports.admin}`,
      ...advertise(settings, ports.admin),
      ...listenerBlocks('admin', settings.listeners.admin),
    },
    cluster: {
      // A node ID must be new on every start (Piko appends a random suffix); the pod name
      // prefix only makes logs readable.
      node_id_prefix: `\${${POD_NAME_ENV}}-`,
      join: [settings.joinTarget],
      ...optional('join_timeout', duration(settings.join.timeout)),
      ...optional('abort_if_join_fails', settings.join.abortIfJoinFails),
      gossip: {
        bind_addr: `:${ports.gossip}`,
        ...advertise(settings, ports.gossip),
        ...optional('interval', duration(settings.gossip.interval)),
        ...optional('max_packet_size', settings.gossip.maxPacketSize),
      },
    },
    ...streamBlock(settings.streamWindowSize),
    log: {
      level: settings.logLevel,
      ...(settings.logSubsystems.length > 0 ? { subsystems: settings.logSubsystems } : {}),
    },
    grace_period: formatGoDuration(settings.gracePeriod),
  };
}

/** The server.yaml keys of the typed props a user gave, which the raw config must not set too. */
export function pikoTypedConfigKeys(props: PikoClusterProps, listeners: { readonly [listener in Listener]: ListenerSettings }): TypedConfigKey[] {
  const listenerKeys = LISTENERS.flatMap((listener) => {
    const tls = listeners[listener].tls;
    return [
      [`${listener}.tls`, tls, `${listener}.tls.cert`],
      [`${listener}.tls`, tls, `${listener}.tls.key`],
      [`${listener}.tls clientCaKey`, tls?.caKey, `${listener}.tls.client_cas`],
      [`ports.${listener}`, props.ports?.[listener], `${listener}.bind_addr`],
    ] as const;
  });
  return givenConfigKeys([
    ...listenerKeys,
    ['ports.gossip', props.ports?.gossip, 'cluster.gossip.bind_addr'],
    ['advertiseAddress', props.advertiseAddress, 'proxy.advertise_addr'],
    ['advertiseAddress', props.advertiseAddress, 'admin.advertise_addr'],
    ['advertiseAddress', props.advertiseAddress, 'cluster.gossip.advertise_addr'],
    ['proxy.timeout', props.proxy?.timeout, 'proxy.timeout'],
    ['proxy.http.readTimeout', props.proxy?.http?.readTimeout, 'proxy.http.read_timeout'],
    ['proxy.http.writeTimeout', props.proxy?.http?.writeTimeout, 'proxy.http.write_timeout'],
    ['proxy.accessLog.level', props.proxy?.accessLog?.level, 'proxy.access_log.level'],
    ['proxy.accessLog.disable', props.proxy?.accessLog?.disable, 'proxy.access_log.disable'],
    ['proxy.accessLog.requestHeaders', props.proxy?.accessLog?.requestHeaders, 'proxy.access_log.request_headers'],
    ['proxy.accessLog.responseHeaders', props.proxy?.accessLog?.responseHeaders, 'proxy.access_log.response_headers'],
    ['upstream.rebalance.threshold', props.upstream?.rebalance?.threshold, 'upstream.rebalance.threshold'],
    ['upstream.rebalance.shedRate', props.upstream?.rebalance?.shedRate, 'upstream.rebalance.shed_rate'],
    ['upstream.rebalance.minConns', props.upstream?.rebalance?.minConns, 'upstream.rebalance.min_conns'],
    ['join.timeout', props.join?.timeout, 'cluster.join_timeout'],
    ['join.abortIfJoinFails', props.join?.abortIfJoinFails, 'cluster.abort_if_join_fails'],
    ['gossip.interval', props.gossip?.interval, 'cluster.gossip.interval'],
    ['gossip.maxPacketSize', props.gossip?.maxPacketSize, 'cluster.gossip.max_packet_size'],
    ['logLevel', props.logLevel, 'log.level'],
    ['logSubsystems', props.logSubsystems, 'log.subsystems'],
    ['streamWindowSize', props.streamWindowSize, 'stream.max_window_size'],
    ['gracePeriod', props.gracePeriod, 'grace_period'],
  ]);
}

/** The `stream` block of a server.yaml or agent.yaml: its receive window, when set. */
export function streamBlock(windowSize: Size | undefined): ConfigTree {
  return windowSize === undefined ? {} : { stream: { max_window_size: streamWindowBytes(windowSize) } };
}

/** The final server.yaml tree: the rendered config with the raw `config` prop merged over it. */
export function pikoConfig(settings: PikoSettings): ConfigTree {
  return deepMerge(renderedPikoConfig(settings), settings.rawConfig);
}

function advertise(settings: PikoSettings, port: number): ConfigTree {
  switch (settings.advertiseAddress) {
    case PikoAdvertiseAddress.POD_IP: return { advertise_addr: `\${${POD_IP_ENV}}:${port}` };
    case PikoAdvertiseAddress.POD_IP_V6: return { advertise_addr: `[\${${POD_IP_ENV}}]:${port}` };
    case PikoAdvertiseAddress.INFERRED: return {};
  }
}

function proxyHttp(settings: PikoSettings): ConfigTree {
  const { readTimeout, writeTimeout } = settings.proxyHttp;
  if (readTimeout === undefined && writeTimeout === undefined) {
    return {};
  }
  return { http: { ...optional('read_timeout', duration(readTimeout)), ...optional('write_timeout', duration(writeTimeout)) } };
}

/** An access-log block (`access_log`), as the proxy and the agent's listeners take it. */
export function accessLogBlock(log: PikoAccessLogOptions | undefined): ConfigTree {
  if (log === undefined) {
    return {};
  }
  const headers = (filter: PikoHeaderFilter | undefined) => filter?._toConfig();
  return {
    access_log: {
      ...optional('level', log.level),
      ...optional('request_headers', headers(log.requestHeaders)),
      ...optional('response_headers', headers(log.responseHeaders)),
      ...optional('disable', log.disable),
    },
  };
}

function rebalance(settings: PikoSettings): ConfigTree {
  const options = settings.rebalance;
  if (options === undefined) {
    return {};
  }
  return {
    rebalance: {
      ...optional('threshold', options.threshold),
      ...optional('shed_rate', options.shedRate),
      ...optional('min_conns', options.minConns),
    },
  };
}

function listenerBlocks(listener: Listener, settings: ListenerSettings): ConfigTree {
  const blocks: ConfigTree = {};
  if (settings.auth) {
    blocks.auth = authBlock(listener, settings.auth);
  }
  if (settings.tls) {
    const directory = tlsMountPath(listener);
    blocks.tls = {
      cert: `${directory}/${CERTIFICATE_FILE}`,
      key: `${directory}/${PRIVATE_KEY_FILE}`,
      ...(settings.tls.caKey === undefined ? {} : { client_cas: `${directory}/${CA_FILE}` }),
    };
  }
  return blocks;
}

/**
 * PEM public keys are not written here: env expansion pastes the raw text into the YAML and a
 * multi-line PEM breaks it. They are passed as a CLI flag instead (see container.ts).
 */
function authBlock(listener: Listener, auth: BoundAuth): ConfigTree {
  const jwks = auth.jwks;
  return {
    ...(auth.key?.kind === PikoKeyKind.HMAC ? { hmac_secret_key: `\${${keyEnvName(listener, PikoKeyKind.HMAC)}}` } : {}),
    ...optional('audience', auth.options.audience),
    ...optional('issuer', auth.options.issuer),
    ...optional('disable_disconnect_on_expiry', auth.options.keepConnectedAfterExpiry),
    ...(jwks === undefined ? {} : {
      jwks: { endpoint: jwks.endpoint, ...optional('cache_ttl', duration(jwks.cacheTtl)), ...optional('timeout', duration(jwks.timeout)) },
    }),
  };
}

function duration(value: Duration | undefined): string | undefined {
  return value === undefined ? undefined : formatGoDuration(value);
}

function optional(key: string, value: unknown): ConfigTree {
  return value === undefined ? {} : { [key]: value };
}
