import { k8s } from 'cdk8s-plus-28';
import {
  AGENT_ARGS, AGENT_CONFIG_KEY, AGENT_CONFIG_MOUNT_PATH, AGENT_CONTAINER_NAME, CA_MOUNT_PATH, CA_VOLUME, CONFIG_VOLUME,
  METRICS_PORT_NAME, TOKEN_ENV,
} from './layout';
import { AgentSettings } from './settings';
import { renderExtraEnv } from '../../common/environment';
import { renderResources } from '../../common/resources';

/**
 * The agent container, without security context (a PikoAgent's pod template adds it, a sidecar
 * adds its own). The agent serves no health route (its server has only /metrics) and exits when
 * it cannot connect at start, so it has no probes: a restart is Kubernetes' answer either way.
 */
export function agentContainer(settings: AgentSettings): k8s.Container {
  const env: k8s.EnvVar[] = settings.token === undefined ? [] : [{
    name: TOKEN_ENV,
    valueFrom: { secretKeyRef: { name: settings.token.secretName, key: settings.token.key } },
  }];
  return {
    name: AGENT_CONTAINER_NAME,
    image: settings.image,
    imagePullPolicy: settings.imagePullPolicy,
    args: AGENT_ARGS,
    ports: settings.metricsPort === undefined ? undefined : [{ name: METRICS_PORT_NAME, containerPort: settings.metricsPort, protocol: 'TCP' }],
    env: [...env, ...renderExtraEnv(settings.env)],
    volumeMounts: [
      { name: CONFIG_VOLUME, mountPath: AGENT_CONFIG_MOUNT_PATH, readOnly: true },
      ...(settings.trust === undefined ? [] : [{ name: CA_VOLUME, mountPath: CA_MOUNT_PATH, readOnly: true }]),
    ],
    resources: renderResources(settings.resources),
  };
}

/** The config volume, and the CA bundle's when the server is trusted through one. */
export function agentVolumes(settings: AgentSettings, configMapName: string): k8s.Volume[] {
  const volumes: k8s.Volume[] = [
    { name: CONFIG_VOLUME, configMap: { name: configMapName, items: [{ key: AGENT_CONFIG_KEY, path: AGENT_CONFIG_KEY }] } },
  ];
  const trust = settings.trust;
  if (trust !== undefined) {
    const items = [{ key: trust.key, path: 'ca.crt' }];
    volumes.push(trust.kind === 'secret'
      ? { name: CA_VOLUME, secret: { secretName: trust.name, items } }
      : { name: CA_VOLUME, configMap: { name: trust.name, items } });
  }
  return volumes;
}
