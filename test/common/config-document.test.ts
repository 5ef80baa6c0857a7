import * as fc from 'fast-check';
import { deepMerge, leafPaths, parseConfigYaml, renderConfigYaml, valueAt } from '../../lib/common/config-document';

describe('renderConfigYaml', () => {
  test('renders nested maps and lists as block YAML in insertion order', () => {
    expect(renderConfigYaml({ port: 9221, cluster: { name: 'pika', peers: ['a', 'b'] }, debug: false })).toBe(
      'port: 9221\ncluster:\n  name: pika\n  peers:\n    - a\n    - b\ndebug: false\n',
    );
  });

  test('is deterministic: the same tree renders to the same text every time', () => {
    const tree = () => ({ b: { y: 1, x: ['q', 'r'] }, a: 'text', c: null });
    expect(renderConfigYaml(tree())).toBe(renderConfigYaml(tree()));
  });

  test('does not wrap long strings', () => {
    const long = 'word '.repeat(60).trim();
    expect(renderConfigYaml({ long })).toBe(`long: ${long}\n`);
  });

  test.each(['8080', 'yes', 'no', 'on', 'off', 'true', 'null', '~', '1:30', '0x1F', '0755', '1_000', '1e3', 'y', 'n'])(
    'quotes the string %j so it is read back as a string',
    (value) => {
      const text = renderConfigYaml({ value });
      expect(text).toBe(`value: "${value}"\n`);
      expect(parseConfigYaml(text)).toEqual({ value });
    },
  );

  test.each(['on', 'yes', 'n', 'null', '8080', '0x1F', '1:30'])('quotes the key %j so it is read back as a string', (key) => {
    const text = renderConfigYaml({ [key]: 'v' });
    expect(text).toBe(`"${key}": v\n`);
    expect(parseConfigYaml(text)).toEqual({ [key]: 'v' });
  });

  test.each(['info', 'pika', '/data/pika', 'pika-0.ns.svc.cluster.local', '0.0.0.0:8000', 'snake_case', '10s', 'x'])(
    'writes the plain word %j unquoted, as key and as value',
    (word) => {
      expect(renderConfigYaml({ value: word })).toBe(`value: ${word}\n`);
      expect(renderConfigYaml({ [word]: 'v' })).toBe(`${word}: v\n`);
    },
  );

  test('double-quotes values holding a ${VAR} reference, so the expanded text cannot break the YAML', () => {
    expect(renderConfigYaml({ addr: '${POD_IP}:8000', plain: 'x' })).toBe('addr: "${POD_IP}:8000"\nplain: x\n');
    expect(renderConfigYaml({ a: { b: ['${A}#x', 'y'] } })).toBe('a:\n  b:\n    - "${A}#x"\n    - "y"\n');
    expect(renderConfigYaml({ q: 'say "${A}"' })).toBe('q: "say \\"${A}\\""\n');
  });

  test('double-quotes keys holding a ${VAR} reference, also when no value holds one', () => {
    expect(renderConfigYaml({ '${KEY}': 1 })).toBe('"${KEY}": 1\n');
    expect(renderConfigYaml({ outer: { '${INNER}': 'v' }, plain: true })).toBe('outer:\n  "${INNER}": v\nplain: true\n');
    expect(renderConfigYaml({ list: [{ '${K}': 'v' }] })).toBe('list:\n  - "${K}": v\n');
    expect(renderConfigYaml({ '${K}': '${V}' })).toBe('"${K}": "${V}"\n');
  });

  test('writes a map the tree holds twice out in full both times, with no anchor or alias', () => {
    const tls = { enabled: true, cert: '/tls/tls.crt' };
    const text = renderConfigYaml({ proxy: { tls }, upstream: { tls } });
    expect(text).toBe('proxy:\n  tls:\n    enabled: true\n    cert: /tls/tls.crt\nupstream:\n  tls:\n    enabled: true\n    cert: /tls/tls.crt\n');
  });

  test('keeps numbers, booleans and null unquoted so they are read back as such', () => {
    const tree = { port: 8080, zero: 0, negative: -1, ratio: 1.5, enabled: true, disabled: false, nothing: null };
    const text = renderConfigYaml(tree);
    expect(text).toBe('port: 8080\nzero: 0\nnegative: -1\nratio: 1.5\nenabled: true\ndisabled: false\nnothing: null\n');
    expect(parseConfigYaml(text)).toEqual(tree);
  });
});

