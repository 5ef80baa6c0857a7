import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { isWrongType, propPaths, propsWith, SEED } from './support';
import { PikaCluster, PikoCluster } from '../../lib';

// Property (b): a value of the wrong type at any prop path, as a JavaScript caller (or JSON, or
// TypeScript through `any`) may pass it, fails with an Error that names the construct and the
// setting, never a TypeError or RangeError from inside the library or cdk8s.

const RUNS = 400;

const wrongValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308, -0, 2 ** 31),
  fc.string({ maxLength: 8 }),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxKeys: 2 }),
);

test.each([
  ['PikaCluster', PikaCluster, 'cdk8s-pika-piko.PikaClusterProps'],
  ['PikoCluster', PikoCluster, 'cdk8s-pika-piko.PikoClusterProps'],
] as const)('%s: a wrong-typed value at any prop path is a named problem', (kind, cls, fqn) => {
  const paths = propPaths(fqn).filter((p) => p.path !== 'config');
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  fc.assert(fc.property(fc.constantFrom(...paths), wrongValue, (prop, value) => {
    let failure: Error | undefined;
    try {
      const chart = Testing.chart();
      new (cls as any)(chart, 'cluster', propsWith(prop.path, value));
      Testing.synth(chart);
    } catch (error) {
      failure = error as Error;
    }
    if (failure !== undefined) {
      expect(failure.constructor).toBe(Error);
      expect(failure.message).toContain(` ${kind} `);
    }
    if (isWrongType(prop.type, value)) {
      expect(failure?.message).toContain(`] ${kind} ${prop.path}`);
    }
  }), { seed: SEED, numRuns: RUNS });
  jest.restoreAllMocks();
});
