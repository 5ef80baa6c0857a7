import { ConfigTree } from '../../common/config-document';
import { Problem } from '../../common/problems';
import { checkConfigKeys, HEADER_FILTER, Schema, STREAM } from '../config-schema';
import { PIKO_VERSION } from '../version';

// The keys of agent.yaml in the Piko release of version.ts (agent/config/config.go, pkg/log). The
// agent loads it with the server's strict decoder: an unknown key, or a value of the wrong type,
// stops it at start.

const TLS: Schema = { cert: 'string', key: 'string', root_cas: 'string', insecure_skip_verify: 'bool' };

export const PIKO_AGENT_CONFIG_SCHEMA: Schema = {
  listeners: {
    listOf: {
      endpoint_id: 'string',
      addr: 'string',
      protocol: 'string',
      access_log: { level: 'string', request_headers: HEADER_FILTER, response_headers: HEADER_FILTER, disable: 'bool' },
      timeout: 'duration',
      http_client: { keep_alive_timeout: 'duration', idle_conn_timeout: 'duration', max_idle_conns: 'int', disable_compression: 'bool' },
      tls: TLS,
    },
  },
  connect: { url: 'string', token: 'string', tenant_id: 'string', timeout: 'duration', tls: TLS, proxy_url: 'string' },
  server: { enabled: 'bool', bind_addr: 'string' },
  stream: STREAM,
  log: { level: 'string', subsystems: 'string-list' },
  grace_period: 'duration',
};

/** Every key the agent would refuse and every value of the wrong type, by dotted path. */
export function checkAgentConfigKeys(tree: ConfigTree, settingOf: (path: string) => string): Problem[] {
  return checkConfigKeys(tree, PIKO_AGENT_CONFIG_SCHEMA, settingOf, `the Piko ${PIKO_VERSION} agent`);
}
