import { CA_FILE, CERTIFICATE_FILE, PRIVATE_KEY_FILE } from '../../common/tls-secret';

// Where things sit in an agent container, whether it runs in a PikoAgent pod or as a sidecar.

export const AGENT_CONTAINER_NAME = 'piko-agent';

/** Key of agent.yaml in the ConfigMap, and where it is mounted. */
export const AGENT_CONFIG_KEY = 'agent.yaml';
export const AGENT_CONFIG_MOUNT_PATH = '/config';
export const AGENT_CONFIG_PATH = `${AGENT_CONFIG_MOUNT_PATH}/${AGENT_CONFIG_KEY}`;

/** `piko agent start` on the mounted file, with `${VAR}` expansion on for the token. */
export const AGENT_ARGS = ['agent', 'start', '--config.path', AGENT_CONFIG_PATH, '--config.expand-env'];

/** The env var the token is read into from its Secret. */
export const TOKEN_ENV = 'PIKO_AGENT_TOKEN';

/** The server's CA bundle, under a fixed file name whatever its key. */
export const CA_MOUNT_PATH = '/etc/piko-agent/ca';
export const CA_FILE_PATH = `${CA_MOUNT_PATH}/${CA_FILE}`;

/** The client certificate the agent presents to the server, under fixed file names whatever its keys. */
export const CLIENT_CERTIFICATE_MOUNT_PATH = '/etc/piko-agent/client';
export const CLIENT_CERTIFICATE_PATH = `${CLIENT_CERTIFICATE_MOUNT_PATH}/${CERTIFICATE_FILE}`;
export const CLIENT_KEY_PATH = `${CLIENT_CERTIFICATE_MOUNT_PATH}/${PRIVATE_KEY_FILE}`;

/** Pod-wide volume names, prefixed so they cannot clash with a host workload's own. */
export const CONFIG_VOLUME = 'piko-agent-config';
export const CA_VOLUME = 'piko-agent-ca';
export const CLIENT_CERTIFICATE_VOLUME = 'piko-agent-client';

/**
 * Where the files of the listener at `index` sit when it reaches its service over HTTPS: the
 * CA and the client certificate, each a volume of its own under fixed file names.
 */
export function listenerTlsLayout(index: number) {
  const directory = `/etc/piko-agent/listeners/${index}`;
  return {
    caVolume: `piko-agent-listener-${index}-ca`,
    caMountPath: `${directory}/ca`,
    caFile: `${directory}/ca/${CA_FILE}`,
    certificateVolume: `piko-agent-listener-${index}-cert`,
    certificateMountPath: `${directory}/cert`,
    certificateFile: `${directory}/cert/${CERTIFICATE_FILE}`,
    privateKeyFile: `${directory}/cert/${PRIVATE_KEY_FILE}`,
  };
}

export const METRICS_PORT_NAME = 'agent-metrics';

/**
 * An endpoint ID is one path segment of the upstream route (`/piko/v1/upstream/<id>`); these
 * characters need no escaping there.
 */
const ENDPOINT_ID = /^[A-Za-z0-9._~-]+$/;

export function isValidEndpointId(id: unknown): boolean {
  return typeof id === 'string' && ENDPOINT_ID.test(id) && id !== '.' && id !== '..';
}
