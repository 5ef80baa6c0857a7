import { ApiObject, JsonPatch } from 'cdk8s';
import { Capability, ConfigMap, EnvValue, SeccompProfileType, Secret, Volume, Workload } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { agentContainer, agentPodVolumes } from './container';
import { AGENT_CONTAINER_NAME, METRICS_PORT_NAME, TOKEN_ENV } from './layout';
import { AgentSettings } from './settings';
import { agentVolumes } from './volumes';
import { finalJson } from '../../common/final-json';
import { containerSecurityContext } from '../../common/pod-security';

// How a sidecar's agent container joins its host's pod template. A cdk8s-plus workload takes it
// through its own API, so `workload.containers` lists it; an L1 object through JSON patches.
// Both give the container the same args, env, mounts, resources and security context.

/** Through cdk8s-plus's own API, so the workload's `containers` and volumes include the agent's. */
export function joinWorkload(scope: Construct, workload: Workload, settings: AgentSettings): void {
  // A reference of its own for each volume: the construct ids are the volume names.
  const volumeMounts = agentVolumes(settings, settings.name).map(({ name, mountPath, source, items }) => {
    const keys = Object.fromEntries(items.map((item) => [item.key, { path: item.path }]));
    const volume = source.kind === 'secret'
      ? Volume.fromSecret(scope, `Volume-${name}`, Secret.fromSecretName(scope, `Source-${name}`, source.name), { name, items: keys })
      : Volume.fromConfigMap(scope, `Volume-${name}`, ConfigMap.fromConfigMapName(scope, `Source-${name}`, source.name), { name, items: keys });
    return { volume, path: mountPath, readOnly: true };
  });
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
    volumeMounts,
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
  const volumes = agentPodVolumes(settings, settings.name);
  const hasVolumes = Array.isArray(finalJson(object).spec?.template?.spec?.volumes);
  object.addJsonPatch(
    JsonPatch.add('/spec/template/spec/containers/-', container),
    ...(hasVolumes ? volumes.map((v) => JsonPatch.add('/spec/template/spec/volumes/-', v)) : [JsonPatch.add('/spec/template/spec/volumes', volumes)]),
  );
}
