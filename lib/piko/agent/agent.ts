import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { agentCheckContext, checkAgentObjects } from './checks';
import { AgentPlacement } from './cluster-checks';
import { agentConfig } from './config';
import { agentContainer, agentPodVolumes } from './container';
import { AGENT_CONTAINER_NAME, AGENT_CONFIG_KEY, TOKEN_ENV } from './layout';
import { checkListenersLeavePod } from './listener-reach';
import { PikoAgentProps } from './props';
import { checkAgentSettings, resolveAgentSettings } from './settings';
import { checkSurroundings, surroundingObjects, surroundingsOf } from './surroundings';
import { FinalObjects } from '../../common/cluster-checks';
import { RenderedConfig } from '../../common/config-document';
import { buildDeployment } from '../../common/deployment';
import { budgetOrServerDefault, buildDisruptionBudget } from '../../common/disruption-budget';
import { hardeningWarnings } from '../../common/hardening-warnings';
import { checkKubernetesValidity } from '../../common/kubernetes-validity';
import { admitToPolicy, NetworkPeer } from '../../common/network-policy';
import { claimObjects } from '../../common/object-ownership';
import { apiObjectsOf } from '../../common/object-versions';
import { ownPodLayout } from '../../common/own-pod-layout';
import { checkPatchedTypes } from '../../common/patched-types';
import { addSynthChecks, throwIfProblems } from '../../common/problems';
import { checkPropsShape } from '../../common/props-shape';
import { buildServerScaffold, objectMetadata } from '../../common/server-scaffold';
import { checkGracePeriodProp, checkWorkloadSettings, resolveWorkloadSettings } from '../../common/workload-settings';
import { PikoCluster } from '../cluster';
import { PIKO_DEFAULT_IMAGE } from '../settings';

const KIND = 'PikoAgent';

/** Headroom beyond the agent's grace period before Kubernetes kills a stopping agent. */
const SHUTDOWN_MARGIN_MILLIS = 15_000;

/**
 * Piko agents in pods of their own: a Deployment of `piko agent start`, each registering the
 * listeners' endpoints with a Piko server over outbound connections to its upstream port and
 * forwarding the requests it receives to the listeners' services. With agents beside the
 * services instead, in their pods, use {@link PikoAgentSidecar}.
 *
 * The pods are hardened as the clusters' are (restricted pod security, read-only root, no
 * service-account token). With a `PikoAgentTarget.cluster(...)`, the synth checks the agent
 * against the cluster and admits the agents to its NetworkPolicy.
 */
export class PikoAgent extends Construct {
  /** The image used when `image` is not set: the agent is the `piko` binary. */
  public static readonly DEFAULT_IMAGE: string = PIKO_DEFAULT_IMAGE;

  /** Base name of the objects. */
  public readonly name: string;
  /** Namespace of the objects. */
  public readonly namespace: string;
  /** Number of agents. */
  public readonly replicas: number;
  /** The URL the agents connect to (`connect.url`). */
  public readonly connectUrl: string;
  /** The Namespace, when rendered (shared with the app's other constructs there). */
  public readonly namespaceObject?: ApiObject;
  /** The ServiceAccount the pods run as (no token mounted unless asked for). */
  public readonly serviceAccount: ApiObject;
  /** The ConfigMap holding agent.yaml. */
  public readonly configMap: ApiObject;
  /** The Deployment of the agents. */
  public readonly deployment: ApiObject;
  /** The budget that keeps agents up through voluntary disruptions, unless `disruptionBudget` is false. */
  public readonly podDisruptionBudget?: ApiObject;
  private readonly ownSelectorLabels: { [key: string]: string };

  /** Labels selecting the agents' pods (a copy). */
  public get selectorLabels(): { [key: string]: string } {
    return { ...this.ownSelectorLabels };
  }

