import { PikaCheckContext } from './context';
import { checkEncryption } from './encryption';
import { checkEnvironment } from './environment';
import { checkMembership } from './membership';
import { checkOutbound } from './outbound';
import { checkSecrets } from './secrets';
import { checkServer } from './server';
import { checkStorage } from './storage';
import { preStopSeconds } from '../../common/pre-stop';
import { CheckResult, Problem } from '../../common/problems';
import { checkGracePeriod, checkServiceLinksOff } from '../../common/workload-checks';

export { PikaCheckContext } from './context';

/** Pika drains HTTP for up to 10s and announces its leave for up to 5s before it exits. */
const MIN_GRACE_SECONDS = 20;

/** Every synth-time rule of a PikaCluster, run against its final objects. */
export function checkPikaInvariants(context: PikaCheckContext): CheckResult {
  const membership = checkMembership(context);
  const encryption = checkEncryption(context);
  const problems = [
    ...membership.problems,
    ...encryption.problems,
    ...checkServer(context),
    ...checkStorage(context),
    ...checkSecrets(context),
    ...checkEnvironment(context),
    ...checkOutbound(context),
    checkServiceLinksOff(context.statefulSet),
    checkGracePeriodCoversPause(context),
  ];
  return { problems: problems.filter((p) => p !== undefined), warnings: [...membership.warnings, ...encryption.warnings] };
}

/** The grace period runs from the start of the preStop pause, so it must hold the pause and Pika's own stop. */
function checkGracePeriodCoversPause(context: PikaCheckContext): Problem | undefined {
  const pause = preStopSeconds(context.container);
  const reason = 'Pika drains requests for up to 10s and announces its leave for up to 5s';
  return checkGracePeriod(context.statefulSet, MIN_GRACE_SECONDS + pause, pause === 0 ? reason
    : `the preStop pause (${pause}s) plus the ${MIN_GRACE_SECONDS}s Pika needs to stop (${reason}), as Kubernetes counts it from the start of the pause`);
}
