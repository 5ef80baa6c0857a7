import { ConfigTree, isPlainObject } from '../common/config-document';
import { envNamed, Manifest } from '../common/manifest-view';
import { Problem } from '../common/problems';
import { secretLookingValues } from '../common/secret-keys';

// With --config.expand-env, Piko (server and agent alike, pkg/config/load.go) runs Go's os.Expand
// over the raw file before parsing it: `$VAR` and `${VAR}` become the variable's value (empty
// when unset), and `${VAR:default}` becomes `default` when VAR is unset or empty. A `$` cannot be
// escaped, so every other `$` in the file is replaced too.

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const REFERENCE = new RegExp(`\\$\\{(${NAME})(:[^}]*)?\\}|\\$(${NAME})`, 'g');
const ONE_REFERENCE = new RegExp(REFERENCE.source);

/**
 * A braced reference, `${VAR}` or `${VAR:default}`, whose default holds no `$`: the form a typed
 * prop may carry into the file (`PikoAgentTarget.url`). Group 1 is the default, when there is one.
 */
export const BRACED_REFERENCE = new RegExp(`\\$\\{${NAME}(?::([^}$]*))?\\}`, 'g');

/**
 * The config tree as Piko reads it after expansion, where the synth can resolve a reference: a
 * reference to a variable the container sets to a literal becomes its value, and
 * `${VAR:default}` for one it leaves unset becomes the default. A reference to what only the pod
 * knows (a Secret, a field reference) stays as written, so `${POD_IP}:8003` still tells its port.
 * Keys stay as written.
 */
export function expandResolvable(tree: ConfigTree, container: Manifest | undefined): ConfigTree {
  return mapStrings(tree, (value) => expandString(value, container).text) as ConfigTree;
}

/**
 * The config tree as Piko reads it after expansion, as far as the synth can know it: as
 * `expandResolvable`, except that a map value whose expansion depends on what only the pod knows
 * is left out, as nothing can be said of it at synth; in a list, such an item stays as written.
 * For the rules that judge a value's type and range.
 */
export function expandedAsKnown(tree: ConfigTree, container: Manifest | undefined): ConfigTree {
  return mapStrings(tree, (value) => {
    const expanded = expandString(value, container);
    return expanded.complete ? expanded.text : undefined;
  }) as ConfigTree;
}

/**
 * A copy of `value` with each string replaced by `change(string)`: a map drops a key whose string
 * changes to `undefined`, a list keeps the item as written.
 */
function mapStrings(value: unknown, change: (text: string) => string | undefined): unknown {
  if (typeof value === 'string') {
    return value.includes('$') ? change(value) : value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => mapStrings(item, change) ?? item);
  }
  if (isPlainObject(value)) {
    const mapped: ConfigTree = {};
    for (const [key, child] of Object.entries(value)) {
      const result = mapStrings(child, change);
      if (result !== undefined) {
        mapped[key] = result;
      }
    }
    return mapped;
  }
  return value;
}

/**
 * A string after Piko's expansion of every reference the synth can resolve; `complete` is false
 * when a reference to what only the pod knows stays as written.
 */
function expandString(value: string, container: Manifest | undefined): { text: string; complete: boolean } {
  let complete = true;
  const text = value.replace(REFERENCE, (reference: string, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const literal = literalValue(envNamed(container, braced ?? bare!));
    if (literal === undefined) {
      complete = false;
      return reference;
    }
    // Piko uses the default when the variable is unset or empty.
    return literal === '' && fallback !== undefined ? fallback.slice(1) : literal;
  });
  return { text, complete };
}

/**
 * Whether a string holds an env reference: after expandResolvable, one to what only the pod
 * knows, so that nothing can be said at synth of what Piko reads there.
 */
export function holdsReference(value: unknown): boolean {
  return typeof value === 'string' && ONE_REFERENCE.test(value);
}

/**
 * What a container's env var holds as far as the synth can know it: `''` when it is not set, its
 * value when that is a literal, `undefined` when it comes from a Secret, a field reference or
 * another variable (`$(OTHER)`).
 */
function literalValue(env: Manifest | undefined): string | undefined {
  if (env === undefined) {
    return '';
  }
  const plain = typeof env.value === 'string' && env.valueFrom === undefined && !env.value.includes('$(');
  return plain ? env.value : undefined;
}

/** Whether a value survives expansion as meant: every `$` is a reference Piko expands on purpose. */
function expandsAsMeant(value: string, defined: ReadonlySet<string>): boolean {
  // A reference with a default is meant for an unset variable; the others must name a defined one.
  const rest = value.replace(REFERENCE, (_match, braced, fallback, bare) => (fallback !== undefined || defined.has(braced ?? bare) ? '' : '\u0000'));
  return !rest.includes('$') && !rest.includes('\u0000');
}

/**
 * Every string of a config file with a `$` that is not a reference to one of `defined` (the
 * container's env vars) or a `${VAR:default}`.
 */
export function checkEnvReferences(tree: ConfigTree, defined: ReadonlySet<string>, settingOf: (path: string) => string): Problem[] {
  const problems: Problem[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (!expandsAsMeant(value, defined)) {
        problems.push({
          setting: settingOf(path),
          rule: 'must not contain a "$" other than a reference to an env var of the container or a ${VAR:default}: Piko expands the whole file and would replace it (an unknown variable becomes empty)',
          found: value,
          fix: 'remove the "$", define the variable through the env prop, or give it a default (${VAR:default})',
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`));
    } else if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        visit(child, path === '' ? key : `${path}.${key}`);
      }
    }
  };
  visit(tree, '');
  return problems;
}

/**
 * Whether a value is exactly a reference to an env var the container reads from a Secret: how a
 * secret reaches a config file without sitting in its ConfigMap. `$VAR`, `${VAR}` and `${VAR:}`
 * are; a `${VAR:default}` with a default is not, as the default would be a literal secret.
 */
export function isSecretEnvReference(container: Manifest | undefined, value: string): boolean {
  const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:)?\}$|^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
  const variable = match?.[1] ?? match?.[3];
  return variable !== undefined && envNamed(container, variable)?.valueFrom?.secretKeyRef !== undefined;
}

/**
 * Every secret-looking key of a config file Piko expands (secret-keys.ts) whose value is not a
 * reference to a Secret-backed env var of the container. `fixOf` gives the fix for a key's path.
 */
export function checkSecretReferences(
  tree: ConfigTree, container: Manifest | undefined, settingOf: (path: string) => string, fixOf: (path: string) => string,
): Problem[] {
  return secretLookingValues(tree)
    .filter(({ value }) => typeof value !== 'string' || !isSecretEnvReference(container, value))
    .map(({ path, value }) => ({
      setting: settingOf(path),
      rule: 'must be a ${VAR} reference to an env var from a Secret: a literal secret in the ConfigMap is readable by anyone who can read the namespace',
      found: typeof value === 'string' && value.includes('$') ? value.replace(/:[^}]*\}/, ':<a literal default>}') : '<a literal secret>',
      fix: fixOf(path),
    }));
}

/** The fix for a secret in a config file, beside the prop that renders it when there is one. */
export function secretReferenceFix(path: string): string {
  const variable = path.replace(/\[\d+\]/g, '').split('.').pop()!.toUpperCase();
  return `read it into an env var from a Secret (env: { ${variable}: EnvValue.fromSecretValue(...) }) and write "\${${variable}}" in its place`;
}
