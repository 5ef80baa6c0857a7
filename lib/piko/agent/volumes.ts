import {
  AGENT_CONFIG_KEY, AGENT_CONFIG_MOUNT_PATH, CA_MOUNT_PATH, CA_VOLUME, CLIENT_CERTIFICATE_MOUNT_PATH, CLIENT_CERTIFICATE_VOLUME, CONFIG_VOLUME,
  listenerTlsLayout,
} from './layout';
import { BoundTrust } from './server-trust';
import { AgentSettings } from './settings';
import { CA_FILE, CERTIFICATE_FILE, PRIVATE_KEY_FILE, TlsSecretKeys } from '../../common/tls-secret';

// Every volume an agent adds to its pod, in one list: a PikoAgent's Deployment and both kinds
// of sidecar host render it, and a sidecar's host must not hold a volume of one of its names.

/** A volume the agent container mounts read-only, and which keys of its source become which files. */
export interface AgentVolume {
  readonly name: string;
  readonly mountPath: string;
  readonly source: { readonly kind: 'secret' | 'configMap'; readonly name: string };
  readonly items: ReadonlyArray<{ readonly key: string; readonly path: string }>;
}

/**
 * The config; the server's CA and the client certificate for it, when given; and for each
 * listener that reaches its service over HTTPS, that service's CA and client certificate, when
 * given.
 */
export function agentVolumes(settings: AgentSettings, configMapName: string): AgentVolume[] {
  const volumes: AgentVolume[] = [{
    name: CONFIG_VOLUME,
    mountPath: AGENT_CONFIG_MOUNT_PATH,
    source: { kind: 'configMap', name: configMapName },
    items: [{ key: AGENT_CONFIG_KEY, path: AGENT_CONFIG_KEY }],
  }];
  if (settings.trust !== undefined) {
    volumes.push(caVolume(CA_VOLUME, CA_MOUNT_PATH, settings.trust));
  }
  if (settings.clientCertificate !== undefined) {
    volumes.push(certificateVolume(CLIENT_CERTIFICATE_VOLUME, CLIENT_CERTIFICATE_MOUNT_PATH, settings.clientCertificate));
  }
  settings.listeners.forEach((listener, index) => {
    const layout = listenerTlsLayout(index);
    if (listener.tls?.trust !== undefined) {
      volumes.push(caVolume(layout.caVolume, layout.caMountPath, listener.tls.trust));
    }
    if (listener.tls?.clientCertificate !== undefined) {
      volumes.push(certificateVolume(layout.certificateVolume, layout.certificateMountPath, listener.tls.clientCertificate));
    }
  });
  return volumes;
}

/** A certificate and its key under fixed file names, whatever their keys. */
function certificateVolume(name: string, mountPath: string, keys: TlsSecretKeys): AgentVolume {
  return {
    name,
    mountPath,
    source: { kind: 'secret', name: keys.secretName },
    items: [{ key: keys.certificateKey, path: CERTIFICATE_FILE }, { key: keys.privateKeyKey, path: PRIVATE_KEY_FILE }],
  };
}

/** A CA bundle under a fixed file name, whatever its key. */
function caVolume(name: string, mountPath: string, trust: BoundTrust): AgentVolume {
  return { name, mountPath, source: { kind: trust.kind, name: trust.name }, items: [{ key: trust.key, path: CA_FILE }] };
}
