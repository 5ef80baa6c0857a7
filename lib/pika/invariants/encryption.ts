import { checkExternalSecretFeeds } from '../../common/external-secret';
import { describeObject, envNamed } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { checkAutoUnlockImage, KEY_STATUS_PATH, parseUnlockGate, PASSPHRASE_ENV } from '../encryption';
import { PikaCheckContext } from './context';

/** Auto-unlock reaches the pod with an image that reads it; the readiness gate asks the right URL. */
export function checkEncryption(context: PikaCheckContext): { problems: Problem[]; warnings: Problem[] } {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const env = envNamed(context.container, PASSPHRASE_ENV);
  if (context.encryption.autoUnlock && env === undefined) {
    problems.push({
      setting: `${describeObject(context.statefulSet)} env ${PASSPHRASE_ENV}`,
      rule: 'must be set: auto-unlock is configured, and without it every member stays locked after a restart',
      found: undefined,
      fix: 'remove the patch that drops the variable',
    });
  }
  if (env !== undefined) {
    const image = checkAutoUnlockImage(`${describeObject(context.statefulSet)} image`, context.container?.image);
    problems.push(...image.problem ? [image.problem] : []);
    warnings.push(...image.warning ? [image.warning] : []);
  }
  const reference = env?.valueFrom?.secretKeyRef;
  if (context.passphraseExternalSecret !== undefined) {
    problems.push(...checkExternalSecretFeeds(context.passphraseExternalSecret, reference?.name, reference?.key, PASSPHRASE_ENV));
  }
  problems.push(...checkReadinessGate(context));
  warnings.push(...orderedStartDeadlock(context, env !== undefined || context.encryption.autoUnlock));
  return { problems, warnings };
}

/**
 * With the gate, manual unlock and OrderedReady, a full restart never gets past member 0: it is
 * locked, so not ready, so member 1 is never created; unlocking needs a leader, and a leader needs
 * a quorum that cannot form.
 */
function orderedStartDeadlock(context: PikaCheckContext, autoUnlock: boolean): Problem[] {
  const replicas = context.statefulSet.spec?.replicas ?? 1;
  const policy = context.statefulSet.spec?.podManagementPolicy ?? 'OrderedReady';
  const gated = parseUnlockGate(context.container?.readinessProbe?.exec?.command) !== undefined;
  if (!gated || autoUnlock || replicas < 2 || policy !== 'OrderedReady') {
    return [];
  }
  return [{
    setting: `${describeObject(context.statefulSet)} spec.podManagementPolicy`,
    rule: 'is OrderedReady with the unlock gate and manual unlock: after a full restart member 0 stays locked and unready, member 1 is never started, and without quorum there is no leader to unlock it',
    found: policy,
    fix: 'use PikaEncryption.autoUnlock(), or podManagementPolicy: PodManagementPolicy.PARALLEL (immutable: set it before the first apply)',
  }];
}

function checkReadinessGate(context: PikaCheckContext): Problem[] {
  const setting = `${describeObject(context.statefulSet)} readinessProbe`;
  const probe = context.container?.readinessProbe;
  if (probe?.exec === undefined) {
    return context.encryption.readinessGate ? [{
      setting,
      rule: 'must be the unlock-aware exec gate the encryption prop asks for: an httpGet probe passes while the member is locked',
      found: probe,
      fix: 'remove the patch that replaces the probe',
    }] : [];
  }
  const gate = parseUnlockGate(probe.exec.command);
  if (gate === undefined) {
    return [{ setting, rule: `must be httpGet /healthz or the unlock gate on ${KEY_STATUS_PATH}`, found: probe.exec.command, fix: 'remove the patch that replaces the probe' }];
  }
  const problems: Problem[] = [];
  const basePath = context.effective.basePath();
  const scheme = context.effective.scheme();
  const port = context.effective.httpPort();
  const expected = `${scheme}://127.0.0.1:${port}${basePath}${KEY_STATUS_PATH}`;
  const found = `${gate.scheme}://127.0.0.1:${gate.port}${gate.path}`;
  if (found !== expected) {
    problems.push({
      setting: `${setting} URL`,
      rule: `must be ${expected}, as Pika serves it (server.port, server.base_path, server.tls)`,
      found,
      fix: 'set the port, base path and TLS through their props, which update the gate too',
    });
  }
  if (!gate.acceptsUnlocked) {
    problems.push({
      setting: `${setting} command`,
      rule: 'must pass for an unlocked member ("unlocked":true)',
      found: probe.exec.command,
      fix: 'remove the patch that changes the command',
    });
  }
  return problems;
}
