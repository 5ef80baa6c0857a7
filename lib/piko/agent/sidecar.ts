import { ApiObject, Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { agentCheckContext, checkAgentObjects } from './checks';
import { AgentPlacement } from './cluster-checks';
import { agentConfig } from './config';
import { AGENT_CONFIG_KEY, TOKEN_ENV } from './layout';
import { PikoAgentSidecarProps } from './props';
import { checkAgentSettings, resolveAgentSettings } from './settings';
import { checkHostFree, checkHostKept, checkHostKind, checkHostPodSecurity, HostPodNames, recordSidecar, shutdownWarnings } from './sidecar-checks';
import { joinKubeObject, joinWorkload } from './sidecar-container';
import { BoundHost } from './sidecar-host';
import { checkSurroundings, surroundingObjects, surroundingsOf } from './surroundings';
import { agentVolumes } from './volumes';
import { RenderedConfig } from '../../common/config-document';
import { checkExtraEnv } from '../../common/environment';
import { finalJson } from '../../common/final-json';
import { checkIntegrationObjects } from '../../common/integration-checks';
import { checkDnsSubdomain } from '../../common/kubernetes-formats';
import { manifestObject } from '../../common/manifest-object';
import { Manifest } from '../../common/manifest-view';
import { admitToPolicy, NetworkPeer } from '../../common/network-policy';
import { claimObjects } from '../../common/object-ownership';
import { addSynthChecks, Problem, throwIfProblems } from '../../common/problems';
import { checkPropsShape } from '../../common/props-shape';
import { PikoCluster } from '../cluster';

const KIND = 'PikoAgentSidecar';

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
    // The host's pod before the agent joins it: its own containers must stay.
    const hostPod = hostPodNames(host, hostObject);
    const wrongKind = checkHostKind(hostObject.kind);
    throwIfProblems(this, KIND, [
      checkDnsSubdomain('name', settings.name, 'piko-agent'),
      ...checkAgentSettings(settings),
      ...checkExtraEnv(settings.env, new Map([[TOKEN_ENV, 'the token prop']])),
      ...(wrongKind !== undefined ? [wrongKind] : checkHostFree(hostObject, hostPod, agentVolumes(settings, settings.name).map((v) => v.name))),
    ].filter((p): p is Problem => p !== undefined));

    this.connectUrl = settings.target.url;
    const rendered = new RenderedConfig(agentConfig(settings));
    this.configMap = manifestObject(this, 'Config', k8s.KubeConfigMap.GVK, k8s.toJson_KubeConfigMapProps, {
      metadata: { name: settings.name, namespace, labels: { 'app.kubernetes.io/name': 'piko-agent', 'app.kubernetes.io/managed-by': 'cdk8s-pika-piko' } },
      data: { [AGENT_CONFIG_KEY]: rendered.text },
    });
    if (host.workload !== undefined) {
      joinWorkload(this, host.workload, settings);
    } else {
      joinKubeObject(hostObject, settings);
    }
    recordSidecar(hostObject, this);

    const cluster = settings.target.cluster;
    const podLabels: { [key: string]: string } = finalJson(hostObject).spec?.template?.metadata?.labels ?? {};
    const hostNamespace = namespace ?? Chart.of(hostObject).namespace ?? 'default';
    const placementBeside = (target: PikoCluster | undefined): AgentPlacement => ({
      namespace: hostNamespace,
      pods: `the pods of ${hostObject.kind} "${hostObject.name}" (PikoAgentSidecar)`,
      admitted: target !== undefined && target === cluster,
      peer: target?.namespace === hostNamespace ? NetworkPeer.podsWithLabels(podLabels) : NetworkPeer.podsInNamespace(hostNamespace, podLabels),
    });
    if (cluster?.networkPolicy !== undefined) {
      admitToPolicy(cluster.networkPolicy, cluster.upstreamPort, [placementBeside(cluster).peer]);
    }
    const duplicates = claimObjects(this, [this.configMap]);
    const surroundings = () => surroundingsOf(this, settings.target, hostNamespace);
    const inputs = () => [this.configMap, hostObject, ...surroundingObjects(surroundings())];
    // A cdk8s-plus host changes through its own methods, which move no patch count, so its
    // sidecar's checks run on every validation (a sidecar has few objects).
    addSynthChecks(this, KIND, { objects: inputs, always: host.workload !== undefined }, () => {
      const workload = finalJson(hostObject);
      const context = agentCheckContext(workload, finalJson(this.configMap), rendered);
      const around = surroundings();
      return {
        problems: [
          ...duplicates,
          // The ConfigMap is mounted by name, so it stays in the host's namespace.
          ...checkIntegrationObjects([this.configMap], namespace),
          ...checkAgentObjects(context),
          ...checkHostKept(workload, hostPod.containers),
          ...checkHostPodSecurity(workload, around.namespaces, hostNamespace),
          ...checkSurroundings(context, around, placementBeside, hostNamespace),
        ],
        warnings: shutdownWarnings(workload, context.expanded.grace_period),
      };
    });
  }
}

/**
 * Read from a cdk8s-plus workload's own API, whose JSON cannot be rendered while it has no
 * container yet (its containers may be added after the sidecar), or from an L1 object's JSON.
 */
function hostPodNames(host: BoundHost, hostObject: ApiObject): HostPodNames {
  if (host.workload !== undefined) {
    return { containers: host.workload.containers.map((c) => c.name), volumes: host.workload.volumes.map((v) => v.name) };
  }
  const pod: Manifest = finalJson(hostObject).spec?.template?.spec ?? {};
  return {
    containers: (pod.containers ?? []).map((c: Manifest) => c.name),
    volumes: (pod.volumes ?? []).map((v: Manifest) => v.name),
  };
}
