import { ApiObject, Chart, Duration, JsonPatch } from 'cdk8s';
import { Capability, ConfigMap, EnvValue, k8s, SeccompProfileType, Secret, Volume, Workload } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { agentCheckContext, checkAgentObjects } from './checks';
import { AgentPlacement, checkAgainstCluster } from './cluster-checks';
import { agentConfig } from './config';
import { agentContainer, agentVolumes } from './container';
import { AGENT_CONFIG_KEY, AGENT_CONFIG_MOUNT_PATH, AGENT_CONTAINER_NAME, CA_MOUNT_PATH, CA_VOLUME, CONFIG_VOLUME, METRICS_PORT_NAME, TOKEN_ENV } from './layout';
import { PikoAgentSidecarProps } from './props';
import { AgentSettings, checkAgentSettings, resolveAgentSettings } from './settings';
import { RenderedConfig } from '../../common/config-document';
import { checkExtraEnv } from '../../common/environment';
import { finalJson } from '../../common/final-json';
import { parseGoDuration } from '../../common/go-duration';
import { checkIntegrationObjects } from '../../common/integration-checks';
import { checkDnsSubdomain } from '../../common/kubernetes-formats';
import { manifestObject } from '../../common/manifest-object';
import { describeObject, Manifest } from '../../common/manifest-view';
import { admitToPolicy, NetworkPeer } from '../../common/network-policy';
import { claimObjects } from '../../common/object-ownership';
import { apiObjectsOf } from '../../common/object-versions';
import { containerSecurityContext } from '../../common/pod-security';
import { addSynthChecks, Problem, throwIfProblems } from '../../common/problems';
import { checkPropsShape } from '../../common/props-shape';

const KIND = 'PikoAgentSidecar';

/**
 * Kinds whose pod template sits at `spec.template`, which the JSON patches address, and whose
 * pods run until stopped, as the agent does. A Job is not one: its pod completes only when every
 * container has exited, and the agent never exits on its own.
 */
const TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/**
 * The Piko agent as a sidecar of your own workload: the agent container (hardened as the
 * clusters' containers are) joins the workload's pods and forwards to its services over
 * `localhost`, and agent.yaml goes into a ConfigMap in the workload's namespace.
 *
 * A construct rather than a static `PikoAgent.addSidecar(...)`: it renders an object of its own
 * (the ConfigMap) and runs synth checks, both of which need a place in the construct tree, and
 * its id keeps the ConfigMap's place stable. The host is given as a {@link PikoSidecarHost}: a
 * cdk8s-plus-28 workload takes the container through `addContainer`, an L1 object through JSON
 * patches. Either way the synth checks the container reached the output and that the host's
 * other containers are still there.
 */
export class PikoAgentSidecar extends Construct {
  /** The ConfigMap holding agent.yaml, in the host's namespace. */
  public readonly configMap: ApiObject;
  /** The URL the agent connects to (`connect.url`). */
  public readonly connectUrl: string;

  /**
   * @param scope the chart or construct this belongs to
   * @param id the construct id; object names come from the props, not from the id
   * @param props the host workload, the server to connect to and the endpoints to register
   */
  constructor(scope: Construct, id: string, props: PikoAgentSidecarProps) {
    super(scope, id);
    throwIfProblems(this, KIND, checkPropsShape('cdk8s-pika-piko.PikoAgentSidecarProps', props));
    const settings = resolveAgentSettings(props, { gracePeriod: props.gracePeriod ?? Duration.seconds(20), env: props.env });
    const host = props.host._bind();
    const hostObject = host.workload !== undefined ? ApiObject.of(host.workload) : host.kubeObject!;
    const namespace = hostObject.metadata.namespace;
    throwIfProblems(this, KIND, [
      checkDnsSubdomain('name', settings.name, 'piko-agent'),
      ...checkAgentSettings(settings),
      ...checkExtraEnv(settings.env, new Map([[TOKEN_ENV, 'the token prop']])),
      checkHostKind(hostObject.kind),
    ].filter((p): p is Problem => p !== undefined));

    this.connectUrl = settings.target.url;
    const rendered = new RenderedConfig(agentConfig(settings));
    this.configMap = manifestObject(this, 'Config', k8s.KubeConfigMap.GVK, k8s.toJson_KubeConfigMapProps, {
      metadata: { name: settings.name, namespace, labels: { 'app.kubernetes.io/name': 'piko-agent', 'app.kubernetes.io/managed-by': 'cdk8s-pika-piko' } },
      data: { [AGENT_CONFIG_KEY]: rendered.text },
    });
    if (host.workload !== undefined) {
      addToWorkload(this, host.workload, settings);
    } else {
      addToKubeObject(hostObject, settings);
    }

    const cluster = settings.target.cluster;
    const podLabels: { [key: string]: string } = finalJson(hostObject).spec?.template?.metadata?.labels ?? {};
    const hostNamespace = namespace ?? Chart.of(hostObject).namespace ?? 'default';
    const placement: AgentPlacement = {
      namespace: hostNamespace,
      peer: cluster?.namespace === hostNamespace ? NetworkPeer.podsWithLabels(podLabels) : NetworkPeer.podsInNamespace(hostNamespace, podLabels),
    };
    if (cluster?.networkPolicy !== undefined) {
      admitToPolicy(cluster.networkPolicy, cluster.upstreamPort, [placement.peer]);
    }
    const hostContainers = (finalJson(hostObject).spec?.template?.spec?.containers ?? [])
      .map((c: Manifest) => c.name).filter((n: string) => n !== AGENT_CONTAINER_NAME);
    const duplicates = claimObjects(this, [this.configMap]);
    const objects = [this.configMap, hostObject, ...(cluster ? apiObjectsOf(cluster) : [])];
    // A cdk8s-plus host changes through its own methods, which move no patch count, so its
    // sidecar's checks run on every validation (a sidecar has few objects).
    addSynthChecks(this, KIND, { objects: () => objects, always: host.workload !== undefined }, () => {
      const workload = finalJson(hostObject);
      const context = agentCheckContext(workload, finalJson(this.configMap), rendered);
      return {
        problems: [
          ...duplicates,
          // The ConfigMap is mounted by name, so it stays in the host's namespace.
          ...checkIntegrationObjects([this.configMap], namespace),
          ...checkAgentObjects(context),
          ...checkHostKept(workload, hostContainers),
          ...(cluster && context.container ? checkAgainstCluster(context, cluster, placement) : []),
        ],
        warnings: shutdownWarnings(workload, context.expanded.grace_period),
      };
    });
  }
}

