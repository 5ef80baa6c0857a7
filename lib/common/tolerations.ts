import { k8s } from 'cdk8s-plus-28';
import { checkLabels } from './kubernetes-formats';
import { Problem } from './problems';

// The API server's rules for a toleration (validateTolerations in k8s.io/kubernetes), checked
// before synth: a typo such as operator "exists" or effect "NoExcute" is refused by
// `kubectl apply`, and tolerationSeconds on a NoSchedule toleration too.

const OPERATORS = ['Exists', 'Equal'];
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function checkTolerations(tolerations: readonly k8s.Toleration[]): Problem[] {
  return tolerations.flatMap((toleration, index) => checkToleration(`scheduling.tolerations[${index}]`, toleration));
}

/** One toleration, named `setting` in the problems. */
export function checkToleration(setting: string, toleration: k8s.Toleration): Problem[] {
  const problems: Problem[] = [];
  const { key, operator, value, effect, tolerationSeconds } = toleration as { [field: string]: unknown };
  if (key !== undefined && key !== '') {
    // A toleration key is a label key.
    problems.push(...checkLabels(`${setting}.key`, { [String(key)]: '' }).map((p) => ({ ...p, setting: `${setting}.key`, found: key })));
  }
  if (operator !== undefined && !OPERATORS.includes(operator as string)) {
    problems.push({ setting: `${setting}.operator`, rule: 'must be "Exists" or "Equal" (or unset, which is Equal)', found: operator, fix: 'write the operator with a capital letter, e.g. "Exists"' });
  }
  if (effect !== undefined && effect !== '' && !EFFECTS.includes(effect as string)) {
    problems.push({
      setting: `${setting}.effect`,
      rule: 'must be "NoSchedule", "PreferNoSchedule" or "NoExecute" (or unset for all three)',
      found: effect,
      fix: 'use the effect of the node\'s taint, spelled as Kubernetes does',
    });
  }
  if (operator === 'Exists' && value !== undefined && value !== '') {
    problems.push({ setting: `${setting}.value`, rule: 'must be empty with operator "Exists": it matches any value', found: value, fix: 'remove the value, or use operator "Equal"' });
  }
  if ((key === undefined || key === '') && operator !== 'Exists') {
    problems.push({ setting: `${setting}.operator`, rule: 'must be "Exists" when the key is empty: only Exists can tolerate every taint', found: operator, fix: 'set a key, or operator "Exists"' });
  }
  if (tolerationSeconds !== undefined) {
    if (effect !== 'NoExecute') {
      problems.push({
        setting: `${setting}.tolerationSeconds`,
        rule: 'must only be set with effect "NoExecute": it says how long the pod stays after the taint appears, which only NoExecute evicts for',
        found: tolerationSeconds,
        fix: 'remove tolerationSeconds, or set effect "NoExecute"',
      });
    } else if (!Number.isInteger(tolerationSeconds)) {
      problems.push({ setting: `${setting}.tolerationSeconds`, rule: 'must be a whole number of seconds', found: tolerationSeconds, fix: 'use e.g. 300' });
    }
  }
  return problems;
}
