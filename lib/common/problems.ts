import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { explainCheckFailure } from './check-failure';
import { ObjectVersions } from './object-versions';
import { formatValue } from './value-text';

export { formatValue };

/**
 * One thing wrong with a construct's settings or its synthesized objects.
 *
 * Every problem names the setting, the rule it breaks, the value found and how to fix it, so the
 * reader of a failed `cdk8s synth` never has to open the library to understand the message.
 */
export interface Problem {
  /** The prop or object field at fault, e.g. `replicas` or `ConfigMap "pika" pika.yaml cluster.port`. */
  readonly setting: string;
  /** The rule that is broken, phrased as what must hold: `must be at least 1`. */
  readonly rule: string;
  /** The value found. `undefined` is reported as "nothing". */
  readonly found: unknown;
  /** What the user should do. */
  readonly fix: string;
}

/** `<Kind> <setting> <rule> (found <value>). Fix: <fix>` — the one message shape of the library. */
export function describeProblem(kind: string, problem: Problem): string {
  return `${kind} ${problem.setting} ${problem.rule} (found ${formatValue(problem.found)}). Fix: ${problem.fix}`;
}

/**
 * Throws one error listing every problem with a construct's props, in the same
 * `[path] message` layout cdk8s uses for synth-time validation errors.
 */
export function throwIfProblems(scope: Construct, kind: string, problems: readonly Problem[]): void {
  if (problems.length === 0) {
    return;
  }
  const lines = problems.map((p) => `  [${scope.node.path}] ${describeProblem(kind, p)}`);
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  throw new Error(`Invalid ${kind} props (${count}):\n${lines.join('\n')}`);
}

/** What a synth-time check reads, besides the construct's props. */
export interface CheckInputs {
  /** Every API object the check reads, now (a construct that adds objects later returns them too). */
  readonly objects: () => readonly ApiObject[];
  /** The objects among them whose metadata labels or annotations the check reads. */
  readonly metadataOf?: readonly ApiObject[];
  /** Run on every validation: some object read changes without a patch (a cdk8s-plus workload). */
  readonly always?: boolean;
}

/**
 * Registers synth-time checks on a construct. `check` runs against the final forms of the objects
 * in `inputs`; every problem it returns fails the synth, every warning is printed to stderr.
 * cdk8s validates the app once per chart it writes, so a result is reused while its inputs are
 * unchanged (see object-versions.ts), and its warnings print once.
 */
export function addSynthChecks(scope: Construct, kind: string, inputs: CheckInputs, check: () => CheckResult): void {
  let last: { versions: ObjectVersions; messages: string[] } | undefined;
  scope.node.addValidation({
    validate: () => {
      const versions = ObjectVersions.of(inputs.objects(), inputs.metadataOf);
      if (last !== undefined && !inputs.always && last.versions.equals(versions)) {
        return last.messages;
      }
      const result = checkedSafely(check, inputs.objects);
      for (const warning of result.warnings) {
        console.warn(`[${scope.node.path}] warning: ${describeProblem(kind, warning)}`);
      }
      last = { versions, messages: result.problems.map((p) => describeProblem(kind, p)) };
      return last.messages;
    },
  });
}

/** What a synth-time check found: problems fail the synth, warnings do not. */
export interface CheckResult {
  readonly problems: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/**
 * Runs a check; should a patch have given an object a shape no rule foresaw, the check's failure
 * becomes problems that name what to fix (check-failure.ts) rather than a TypeError out of
 * `cdk8s synth`.
 */
function checkedSafely(check: () => CheckResult, objects: () => readonly ApiObject[]): CheckResult {
  try {
    return check();
  } catch (error) {
    return { problems: explainCheckFailure(objects(), error), warnings: [] };
  }
}
