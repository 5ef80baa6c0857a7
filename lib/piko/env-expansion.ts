import { ConfigTree, isPlainObject } from '../common/config-document';
import { envNamed, Manifest } from '../common/manifest-view';
import { Problem } from '../common/problems';

// With --config.expand-env, Piko (server and agent alike, pkg/config/load.go) runs Go's os.Expand
// over the raw file before parsing it: `$VAR` and `${VAR}` become the variable's value (empty
// when unset), and `${VAR:default}` becomes `default` when VAR is unset or empty. A `$` cannot be
// escaped, so every other `$` in the file is replaced too.

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

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
 * Whether a value is exactly `${VAR}` of an env var the container reads from a Secret: how a
 * secret reaches a config file without sitting in its ConfigMap. A `${VAR:default}` is not: the
 * default would be a literal secret.
 */
export function isSecretEnvReference(container: Manifest | undefined, value: string): boolean {
  const variable = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value)?.[1];
  return variable !== undefined && envNamed(container, variable)?.valueFrom?.secretKeyRef !== undefined;
}
