import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AGENT_CONTAINER_NAME } from './layout';
import { finalJson } from '../../common/final-json';
import { parseGoDuration } from '../../common/go-duration';
import { describeObject, Manifest } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { restrictedProfileProblems } from '../../common/restricted-profile';

// The rules about a sidecar's host workload: what may host the agent, and what the host must
// keep once the agent has joined it.

/**
 * Kinds whose pod template sits at `spec.template`, which the JSON patches address, and whose
 * pods run until stopped, as the agent does. A Job is not one: its pod completes only when every
 * container has exited, and the agent never exits on its own.
 */
const TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/** The host must have a pod template the agent can join, and pods that run until stopped. */
export function checkHostKind(kind: string): Problem | undefined {
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

/** The sidecar that joined each host: a pod runs one agent, which registers all of its endpoints. */
const sidecarOfHost = new WeakMap<ApiObject, string>();

/** Marks the host as holding the sidecar's agent, once the agent has joined it. */
export function recordSidecar(host: ApiObject, sidecar: Construct): void {
  sidecarOfHost.set(host, sidecar.node.path);
}

/** The names of a host pod's containers and volumes. */
export interface HostPodNames {
  readonly containers: readonly string[];
  readonly volumes: readonly string[];
}

/**
 * The host must hold no agent yet, and no container or volume of its own under the names the
 * agent's take: the pod would list two of one name, which the API server refuses.
 */
export function checkHostFree(host: ApiObject, pod: HostPodNames, agentVolumeNames: readonly string[]): Problem[] {
  const other = sidecarOfHost.get(host);
  if (other !== undefined) {
    return [{
      setting: 'host',
      rule: `must not hold a second agent: a pod runs one agent container ("${AGENT_CONTAINER_NAME}"), which registers every listener it is given`,
      found: `the PikoAgentSidecar at ${other}`,
      fix: 'give the listeners of both to one PikoAgentSidecar',
    }];
  }
  const problems: Problem[] = [];
  if (pod.containers.includes(AGENT_CONTAINER_NAME)) {
    problems.push({
      setting: 'host containers',
      rule: `must not include one named "${AGENT_CONTAINER_NAME}": the agent's container takes that name`,
      found: pod.containers,
      fix: 'rename your container',
    });
  }
  const taken = pod.volumes.filter((name) => agentVolumeNames.includes(name));
  if (taken.length > 0) {
    problems.push({
      setting: 'host volumes',
      rule: `must not share a name with the agent's volumes (${agentVolumeNames.map((name) => `"${name}"`).join(', ')}): a pod's volumes need names of their own`,
      found: taken,
      fix: 'rename your volume',
    });
  }
  return problems;
}

/** The host's own containers must survive: a sidecar is added, never swapped in. */
export function checkHostKept(workload: Manifest, hostContainers: readonly string[]): Problem[] {
  const names: string[] = (workload.spec?.template?.spec?.containers ?? []).map((c: Manifest) => c.name);
  const missing = hostContainers.filter((name) => !names.includes(name));
  return missing.length === 0 ? [] : [{
    setting: `${describeObject(workload)} containers`,
    rule: 'must keep the workload\'s own containers beside the agent',
    found: names,
    fix: 'remove the patch that replaces the containers',
  }];
}

/**
 * In a namespace of the app that enforces Pod Security's restricted profile (as the ones the
 * constructs render do), the host's own containers must meet it too: admission refuses the
 * pods, agent and all, and the workload never runs. The agent's container meets it already.
 */
export function checkHostPodSecurity(workload: Manifest, namespaces: readonly ApiObject[], namespace: string): Problem[] {
  const object = namespaces.find((n) => n.name === namespace);
  const enforce = object === undefined ? undefined : finalJson(object).metadata?.labels?.['pod-security.kubernetes.io/enforce'];
  if (enforce !== 'restricted') {
    return [];
  }
  return restrictedProfileProblems(workload, [AGENT_CONTAINER_NAME],
    `the namespace "${namespace}" enforces Pod Security's restricted profile (its Namespace is in this app), whose admission refuses the pods otherwise`);
}

/** Kubernetes kills the pod when terminationGracePeriodSeconds ends, agent or not. */
export function shutdownWarnings(workload: Manifest, gracePeriod: unknown): Problem[] {
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