describe('parseConfigYaml', () => {
  test('parses a YAML mapping into nested objects', () => {
    expect(parseConfigYaml('cluster:\n  port: 9221\n  peers: [a, b]\nname: pika\n')).toEqual({
      cluster: { port: 9221, peers: ['a', 'b'] },
      name: 'pika',
    });
  });

  test('reads YAML 1.1 booleans such as "yes" as booleans', () => {
    expect(parseConfigYaml('enabled: yes\nverbose: off\n')).toEqual({ enabled: true, verbose: false });
  });

  test.each([
    ['a number', 42],
    ['undefined', undefined],
    ['null', null],
    ['an object', { a: 1 }],
  ])('returns undefined for %s', (_name, input) => {
    expect(parseConfigYaml(input)).toBeUndefined();
  });

  test.each([
    ['invalid YAML', 'a: [1, 2\n'],
    ['a YAML list', '- a\n- b\n'],
    ['a plain scalar', 'just text'],
    ['an empty document', ''],
    ['a null document', 'null'],
    ['a mapping with duplicate keys', 'a: 1\na: 2\n'],
  ])('returns undefined for %s', (_name, text) => {
    expect(parseConfigYaml(text)).toBeUndefined();
  });
});

describe('deepMerge', () => {
  test('merges nested maps key by key', () => {
    const base = { cluster: { port: 9221, name: 'pika', tls: { enabled: false, ca: 'x' } }, level: 'info' };
    const override = { cluster: { port: 9300, tls: { enabled: true } } };
    expect(deepMerge(base, override)).toEqual({
      cluster: { port: 9300, name: 'pika', tls: { enabled: true, ca: 'x' } },
      level: 'info',
    });
  });

  test('replaces lists rather than concatenating them', () => {
    expect(deepMerge({ peers: ['a', 'b', 'c'] }, { peers: ['d'] })).toEqual({ peers: ['d'] });
  });

  test('replaces scalars, including with null', () => {
    expect(deepMerge({ a: 1, b: 'x', c: true }, { a: 2, b: null })).toEqual({ a: 2, b: null, c: true });
  });

  test('replaces a map with a scalar and a scalar with a map', () => {
    expect(deepMerge({ a: { x: 1 }, b: 5 }, { a: 'flat', b: { y: 2 } })).toEqual({ a: 'flat', b: { y: 2 } });
  });

  test('replaces a map with a list', () => {
    expect(deepMerge({ a: { x: 1 } }, { a: [1] })).toEqual({ a: [1] });
  });

  test('adds keys only present in the override', () => {
    expect(deepMerge({ a: 1 }, { b: { c: 2 } })).toEqual({ a: 1, b: { c: 2 } });
  });

  test('keeps the rendered keys in their places and adds the user\'s own keys after them, sorted, at every depth', () => {
    const base = { server: { port: '8080', tls: { enabled: false } }, cluster: { port: 5000 } };
    const override = { zeta: { y: 1, b: [{ z: 1, a: 2 }, 'x'] }, server: { limits: { z: 1, a: 2 }, port: '9090', base_path: '/p' }, audit: true };
    const merged = deepMerge(base, override);
    expect(JSON.stringify(merged)).toBe(JSON.stringify({
      server: { port: '9090', tls: { enabled: false }, base_path: '/p', limits: { a: 2, z: 1 } },
      cluster: { port: 5000 },
      audit: true,
      zeta: { b: [{ a: 2, z: 1 }, 'x'], y: 1 },
    }));
  });

  // A caller's language decides the order of a map's keys (Go's jsii runtime sorts them, Java's
  // Map.of changes it from run to run), so the same config must render the same text in any order.
  test('renders the same file whatever order the user\'s maps list their keys in', () => {
    const base = { log_level: 'info', server: { port: '8080', tls: { enabled: false } }, cluster: { enabled: true, replicas: 3 } };
    const key = fc.constantFrom('server', 'cluster', 'port', 'tls', 'audit', 'limits', 'zeta', 'alpha', 'b', 'a');
    const tree: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof({ depthSize: 'small' },
        fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 4 }), fc.constant(null)),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    const reordered = (value: unknown, seed: number): unknown => {
      if (Array.isArray(value)) {
        return value.map((item) => reordered(item, seed));
      }
      if (value === null || typeof value !== 'object') {
        return value;
      }
      const keys = Object.keys(value);
      const rotated = [...keys.slice(seed % Math.max(keys.length, 1)), ...keys.slice(0, seed % Math.max(keys.length, 1))].reverse();
      return Object.fromEntries(rotated.map((k) => [k, reordered((value as Record<string, unknown>)[k], seed + 1)]));
    };
    fc.assert(fc.property(fc.dictionary(key, tree, { maxKeys: 5 }), fc.nat(7), (override, seed) => {
      const merged = deepMerge(base, override as Record<string, unknown>);
      expect(renderConfigYaml(deepMerge(base, reordered(override, seed) as Record<string, unknown>))).toBe(renderConfigYaml(merged));
      // The rendered keys come first, in the rendered order.
      const kept = Object.keys(base).filter((k) => k in merged);
      expect(Object.keys(merged).slice(0, kept.length)).toEqual(kept);
    }));
  });

  test('does not modify either input', () => {
    const base = { cluster: { port: 9221, tls: { enabled: false } }, peers: ['a'] };
    const override = { cluster: { port: 9300, tls: { enabled: true } }, peers: ['b'] };
    const baseCopy = JSON.parse(JSON.stringify(base));
    const overrideCopy = JSON.parse(JSON.stringify(override));
    const merged = deepMerge(base, override);
    expect(base).toEqual(baseCopy);
    expect(override).toEqual(overrideCopy);
    expect(merged.cluster).not.toBe(base.cluster);
    expect((merged.cluster as any).tls).not.toBe(base.cluster.tls);
  });
});

