import { EnvValue, k8s } from 'cdk8s-plus-28';
import { checkEnvName } from './kubernetes-formats';
import { Problem } from './problems';

/** Turns cdk8s-plus env values into container env entries, sorted by name for stable output. */
export function renderExtraEnv(env: { [name: string]: EnvValue }): k8s.EnvVar[] {
  return Object.keys(env).sort().map((name) => ({
    name,
    value: env[name].value,
    valueFrom: env[name].valueFrom,
  }));
}

/**
 * Extra env names must be valid and must not replace a variable the construct renders: the
 * construct derives those from other props, and a second definition would silently win or lose.
 */
export function checkExtraEnv(env: { [name: string]: EnvValue }, reserved: ReadonlyMap<string, string>): Problem[] {
  const problems: Problem[] = [];
  for (const name of Object.keys(env)) {
    const invalid = checkEnvName(`env "${name}"`, name);
    if (invalid) {
      problems.push(invalid);
    }
    const owner = reserved.get(name);
    if (owner !== undefined) {
      problems.push({
        setting: `env "${name}"`,
        rule: 'must not set a variable the construct renders itself',
        found: name,
        fix: `set it through ${owner} instead`,
      });
    }
  }
  return problems;
}
