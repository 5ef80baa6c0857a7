import { ApiObject, JsonPatch } from 'cdk8s';
import { Capability, ConfigMap, EnvValue, SeccompProfileType, Secret, Volume, Workload } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { agentContainer, agentVolumes } from './container';
import { AGENT_CONFIG_KEY, AGENT_CONFIG_MOUNT_PATH, AGENT_CONTAINER_NAME, CA_MOUNT_PATH, CA_VOLUME, CONFIG_VOLUME, METRICS_PORT_NAME, TOKEN_ENV } from './layout';
import { AgentSettings } from './settings';
import { finalJson } from '../../common/final-json';
import { containerSecurityContext } from '../../common/pod-security';

// How a sidecar's agent container joins its host's pod template. A cdk8s-plus workload takes it
// through its own API, so `workload.containers` lists it; an L1 object through JSON patches.
// Both give the container the same args, env, mounts, resources and security context.

/** Through cdk8s-plus's own API, so the workload's `containers` and volumes include the agent's. */
export function joinWorkload(scope: Construct, workload: Workload, settings: AgentSettings): void {
  const configVolume = Volume.fromConfigMap(scope, 'ConfigVolume', ConfigMap.fromConfigMapName(scope, 'ConfigRef', settings.name), {
    name: CONFIG_VOLUME,
    items: { [AGENT_CONFIG_KEY]: { path: AGENT_CONFIG_KEY } },
  });
  const trust = settings.trust;
  const caItems = trust && { [trust.key]: { path: 'ca.crt' } };
  const caVolume = trust === undefined ? undefined : trust.kind === 'secret'
    ? Volume.fromSecret(scope, 'CaVolume', Secret.fromSecretName(scope, 'CaRef', trust.name), { name: CA_VOLUME, items: caItems })
    : Volume.fromConfigMap(scope, 'CaVolume', ConfigMap.fromConfigMapName(scope, 'CaRef', trust.name), { name: CA_VOLUME, items: caItems });
  const security = settings.podSecurity;
  workload.addContainer({
    name: AGENT_CONTAINER_NAME,
    image: settings.image,
    imagePullPolicy: settings.imagePullPolicy,
    args: agentContainer(settings).args,
    ports: settings.metricsPort === undefined ? undefined : [{ name: METRICS_PORT_NAME, number: settings.metricsPort }],
    envVariables: agentEnv(scope, settings),
    resources: settings.resources,
    securityContext: {
      ensureNonRoot: true,
      user: security.runAsUser,
      group: security.runAsGroup,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: security.readOnlyRootFilesystem,
      capabilities: { drop: [Capability.ALL] },
      seccompProfile: { type: SeccompProfileType.RUNTIME_DEFAULT },
    },
    volumeMounts: [
      { volume: configVolume, path: AGENT_CONFIG_MOUNT_PATH, readOnly: true },
      ...(caVolume === undefined ? [] : [{ volume: caVolume, path: CA_MOUNT_PATH, readOnly: true }]),
    ],
  });
}

/**
 * The token's variable, then the extra ones sorted by name: the list the L1 path's container
 * (agentContainer) has, so both hosts give the agent the same env.
 */
function agentEnv(scope: Construct, settings: AgentSettings): { [name: string]: EnvValue } {
  const env: { [name: string]: EnvValue } = {};
  if (settings.token !== undefined) {
    env[TOKEN_ENV] = EnvValue.fromSecretValue({ secret: Secret.fromSecretName(scope, 'TokenRef', settings.token.secretName), key: settings.token.key });
  }
  for (const name of Object.keys(settings.env).sort()) {
    env[name] = settings.env[name];
  }
  return env;
}

/**
 * Through JSON patches, in the TypeScript shapes cdk8s's converters expect (Quantity objects for
 * resources). A volume list is appended to when the template has one, and created otherwise.
 */
export function joinKubeObject(object: ApiObject, settings: AgentSettings): void {
  const container = { ...agentContainer(settings), securityContext: containerSecurityContext(settings.podSecurity) };
  const volumes = agentVolumes(settings, settings.name);
  const hasVolumes = Array.isArray(finalJson(object).spec?.template?.spec?.volumes);
  object.addJsonPatch(
    JsonPatch.add('/spec/template/spec/containers/-', container),
    ...(hasVolumes ? volumes.map((v) => JsonPatch.add('/spec/template/spec/volumes/-', v)) : [JsonPatch.add('/spec/template/spec/volumes', volumes)]),
  );
}