describe('valueAt', () => {
  const tree = { cluster: { port: 9221, peers: ['a', 'b'], tls: { enabled: false } }, name: 'pika', empty: null, list: [{ tls: { cert: '/tls.crt' } }] };

  test.each([
    ['name', 'pika'],
    ['cluster.port', 9221],
    ['cluster.tls.enabled', false],
    ['cluster.peers', ['a', 'b']],
    ['cluster.tls', { enabled: false }],
    ['empty', null],
    ['cluster.peers[1]', 'b'],
    ['list[0].tls.cert', '/tls.crt'],
  ])('returns the value at %j', (path, expected) => {
    expect(valueAt(tree, path)).toEqual(expected);
  });

  test.each(['missing', 'cluster.missing', 'cluster.port.value', 'cluster.peers.0', 'name.length', 'empty.x', 'missing.deeper', 'cluster.peers[2]', 'cluster[0]', 'list[0].missing'])(
    'returns undefined for %j',
    (path) => {
      expect(valueAt(tree, path)).toBeUndefined();
    },
  );
});

describe('leafPaths', () => {
  test('lists every dotted path to a non-map value in document order', () => {
    expect(leafPaths({
      name: 'pika',
      cluster: { port: 9221, tls: { enabled: false, ca: null }, peers: ['a'] },
      level: 'info',
    })).toEqual(['name', 'cluster.port', 'cluster.tls.enabled', 'cluster.tls.ca', 'cluster.peers', 'level']);
  });

  test('treats lists as leaves and drops empty maps', () => {
    expect(leafPaths({ list: [{ a: 1 }], nothing: {} })).toEqual(['list']);
  });

  test('prepends a given prefix', () => {
    expect(leafPaths({ a: { b: 1 } }, 'root')).toEqual(['root.a.b']);
  });

  test('returns an empty list for an empty tree', () => {
    expect(leafPaths({})).toEqual([]);
  });
});

describe('RenderedConfig', () => {
  const { RenderedConfig: Rendered } = jest.requireActual('../../lib/common/config-document');
  const { pikaConfig } = jest.requireActual('../../lib/pika/config');
  const { pikoConfig } = jest.requireActual('../../lib/piko/config');
  const { resolvePikaSettings } = jest.requireActual('../../lib/pika/settings');
  const { resolvePikoSettings } = jest.requireActual('../../lib/piko/settings');
  const { Testing } = jest.requireActual('cdk8s');
  const { PikaProductionChart } = jest.requireActual('../../examples/pika-production');
  const { PikoProductionChart } = jest.requireActual('../../examples/piko-production');

  test('reads back exactly what parsing its own text gives, for every shipped config', () => {
    const production = [new PikaProductionChart(Testing.app(), 'a').pika, new PikoProductionChart(Testing.app(), 'b').piko];
    const trees = [
      pikaConfig(resolvePikaSettings(Testing.chart(), {})),
      pikoConfig(resolvePikoSettings(Testing.chart(), {})),
      ...production.map((cluster: any) => cluster._finalConfig()),
    ];
    for (const tree of trees) {
      const rendered = new Rendered(tree);
      expect(rendered.read(rendered.text)).toEqual(parseConfigYaml(rendered.text));
    }
  });

  test('parses a changed text', () => {
    const rendered = new Rendered({ log_level: 'info' });
    expect(rendered.read('log_level: warn\n')).toEqual({ log_level: 'warn' });
    expect(rendered.read(undefined)).toEqual({});
  });
});
