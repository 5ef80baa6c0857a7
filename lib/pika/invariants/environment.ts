import { leafPaths } from '../../common/config-document';
import { describeObject, Manifest } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { isSecretLookingKey } from '../../common/secret-keys';
import { envNameOfConfigKey } from '../pod-layout';
import { PikaCheckContext } from './context';

// Pika's config loader reads the environment after pika.yaml: every `PIKA_<PATH>` variable
// replaces the key at that path (PIKA_STORAGE_BW_IN_MEMORY, PIKA_CLUSTER_BIND_ADDR, ...), and a
// few variables of its own load more config from a file or a remote store. The synth checks read
// pika.yaml, so a value from either route is one they never see: each is refused, with the way to
// say the same thing where the checks read it.

/** The `PIKA_*` variables the construct renders from props, each checked by its own rules. */
const RENDERED_PIKA_ENV = ['PIKA_CLUSTER_SECURITY_KEY', 'PIKA_ENCRYPTION_PASSWORD', 'PIKA_TELEMETRY_COLLECTOR'];

/** Variables the loader reads to fetch config from elsewhere: an env file, HTTP, Consul, Vault, GCP. */
const CONFIG_SOURCE_ENV = /^(CONFIG_ENV_FILE|CONFIG_HTTP_ADDR(_SUFFIX|_QUERY)?|CONSUL_HTTP_ADDR|CONSUL_CONFIG_PATH_PREFIX|VAULT_ADDR|VAULT_AGENT_ADDR|VAULT_SECRET_BASE_PATH|VAULT_ROLE_ID|VAULT_ROLE_SECRET|VAULT_APPROLE_BASE_PATH|GCP_PROJECT_ID|GCP_PARAMETER_\w+|GCP_SECRET_\w+)$/;

/**
 * A secret key's variable read from a Secret (`PIKA_TELEMETRY_TOKEN` through secretKeyRef): the way
 * a secret reaches a key of Pika's that no prop renders, as pika.yaml may hold none (secrets.ts).
 */
function isSecretFromSecret(name: string, variable: Manifest): boolean {
  return isSecretLookingKey(name.slice('PIKA_'.length)) && variable.valueFrom?.secretKeyRef !== undefined;
}

/** Env vars that would change Pika's config behind the checks' back. */
export function checkEnvironment(context: PikaCheckContext): Problem[] {
  const env = (context.container?.env ?? []) as Manifest[];
  const fileKeys = new Set(leafPaths(context.config).map(envNameOfConfigKey));
  const problems: Problem[] = [];
  for (const variable of env) {
    const name = String(variable.name);
    const setting = `${describeObject(context.statefulSet)} env ${name}`;
    const found = variable.value ?? '<from a reference>';
    // A variable that shadows a key of the file has a rule of its own (secrets.ts).
    if (name.startsWith('PIKA_') && !RENDERED_PIKA_ENV.includes(name) && !fileKeys.has(name) && !isSecretFromSecret(name, variable)) {
      problems.push({
        setting,
        rule: 'must not be set: Pika reads PIKA_<PATH> variables as config keys after pika.yaml, so it would change a setting the synth checks never see',
        found,
        fix: 'remove the variable and set the key in the raw config (e.g. PIKA_STORAGE_BW_PATH is config: { storage: { bw: { path: ... } } })',
      });
    } else if (CONFIG_SOURCE_ENV.test(name)) {
      problems.push({
        setting,
        rule: 'must not be set: it makes Pika load config from an env file or a remote store, which the synth checks cannot see',
        found,
        fix: 'remove the variable and put the keys in the raw config, where the checks read them',
      });
    }
  }
  return problems;
}
