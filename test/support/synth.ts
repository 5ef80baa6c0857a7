import { Chart, Testing } from 'cdk8s';
import { PikaCluster, PikaClusterProps } from '../../lib';

/** A synthesized object, as it lands in the YAML. */
export type Manifest = { [key: string]: any };

/** Synthesizes one PikaCluster (id `pika` in a test chart), optionally changed before synth. */
export function synthPika(props?: PikaClusterProps, change?: (pika: PikaCluster) => void): Manifest[] {
  const chart = Testing.chart();
  const pika = new PikaCluster(chart, 'pika', props);
  change?.(pika);
  return Testing.synth(chart);
}

/** The object of this kind and name; fails the test when there is none. */
export function findObject(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) {
    throw new Error(`no ${kind} "${name}" among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  }
  return found;
}

export function kindsAndNames(objects: Manifest[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.name}`);
}

/** The first container of the first StatefulSet. */
export function serverContainer(objects: Manifest[]): Manifest {
  const statefulSet = objects.find((o) => o.kind === 'StatefulSet');
  return statefulSet!.spec.template.spec.containers[0];
}

/** The message synth fails with; fails the test when synth succeeds. */
export function synthError(build: (chart: Chart) => void): string {
  const chart = Testing.chart();
  build(chart);
  try {
    Testing.synth(chart);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected synth to fail, but it succeeded');
}

/** The message a PikaCluster's synth fails with after `change`. */
export function pikaSynthError(props: PikaClusterProps, change?: (pika: PikaCluster) => void): string {
  return synthError((chart) => {
    const pika = new PikaCluster(chart, 'pika', props);
    change?.(pika);
  });
}

/** The message the PikaCluster constructor throws for these props. */
export function pikaPropsError(props: PikaClusterProps): string {
  try {
    new PikaCluster(Testing.chart(), 'pika', props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the constructor to throw, but it did not');
}

/** Everything written to console.warn while `run` executes. */
export function captureWarnings(run: () => void): string[] {
  const warnings: string[] = [];
  const spy = jest.spyOn(console, 'warn').mockImplementation((message: string) => {
    warnings.push(message);
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return warnings;
}
