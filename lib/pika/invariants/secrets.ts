import { leafPaths } from '../../common/config-document';
import { checkExternalSecretFeeds } from '../../common/external-secret';
import { describeObject, envNamed, Manifest } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { secretLookingValues } from '../../common/secret-keys';
import { checkSecretEnv } from '../../common/workload-checks';
import { envNameOfConfigKey, SECURITY_KEY_ENV } from '../pod-layout';
import { MIN_SECURITY_KEY_LENGTH, PLACEHOLDER_SECURITY_KEY } from '../security-key';
import { configSetting, PikaCheckContext } from './context';

/** Secrets Pika reads from env; each may only arrive through a secretKeyRef. */
const SECRET_ENV = [SECURITY_KEY_ENV, 'PIKA_ENCRYPTION_PASSWORD'];

/** The security key arrives through a Secret, secrets stay out of the ConfigMap, env does not shadow config. */
export function checkSecrets(context: PikaCheckContext): Problem[] {
  return [
    ...checkSecurityKeyEnv(context),
    ...checkConfigHoldsNoSecrets(context),
    ...checkEnvShadowsConfig(context),
  ];
}

function checkSecurityKeyEnv(context: PikaCheckContext): Problem[] {
  const env = envNamed(context.container, SECURITY_KEY_ENV);
  if (env === undefined) {
    return [{
      setting: `${describeObject(context.statefulSet)} env ${SECURITY_KEY_ENV}`,
      rule: 'must be set: without a pre-shared key any pod that can reach the peer port joins the cluster',
      found: undefined,
      fix: 'remove the patch that drops the variable; choose the Secret with the securityKey prop',
    }];
  }
  const problems = SECRET_ENV
    .map((name) => checkSecretEnv(context.statefulSet, envNamed(context.container, name), 'reference a Secret with PikaSecurityKey.fromSecret() or env EnvValue.fromSecretValue()'))
    .filter((p): p is Problem => p !== undefined);
  const secret = context.keySecret;
  const reference = env.valueFrom?.secretKeyRef;
  if (secret !== undefined && reference?.name === secret.metadata?.name) {
    problems.push(...checkRenderedKey(secret, reference.key));
  }
  if (context.keyExternalSecret !== undefined) {
    problems.push(...checkExternalSecretFeeds(context.keyExternalSecret, reference?.name, reference?.key, `${SECURITY_KEY_ENV}`));
  }
  return problems;
}

/** The Secret rendered for a literal key must hold the referenced key with an acceptable value. */
function checkRenderedKey(secret: Manifest, key: string): Problem[] {
  const encoded = secret.data?.[key];
  const value = typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : secret.stringData?.[key];
  const setting = `${describeObject(secret)} data.${key}`;
  if (typeof value !== 'string') {
    return [{ setting, rule: `must exist: ${SECURITY_KEY_ENV} reads it`, found: Object.keys(secret.data ?? {}), fix: 'remove the patch that changes the Secret' }];
  }
  if (value === PLACEHOLDER_SECURITY_KEY || value.length < MIN_SECURITY_KEY_LENGTH) {
    return [{
      setting,
      rule: `must be a random key of at least ${MIN_SECURITY_KEY_LENGTH} characters, not upstream's placeholder`,
      found: `${value.length} characters`,
      fix: 'generate one with `openssl rand -base64 48`',
    }];
  }
  return [];
}

/**
 * No secret in pika.yaml: neither the two keys Pika reads as secrets nor any other key named like
 * one (secret-keys.ts). Pika expands no references in its file, so the way in is an env var from
 * a Secret, which its loader maps onto the key.
 */
function checkConfigHoldsNoSecrets(context: PikaCheckContext): Problem[] {
  return secretLookingValues(context.config).map(({ path }) => ({
    setting: configSetting(context, path),
    rule: 'must not be in the ConfigMap: ConfigMaps are not encrypted at rest and anyone who can read the namespace sees them',
    found: '<a secret value>',
    fix: secretFix(path),
  }));
}

function secretFix(path: string): string {
  switch (path) {
    case 'cluster.security_key': return 'remove it from the raw config and pass the key with the securityKey prop';
    case 'encryption.password': return 'remove it from the raw config and pass it as env PIKA_ENCRYPTION_PASSWORD from a Secret';
    default: return `remove it from the raw config; Pika reads every key from env too: set env ${envNameOfConfigKey(path.replace(/\[(\d+)\]/g, '.$1'))} with EnvValue.fromSecretValue(...)`;
  }
}

/**
 * Pika's env loader runs after the file, so `PIKA_SERVER_PORT` in env silently overrides
 * `server.port` in pika.yaml, and the checks on the file would vouch for a value Pika never uses.
 */
function checkEnvShadowsConfig(context: PikaCheckContext): Problem[] {
  const envNames = new Set<string>(((context.container?.env ?? []) as Manifest[]).map((e) => e.name));
  return leafPaths(context.config)
    .filter((path) => envNames.has(envNameOfConfigKey(path)) && !SECRET_ENV.includes(envNameOfConfigKey(path)))
    .map((path) => ({
      setting: `${describeObject(context.statefulSet)} env ${envNameOfConfigKey(path)}`,
      rule: `must not be set: it overrides ${path} from ${describeObject(context.configMap)}, which the construct renders`,
      found: envNamed(context.container, envNameOfConfigKey(path))?.value ?? '<from a reference>',
      fix: `remove the variable and set ${path} through its prop or the raw config`,
    }));
}
