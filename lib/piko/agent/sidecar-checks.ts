import { parseGoDuration } from '../../common/go-duration';
import { describeObject, Manifest } from '../../common/manifest-view';
import { Problem } from '../../common/problems';

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

/** The host's own containers must survive: a sidecar is added, never swapped in. */
export function checkHostKept(workload: Manifest, hostContainers: string[]): Problem[] {
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
