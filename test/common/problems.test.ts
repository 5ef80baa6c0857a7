import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { addSynthChecks, describeProblem, formatValue, Problem, throwIfProblems } from '../../lib/common/problems';

describe('formatValue', () => {
  test.each([
    [undefined, 'nothing'],
    [null, 'null'],
    [5, '5'],
    [1.5, '1.5'],
    [0, '0'],
    [NaN, 'NaN'],
    [true, 'true'],
    [false, 'false'],
    ['10 GB', '"10 GB"'],
    ['', '""'],
    ['say "hi"', '"say \\"hi\\""'],
    [{ a: 1, b: ['x'] }, '{"a":1,"b":["x"]}'],
    [[1, 2], '[1,2]'],
  ])('renders %j as %s', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });
});

describe('describeProblem', () => {
  test('joins kind, setting, rule, found value and fix in one sentence', () => {
    const problem: Problem = { setting: 'replicas', rule: 'must be at least 1', found: 0, fix: 'use 3' };
    expect(describeProblem('PikaCluster', problem)).toBe('PikaCluster replicas must be at least 1 (found 0). Fix: use 3');
  });

  test('quotes a string found value and reports undefined as nothing', () => {
    expect(describeProblem('PikoCluster', { setting: 'storage', rule: 'must be a quantity', found: '10 GB', fix: 'write "10Gi"' }))
      .toBe('PikoCluster storage must be a quantity (found "10 GB"). Fix: write "10Gi"');
    expect(describeProblem('PikoCluster', { setting: 'image', rule: 'must be set', found: undefined, fix: 'set it' }))
      .toBe('PikoCluster image must be set (found nothing). Fix: set it');
  });
});

describe('throwIfProblems', () => {
  const problemA: Problem = { setting: 'replicas', rule: 'must be a whole number of at least 1', found: 0, fix: 'use 3' };
  const problemB: Problem = { setting: 'storage', rule: 'must be a positive quantity', found: '10 GB', fix: 'write "10Gi"' };

  function scope(): Construct {
    return new Construct(Testing.chart(), 'x');
  }

  test('does not throw for an empty list', () => {
    expect(() => throwIfProblems(scope(), 'PikaCluster', [])).not.toThrow();
  });

  test('lists every problem on its own line under a header with the count', () => {
    const construct = scope();
    expect(construct.node.path).toBe('test/x');
    expect(() => throwIfProblems(construct, 'PikaCluster', [problemA, problemB])).toThrow(new Error(
      'Invalid PikaCluster props (2 problems):\n'
      + '  [test/x] PikaCluster replicas must be a whole number of at least 1 (found 0). Fix: use 3\n'
      + '  [test/x] PikaCluster storage must be a positive quantity (found "10 GB"). Fix: write "10Gi"',
    ));
  });

  test('uses the singular for one problem', () => {
    expect(() => throwIfProblems(scope(), 'PikoCluster', [problemB])).toThrow(new Error(
      'Invalid PikoCluster props (1 problem):\n'
      + '  [test/x] PikoCluster storage must be a positive quantity (found "10 GB"). Fix: write "10Gi"',
    ));
  });

  test('names the path of the given construct', () => {
    const chart = Testing.chart();
    const nested = new Construct(new Construct(chart, 'outer'), 'inner');
    expect(() => throwIfProblems(nested, 'PikaCluster', [problemA])).toThrow(
      /^Invalid PikaCluster props \(1 problem\):\n {2}\[test\/outer\/inner\] PikaCluster replicas /,
    );
  });
});

describe('a check that trips over a patched shape', () => {
  test('is a named problem, not a TypeError out of synth', () => {
    const chart = Testing.chart();
    const construct = new Construct(chart, 'thing');
    addSynthChecks(construct, 'Thing', { objects: () => [] }, () => {
      throw new TypeError('x.map is not a function');
    });
    expect(() => Testing.synth(chart)).toThrow('[test/thing] Thing objects must keep the shapes Kubernetes gives their fields after JSON patches: a synth check could not read them (found "x.map is not a function")');
  });
});
