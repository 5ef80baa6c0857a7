import { ConfigTree, isPlainObject } from '../common/config-document';
import { envNamed, Manifest } from '../common/manifest-view';
import { Problem } from '../common/problems';
import { secretLookingValues } from '../common/secret-keys';

// With --config.expand-env, Piko (server and agent alike, pkg/config/load.go) runs Go's os.Expand
// over the raw file before parsing it: `$VAR` and `${VAR}` become the variable's value (empty
// when unset), and `${VAR:default}` becomes `default` when VAR is unset or empty. A `$` cannot be
// escaped, so every other `$` in the file is replaced too.

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The config tree as Piko reads it after expansion, as far as the synth can know it: a reference
 * to a variable the container sets to a literal becomes its value, and `${VAR:default}` for one
 * it leaves unset becomes the default. A map value whose expansion depends on what only the pod
 * knows (a Secret, a field reference) is left out, as nothing can be said of it at synth; in a
 * list, such an item stays as written. Keys stay as written.
 */
export function expandedAsKnown(tree: ConfigTree, container: Manifest | undefined): ConfigTree {
  const expand = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.includes('$') ? expandString(value, container) : value;
    }
    if (Array.isArray(value)) {
      return value.map((item) => expand(item) ?? item);
    }
    if (isPlainObject(value)) {
      const expanded: ConfigTree = {};
      for (const [key, child] of Object.entries(value)) {
        const result = expand(child);
        if (result !== undefined) {
          expanded[key] = result;
        }
      }
      return expanded;
    }
    return value;
  };
  return expand(tree) as ConfigTree;
}

/** A string after Piko's expansion, or `undefined` when a variable it reads is known only in the pod. */
function expandString(value: string, container: Manifest | undefined): string | undefined {
  let known = true;
  const expanded = value.replace(REFERENCE, (_match, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const literal = literalValue(envNamed(container, braced ?? bare!));
    if (literal === undefined) {
      known = false;
      return '';
    }
    // Piko uses the default when the variable is unset or empty.
    return literal === '' && fallback !== undefined ? fallback.slice(1) : literal;
  });
  return known ? expanded : undefined;
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
