import { k8s } from 'cdk8s-plus-28';
import { AGENT_ARGS, AGENT_CONTAINER_NAME, METRICS_PORT_NAME, TOKEN_ENV } from './layout';
import { AgentSettings } from './settings';
import { agentVolumes } from './volumes';
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
    volumeMounts: agentVolumes(settings, settings.name).map((volume) => ({ name: volume.name, mountPath: volume.mountPath, readOnly: true })),
    resources: renderResources(settings.resources),
  };
}

/** The pod volumes of the agent's mounts. */
export function agentPodVolumes(settings: AgentSettings, configMapName: string): k8s.Volume[] {
  return agentVolumes(settings, configMapName).map(({ name, source, items }) => (source.kind === 'secret'
    ? { name, secret: { secretName: source.name, items: [...items] } }
    : { name, configMap: { name: source.name, items: [...items] } }));
}
