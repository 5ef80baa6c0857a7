import { CA_FILE_PATH, CLIENT_CERTIFICATE_PATH, CLIENT_KEY_PATH, listenerTlsLayout, TOKEN_ENV } from './layout';
import { AgentListenerSettings, AgentSettings } from './settings';
import { ConfigTree, deepMerge } from '../../common/config-document';
import { formatGoDuration } from '../../common/go-duration';
import { accessLogBlock, streamBlock } from '../config';

/**
 * agent.yaml as the construct renders it, before the raw config is merged in. The token is a
 * `${VAR}` reference the agent expands at start (`--config.expand-env`), so no secret is
 * written here.
 */
function renderedAgentConfig(settings: AgentSettings): ConfigTree {
  return {
    listeners: settings.listeners.map(listenerBlock),
    connect: {
      url: settings.target.url,
      ...optional('token', settings.token && `\${${TOKEN_ENV}}`),
      ...optional('tenant_id', settings.tenantId),
      ...optional('timeout', settings.connectTimeout && formatGoDuration(settings.connectTimeout)),
      ...(settings.trust || settings.clientCertificate ? {
        tls: {
          ...(settings.clientCertificate ? { cert: CLIENT_CERTIFICATE_PATH, key: CLIENT_KEY_PATH } : {}),
          ...(settings.trust ? { root_cas: CA_FILE_PATH } : {}),
        },
      } : {}),
    },
    ...streamBlock(settings.streamWindowSize),
    ...(settings.metricsPort === undefined ? {} : { server: { enabled: true, bind_addr: `:${settings.metricsPort}` } }),
    log: { level: settings.logLevel },
    grace_period: formatGoDuration(settings.gracePeriod),
  };
}

/** The final agent.yaml tree: the rendered config with the raw `config` prop merged over it. */
export function agentConfig(settings: AgentSettings): ConfigTree {
  return deepMerge(renderedAgentConfig(settings), settings.rawConfig);
}

function listenerBlock(listener: AgentListenerSettings, index: number): ConfigTree {
  return {
    endpoint_id: listener.endpointId,
    // Always host:port: Piko's port-only form refuses 65535. An HTTPS service takes a URL, the
    // only form in which the agent dials TLS.
    addr: listener.tls === undefined ? `${listener.host}:${listener.port}` : `https://${listener.host}:${listener.port}`,
    protocol: listener.protocol,
    timeout: formatGoDuration(listener.timeout),
    ...accessLogBlock(listener.accessLog),
    ...listenerTlsBlock(listener, index),
  };
}

/** The files of a listener's HTTPS service, where the agent's volumes put them (volumes.ts). */
function listenerTlsBlock(listener: AgentListenerSettings, index: number): ConfigTree {
  const tls = listener.tls;
  if (tls === undefined || (tls.trust === undefined && tls.clientCertificate === undefined)) {
    return {};
  }
  const layout = listenerTlsLayout(index);
  return {
    tls: {
      ...(tls.clientCertificate ? { cert: layout.certificateFile, key: layout.privateKeyFile } : {}),
      ...(tls.trust ? { root_cas: layout.caFile } : {}),
    },
  };
}

function optional(key: string, value: unknown): ConfigTree {
  return value === undefined ? {} : { [key]: value };
}
