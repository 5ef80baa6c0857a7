import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { expectLibraryFailure, SEED, synthFailure } from './support';
import { PikaCluster, PikoCluster } from '../../lib';
import { Manifest } from '../support/synth';

// Property (c): a random JSON patch on one of a cluster's default objects either synthesizes or
// fails with the library's message shape, never a crash. Patches address the paths of the
// default output, in the manifest's own names (patches apply to the manifest as written).

const RUNS = 150;

interface Target {
  readonly kind: string;
  readonly name: string;
  readonly path: string;
  readonly isArray: boolean;
}

/** Every path of the default objects, each object's root excluded. */
function targetsOf(objects: Manifest[]): Target[] {
  const targets: Target[] = [];
  const visit = (object: Manifest, value: unknown, path: string) => {
    if (path !== '') {
      targets.push({ kind: object.kind, name: object.metadata.name, path, isArray: Array.isArray(value) });
    }
    if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (!['apiVersion', 'kind'].includes(key)) {
          visit(object, child, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        }
      }
    }
  };
  objects.filter((o) => o.kind !== 'Namespace').forEach((o) => visit(o, o, ''));
  return targets;
}

const patchValue = fc.jsonValue({ maxDepth: 2 });

function patchOf(target: Target, operation: 'replace' | 'remove' | 'add', value: unknown): JsonPatch {
  switch (operation) {
    case 'remove': return JsonPatch.remove(target.path);
    case 'add': return JsonPatch.add(target.isArray ? `${target.path}/-` : target.path, value);
    default: return JsonPatch.replace(target.path, value);
  }
}

test.each([
  ['PikaCluster', PikaCluster],
  ['PikoCluster', PikoCluster],
] as const)('%s: a random patch on a default object synthesizes or fails with a named problem', (kind, cls) => {
  const build = (chart: Construct) => new (cls as any)(chart, 'cluster') as Construct;
  const defaults = (() => {
    const chart = Testing.chart();
    build(chart);
    return Testing.synth(chart);
  })();
  const targets = targetsOf(defaults);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const operation = fc.constantFrom('replace', 'remove', 'add') as fc.Arbitrary<'replace' | 'remove' | 'add'>;
  fc.assert(fc.property(fc.constantFrom(...targets), operation, patchValue,
    (target, op, value) => {
      const failure = synthFailure((chart) => {
        const cluster = build(chart);
        const object = cluster.node.findAll()
          .find((c): c is ApiObject => c instanceof ApiObject && c.kind === target.kind && c.name === target.name)!;
        object.addJsonPatch(patchOf(target, op, value));
      });
      if (failure !== undefined) {
        expectLibraryFailure(failure, kind);
      }
    }), { seed: SEED, numRuns: RUNS });
  jest.restoreAllMocks();
});