/** Through cdk8s-plus's own API, so the workload's `containers` and volumes include the agent's. */
function addToWorkload(scope: Construct, workload: Workload, settings: AgentSettings): void {
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
function addToKubeObject(object: ApiObject, settings: AgentSettings): void {
  const container = { ...agentContainer(settings), securityContext: containerSecurityContext(settings.podSecurity) };
  const volumes = agentVolumes(settings, settings.name);
  const hasVolumes = Array.isArray(finalJson(object).spec?.template?.spec?.volumes);
  object.addJsonPatch(
    JsonPatch.add('/spec/template/spec/containers/-', container),
    ...(hasVolumes ? volumes.map((v) => JsonPatch.add('/spec/template/spec/volumes/-', v)) : [JsonPatch.add('/spec/template/spec/volumes', volumes)]),
  );
}

function checkHostKind(kind: string): Problem | undefined {
  if (TEMPLATE_KINDS.includes(kind)) {
    return undefined;
  }
  if (kind === 'Job') {
    return {
      setting: 'host',
      rule: 'must not be a Job: a Job\'s pod completes only when all its containers exit, and the agent runs until it is stopped, so the Job would never complete',
      found: kind,
      fix: 'run the agent as a PikoAgent that forwards to a Service in front of the Job\'s pods',
    };
  }
  return {
    setting: 'host',
    rule: `must be a workload with a pod template at spec.template (${TEMPLATE_KINDS.join(', ')})`,
    found: kind,
    fix: 'add the agent to the Deployment or StatefulSet that runs your service',
  };
}

/** The host's own containers must survive: a sidecar is added, never swapped in. */
function checkHostKept(workload: Manifest, hostContainers: string[]): Problem[] {
  const names: string[] = (workload.spec?.template?.spec?.containers ?? []).map((c: Manifest) => c.name);
  const missing = hostContainers.filter((name) => !names.includes(name));
  return missing.length === 0 ? [] : [{
    setting: `${describeObject(workload)} containers`,
    rule: 'must keep the workload\'s own containers beside the agent',
    found: names,
    fix: 'remove the patch that replaces the containers',
  }];
}

/** Kubernetes kills the pod when terminationGracePeriodSeconds ends, agent or not. */
function shutdownWarnings(workload: Manifest, gracePeriod: unknown): Problem[] {
  const graceMillis = typeof gracePeriod === 'string' ? parseGoDuration(gracePeriod) : undefined;
  const termination = workload.spec?.template?.spec?.terminationGracePeriodSeconds ?? 30;
  if (graceMillis === undefined || termination * 1000 > graceMillis) {
    return [];
  }
  return [{
    setting: `${describeObject(workload)} spec.template.spec.terminationGracePeriodSeconds`,
    rule: `is not longer than the agent's grace_period (${gracePeriod}): requests still in flight are killed with the pod`,
    found: termination,
    fix: 'lower the sidecar\'s gracePeriod, or raise the workload\'s terminationGracePeriodSeconds',
  }];
}
