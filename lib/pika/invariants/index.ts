import { PikaCheckContext } from './context';
import { checkEncryption } from './encryption';
import { checkEnvironment } from './environment';
import { checkMembership } from './membership';
import { checkOutbound } from './outbound';
import { checkSecrets } from './secrets';
import { checkServer } from './server';
import { checkStorage } from './storage';
import { CheckResult } from '../../common/problems';
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
    checkGracePeriod(context.statefulSet, MIN_GRACE_SECONDS, 'Pika drains requests for up to 10s and announces its leave for up to 5s'),
  ];
  return { problems: problems.filter((p) => p !== undefined), warnings: [...membership.warnings, ...encryption.warnings] };
}
