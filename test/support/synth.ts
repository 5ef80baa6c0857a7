import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { PikaCluster, PikaClusterProps, PikoCluster, PikoClusterProps } from '../../lib';

/** A synthesized object, as it lands in the YAML. */
export type Manifest = { [key: string]: any };

type ClusterClass<P, C> = new (scope: Construct, id: string, props?: P) => C;

/** Synthesizes one cluster construct (id = its default name) in a test chart, optionally changed first. */
function synthCluster<P, C>(cls: ClusterClass<P, C>, id: string, props?: P, change?: (cluster: C) => void): Manifest[] {
  const chart = Testing.chart();
  const cluster = new cls(chart, id, props);
  change?.(cluster);
  return Testing.synth(chart);
}

/** The message synth fails with for one cluster construct after `change`. */
function clusterSynthError<P, C>(cls: ClusterClass<P, C>, id: string, props: P, change?: (cluster: C) => void): string {
  return synthError((chart) => {
    const cluster = new cls(chart, id, props);
    change?.(cluster);
  });
}

/** The message a cluster construct's constructor throws for these props. */
function clusterPropsError<P, C>(cls: ClusterClass<P, C>, id: string, props: P): string {
  try {
    new cls(Testing.chart(), id, props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the constructor to throw, but it did not');
}

export const synthPika = (props?: PikaClusterProps, change?: (pika: PikaCluster) => void) => synthCluster(PikaCluster, 'pika', props, change);
export const synthPiko = (props?: PikoClusterProps, change?: (piko: PikoCluster) => void) => synthCluster(PikoCluster, 'piko', props, change);
export const pikaSynthError = (props: PikaClusterProps, change?: (pika: PikaCluster) => void) => clusterSynthError(PikaCluster, 'pika', props, change);
export const pikoSynthError = (props: PikoClusterProps, change?: (piko: PikoCluster) => void) => clusterSynthError(PikoCluster, 'piko', props, change);
export const pikaPropsError = (props: PikaClusterProps) => clusterPropsError(PikaCluster, 'pika', props);
export const pikoPropsError = (props: PikoClusterProps) => clusterPropsError(PikoCluster, 'piko', props);

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

/** The message `build` throws, which must be the library's plain Error; fails the test when it does not throw. */
export function thrownMessage(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    expect((error as Error).constructor).toBe(Error);
    return (error as Error).message;
  }
  throw new Error('expected a failure, but there was none');
}

/** Everything written to console.warn while `run` executes. */
export function captureWarnings(run: () => void): string[] {
  return withWarnings(run).warnings;
}

/** What `run` returns, and everything written to console.warn while it executes. */
export function withWarnings<T>(run: () => T): { result: T; warnings: string[] } {
  const warnings: string[] = [];
  const spy = jest.spyOn(console, 'warn').mockImplementation((message: string) => {
    warnings.push(message);
  });
  try {
    return { result: run(), warnings };
  } finally {
    spy.mockRestore();
  }
}