  /**
   * @param scope the chart or construct this belongs to
   * @param id the construct id; object names come from the props, not from the id
   * @param props the server to connect to and the endpoints to register
   */
  constructor(scope: Construct, id: string, props: PikoAgentProps) {
    super(scope, id);
    throwIfProblems(this, KIND, checkPropsShape('cdk8s-pika-piko.PikoAgentProps', props));
    const gracePeriod = props.gracePeriod ?? Duration.minutes(1);
    const workload = resolveWorkloadSettings(this, { ...props, name: props.name ?? 'piko-agent', replicas: props.replicas ?? 2 }, {
      name: 'piko-agent',
      image: PIKO_DEFAULT_IMAGE,
      resources: {},
    });
    const settings = resolveAgentSettings(props, { gracePeriod, podSecurity: workload.podSecurity, env: workload.env });
    const termination = props.terminationGracePeriod ?? Duration.millis(gracePeriod.toMilliseconds({ integral: false }) + SHUTDOWN_MARGIN_MILLIS);
    const selectorLabels = { 'app.kubernetes.io/name': 'piko-agent', 'app.kubernetes.io/instance': workload.name };
    // Rendered once: the props checks read where the agent mounts and listens, the Deployment holds it.
    const container = agentContainer(settings);
    const volumes = agentPodVolumes(settings, workload.name);
    throwIfProblems(this, KIND, [
      ...checkWorkloadSettings(workload, {
        replicasFix: 'use 1 or more; 2 keep an endpoint up while a node is drained',
        defaultImage: PIKO_DEFAULT_IMAGE,
        renderedEnv: new Map([[TOKEN_ENV, 'the token prop']]),
        selectorLabels,
        configFile: AGENT_CONFIG_KEY,
        ownPod: ownPodLayout(container, volumes),
      }),
      ...checkAgentSettings(settings),
      ...checkGracePeriodProp('terminationGracePeriod', termination, gracePeriod.toMilliseconds({ integral: false }) + 1000),
    ]);

    this.name = workload.name;
    this.namespace = workload.namespace;
    this.replicas = workload.replicas;
    this.connectUrl = settings.target.url;
    this.ownSelectorLabels = selectorLabels;
    const rendered = new RenderedConfig(agentConfig(settings));
    const scaffold = buildServerScaffold(this, { ...workload, resources: settings.resources }, {
      selectorLabels,
      instance: workload.name,
      component: 'agent',
      configFileKey: AGENT_CONFIG_KEY,
      configText: rendered.text,
    });
    this.namespaceObject = scaffold.namespaceObject;
    this.serviceAccount = scaffold.serviceAccount;
    this.configMap = scaffold.configMap;
    this.deployment = buildDeployment(this, 'Deployment', workload, {
      labels: scaffold.labels,
      selectorLabels,
      terminationGracePeriodSeconds: termination.toSeconds(),
      container,
      volumes,
      configMap: this.configMap,
    });
    this.node.defaultChild = this.deployment;
    if (!workload.disruptionBudget.none) {
      this.podDisruptionBudget = buildDisruptionBudget(this, 'DisruptionBudget', {
        ...objectMetadata(workload, scaffold, workload.name),
        selectorLabels,
        ...budgetOrServerDefault(workload.disruptionBudget, { maxUnavailable: 1 }),
      });
    }

    const cluster = settings.target.cluster;
    const placementBeside = (target: PikoCluster | undefined): AgentPlacement => ({
      namespace: workload.namespace,
      pods: 'the agent\'s pods (PikoAgent)',
      admitted: target !== undefined && target === cluster,
      peer: target?.namespace === workload.namespace
        ? NetworkPeer.podsWithLabels(selectorLabels) : NetworkPeer.podsInNamespace(workload.namespace, selectorLabels),
    });
    if (cluster?.networkPolicy !== undefined) {
      admitToPolicy(cluster.networkPolicy, cluster.upstreamPort, [placementBeside(cluster).peer]);
    }
    const own = apiObjectsOf(this);
    const duplicates = claimObjects(this, own);
    const surroundings = () => surroundingsOf(this, settings.target, workload.namespace);
    addSynthChecks(this, KIND, { objects: () => [...own, ...surroundingObjects(surroundings())] }, () => {
      const final = new FinalObjects(own);
      if (final.renderProblems.length > 0) {
        return { problems: [...duplicates, ...final.renderProblems], warnings: [] };
      }
      const deployment = final.of(this.deployment);
      const context = agentCheckContext(deployment, final.of(this.configMap), rendered);
      // The agent's objects are held to what the API server accepts, as a cluster's are.
      const validity = checkKubernetesValidity({
        namespace: workload.namespace,
        objects: own.map((object) => final.of(object)),
        statefulSet: deployment,
        services: [],
        disruptionBudget: final.of(this.podDisruptionBudget),
      });
      return {
        problems: [
          ...duplicates, ...checkAgentObjects(context), ...checkSurroundings(context, surroundings(), placementBeside, workload.namespace),
          ...validity, ...checkListenersLeavePod(context),
          ...own.flatMap((object) => checkPatchedTypes(object, final.of(object))),
        ],
        warnings: hardeningWarnings(deployment, {
          serverContainer: AGENT_CONTAINER_NAME, readOnlyRootFilesystem: workload.podSecurity.readOnlyRootFilesystem,
        }),
      };
    });
  }
}
