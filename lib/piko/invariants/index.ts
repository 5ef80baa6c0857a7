import { PikoCheckContext } from './context';
import { checkIdentity } from './identity';
import { checkPorts } from './ports';
import { checkProbes } from './probes';
import { checkReplicas, unreachableTargetWarnings } from './replicas';
import { checkSecurity } from './security';
import { proxyTimeoutWarnings } from './timeouts';
import { checkValues } from './values';
import { parseGoDuration } from '../../common/go-duration';
import { describeObject } from '../../common/manifest-view';
import { preStopSeconds } from '../../common/pre-stop';
import { CheckResult, Problem } from '../../common/problems';
import { checkSelectsPods, checkServiceLinksOff } from '../../common/workload-checks';
import { SHUTDOWN_MARGIN_MILLIS } from '../settings';

export { PikoCheckContext } from './context';

/** Every synth-time rule of a PikoCluster, run against its final objects. */
export function checkPikoInvariants(context: PikoCheckContext): CheckResult {
  const security = checkSecurity(context);
  const problems: Array<Problem | undefined> = [
    ...checkIdentity(context),
    ...checkPorts(context),
    ...checkProbes(context),
    ...checkReplicas(context),
    ...security.problems,
    ...checkValues(context),
    ...checkShutdown(context),
    checkServiceLinksOff(context.statefulSet),
    ...(context.disruptionBudget ? checkSelectsPods(context.disruptionBudget, context.statefulSet) : []),
  ];
  return {
    problems: problems.filter((p): p is Problem => p !== undefined),
    warnings: [...security.warnings, ...proxyTimeoutWarnings(context), ...unreachableTargetWarnings(context)],
  };
}

/**
 * Piko's whole shutdown runs within grace_period, after the preStop pause; Kubernetes kills the
 * pod when terminationGracePeriodSeconds, counted from the start of the pause, ends. Without
 * headroom a slow shutdown is killed before the node leaves, and peers keep gossiping about it as
 * a ghost (piko.md I-20).
 */
function checkShutdown(context: PikoCheckContext): Problem[] {
  const gracePeriod = context.effective.value('grace_period') ?? '1m';
  const graceMillis = typeof gracePeriod === 'string' ? parseGoDuration(gracePeriod) : undefined;
  const termination = context.statefulSet.spec?.template?.spec?.terminationGracePeriodSeconds ?? 30;
  const pause = preStopSeconds(context.container);
  const margin = SHUTDOWN_MARGIN_MILLIS / 1000;
  if (graceMillis === undefined || termination * 1000 >= graceMillis + (pause + margin) * 1000) {
    return [];
  }
  return [{
    setting: `${describeObject(context.statefulSet)} spec.template.spec.terminationGracePeriodSeconds`,
    rule: `must be at least grace_period (${gracePeriod}) + the preStop pause (${pause}s) + ${margin}s: Kubernetes counts it from the start of the pause and kills the pod when it ends, and a node killed before it leaves the cluster lingers as a ghost`,
    found: termination,
    fix: 'leave the terminationGracePeriod prop unset (gracePeriod + preStopPause + 10s), or lower gracePeriod or preStopPause',
  }];
}
