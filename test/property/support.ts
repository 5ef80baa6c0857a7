import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { hardeningWarnings } from '../../lib/common/hardening-warnings';
import { checkKubernetesValidity } from '../../lib/common/kubernetes-validity';
import { Problem } from '../../lib/common/problems';
import { Manifest } from '../support/synth';

// Shared pieces of the property tests: fixed seeds and small budgets (the whole suite runs in
// seconds on a 2-core machine), the props' paths from the package's own type information, and
// the shape every failure of the library must have.

/** Every property runs from a fixed seed: a failure reproduces on every machine. */
export const SEED = 20261201;

export type ClusterClass<P> = new (scope: Construct, id: string, props?: P) => unknown;

/** The YAML an app with one cluster writes (compared byte for byte between two runs). */
export function synthYaml<P>(cls: ClusterClass<P>, props: P): string {
  const app = new App({ outdir: '/dev/null' });
  new cls(new Chart(app, 'test'), 'cluster', props);
  return app.synthYaml();
}

/** The Kubernetes validity problems and hardening warnings the synthesized objects still have. */
export function remainingFindings(objects: Manifest[], namespace: string, serverContainer: string): Problem[] {
  const statefulSet = objects.find((o) => o.kind === 'StatefulSet')!;
  return [
    ...checkKubernetesValidity({
      namespace,
      objects,
      statefulSet,
      services: objects.filter((o) => o.kind === 'Service'),
      disruptionBudget: objects.find((o) => o.kind === 'PodDisruptionBudget'),
    }),
    ...hardeningWarnings(statefulSet, { serverContainer, readOnlyRootFilesystem: true }),
  ];
}

/** Synthesizes a fresh chart; returns the error it throws, or undefined when it succeeds. */
export function synthFailure(build: (chart: Chart) => void): Error | undefined {
  try {
    const chart = Testing.chart();
    build(chart);
    Testing.synth(chart);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/**
 * A failure is the library's when it is a plain Error (never a TypeError or RangeError from deep
 * inside) whose every report line has the one message shape: `... (found ...). Fix: ...`.
 */
export function expectLibraryFailure(error: Error, kind: string): void {
  expect(error.constructor).toBe(Error);
  const lines = error.message.split('\n').filter((line) => line.startsWith('  ['));
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line).toMatch(new RegExp(`^  \\[[^\\]]+\\] ${kind} .+ \\(found .*\\)\\. Fix: .+$`));
    // The setting and the rule are the library's words: a value it failed to read must not show.
    expect(line.slice(0, line.lastIndexOf(' (found '))).not.toMatch(/\bundefined\b|\bNaN\b|\[object Object\]/);
  }
}

// The props' paths and the wrong-type test are the campaign's (scripts/campaign/assembly.ts).
export { isWrongType, PropPath, propPaths } from '../../scripts/campaign/assembly';

/** Props with `value` at the dotted `path`. */
export function propsWith(pathText: string, value: unknown): { [key: string]: unknown } {
  const keys = pathText.split('.');
  const props: { [key: string]: unknown } = {};
  let node = props;
  keys.slice(0, -1).forEach((key) => {
    node[key] = {};
    node = node[key] as { [key: string]: unknown };
  });
  node[keys[keys.length - 1]] = value;
  return props;
}
