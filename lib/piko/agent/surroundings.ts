import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AgentCheckContext } from './checks';
import { AgentPlacement, checkAgainstCluster, clusterNamedByUrl } from './cluster-checks';
import { checkListenerServices, serviceManifests } from './listener-reach';
import { BoundTarget } from './target';
import { apiObjectsOf } from '../../common/object-versions';
import { Problem } from '../../common/problems';
import { PikoCluster } from '../cluster';

// An agent reads more of the app at synth than its own objects: the PikoCluster it connects to
// (given with PikoAgentTarget.cluster, or named by a plain URL), the Services its listeners may
// name, and the Namespaces whose Pod Security a sidecar's host must meet. They are looked for at synth, once the app is whole, in one walk of the construct tree,
// and both agent constructs hold their agent to them the same way.

/** The parts of the app an agent is checked against. */
export interface AgentSurroundings {
  /** The cluster the agent connects to, when it is one of this app's. */
  readonly cluster?: PikoCluster;
  /** Every Service of the app. */
  readonly services: readonly ApiObject[];
  /** Every Namespace of the app: whether a sidecar's host namespace enforces Pod Security. */
  readonly namespaces: readonly ApiObject[];
}

/** The agent's surroundings now: `namespace` is the agent's, against which a bare host name resolves. */
export function surroundingsOf(scope: IConstruct, target: BoundTarget, namespace: string): AgentSurroundings {
  const constructs = scope.node.root.node.findAll();
  return {
    cluster: target.cluster ?? clusterNamedByUrl(constructs, target.url, namespace),
    services: constructs.filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Service'),
    namespaces: constructs.filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Namespace'),
  };
}

/** The objects of the surroundings, which the agent's check results depend on. */
export function surroundingObjects(surroundings: AgentSurroundings): ApiObject[] {
  return [...(surroundings.cluster ? apiObjectsOf(surroundings.cluster) : []), ...surroundings.services, ...surroundings.namespaces];
}

/** The agent against its cluster (placed as `placementBeside` says) and the Services its listeners name. */
export function checkSurroundings(
  context: AgentCheckContext, surroundings: AgentSurroundings, placementBeside: (cluster: PikoCluster) => AgentPlacement, namespace: string,
): Problem[] {
  const cluster = surroundings.cluster;
  return [
    ...(cluster && context.container ? checkAgainstCluster(context, cluster, placementBeside(cluster)) : []),
    ...checkListenerServices(context, namespace, serviceManifests(surroundings.services)),
  ];
}
