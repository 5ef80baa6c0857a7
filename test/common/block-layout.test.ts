import * as YAML from 'yaml';
import { BlockLayout, RenderYaml } from '../../lib/common/block-layout';
import { ConfigTree, renderConfigYaml, renderWithLibrary } from '../../lib/common/config-document';

// The block layout must write exactly what the yaml library writes; these trees are full of the
// strings, keys and shapes where YAML writers disagree.

const STRINGS = [
  '', ' ', 'info', 'pika', '/data/pika', 'pika-0-cluster.ns-0.svc.cluster.local', ':8000', '0.0.0.0:8000', 'host:',
  'a: b', 'a:b', 'a #b', 'a#b', '#x', '- a', '-', '--', '---', '--- x', '...', '? x', '?', '8080', '-1', '0x1F', '0o17',
  '0755', '1_000', '1e3', '1.5', '.5', '.inf', '-.Inf', '.NaN', 'NaN', '1:30', '190:20:30', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
  'yes', 'Yes', 'YES', 'no', 'on', 'Off', 'y', 'Y', 'n', 'true', 'False', 'null', 'Null', '~', '=', '<<', '!tag', '&anchor',
  '*alias', '%x', '@x', '`x', '"quoted"', "'single'", '[a]', '{a}', 'a,b', 'a [b]', '|', '>', 'trailing ', ' leading',
  'tab\there', 'é', 'naïve café', '😀', '\u0007bell', 'back\\slash', '${POD_IP}:8000', '${POD_NAME}-', 'x${A}y', '$(VAR)',
  'a\nb', 'line\n', 'word '.repeat(40).trim(), '1m', '10s', 'http://example.com/a?b=c&d=e', 'C:\\path',
];
const KEYS = ['port', 'cluster', 'bind_addr', 'dns_addr', 'a b', 'on', 'yes', '8080', '', '-', 'a: b', '? x', '<<', '${K}', 'é', 'k\nl', '#', 'null'];
const NUMBERS = [0, -0, 1, -1, 5000, 1.5, -2.25, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity];

/** Letters and signs that spell YAML 1.1 booleans, nulls, numbers and timestamps as well as plain words. */
const WORD_ALPHABET = 'aefilnorstuxyYNTFOE0159_./-:';
/** Characters around `${VAR}` references, including those double quotes must escape. */
const TEXT_ALPHABET = 'ab:# "\\\'-${}é\t';

/** A layout of `render`'s output, with the options renderConfigYaml uses. */
function layoutOf(render: RenderYaml = renderWithLibrary): BlockLayout {
  return new BlockLayout({
    render,
    schema: new YAML.Document(null, { version: '1.1' }).schema,
    forcesDoubleQuotes: (text) => text.includes('${'),
  });
}

/** A small deterministic pseudo-random generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A layout whose every call into the library is recorded, as the tree it asked to render. */
function recordingLayout(): { layout: BlockLayout; calls: string[] } {
  const calls: string[] = [];
  const layout = layoutOf((tree) => {
    calls.push(JSON.stringify(tree));
    return renderWithLibrary(tree);
  });
  return { layout, calls };
}

function randomWord(next: () => number): string {
  const length = 1 + Math.floor(next() * 6);
  return Array.from({ length }, () => WORD_ALPHABET[Math.floor(next() * WORD_ALPHABET.length)]).join('');
}

function randomText(next: () => number): string {
  const length = Math.floor(next() * 8);
  const text = Array.from({ length }, () => TEXT_ALPHABET[Math.floor(next() * TEXT_ALPHABET.length)]).join('');
  return next() < 0.5 ? `${text}\${VAR}${randomWord(next)}` : text;
}

function randomValue(next: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const roll = next();
  if (depth < 3 && roll < 0.25) {
    return randomTree(next, depth + 1);
  }
  if (depth < 3 && roll < 0.4) {
    return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  }
  return pick<unknown>([pick(STRINGS), randomWord(next), randomText(next), pick(NUMBERS), true, false, null, undefined]);
}

function randomTree(next: () => number, depth = 0): ConfigTree {
  const tree: ConfigTree = {};
  const size = Math.floor(next() * 5);
  for (let i = 0; i < size; i++) {
    const roll = next();
    const key = roll < 0.6 ? KEYS[Math.floor(next() * KEYS.length)] : roll < 0.9 ? randomWord(next) : randomText(next);
    tree[key] = randomValue(next, depth);
  }
  return tree;
}

describe('BlockLayout', () => {
  test('writes byte-identical YAML to the yaml library for 3000 generated trees', () => {
    const layout = layoutOf();
    const next = random(20261121);
    const mismatches: string[] = [];
    let laidOut = 0;
    for (let i = 0; i < 3000; i++) {
      const tree = randomTree(next);
      const expected = renderWithLibrary(tree);
      const actual = layout.layOut(tree);
      if (actual !== undefined) {
        laidOut++;
      }
      if ((actual ?? expected) !== expected) {
        mismatches.push(`${JSON.stringify(tree)}\n--- library\n${expected}--- layout\n${actual}`);
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    // Most trees must take the layout's path, or the comparison proves little.
    expect(laidOut).toBeGreaterThan(1500);
  });

  test('lays out the trees the servers\' configs have, without handing them to the library whole', () => {
    const layout = layoutOf();
    const pika = { log_level: 'info', server: { port: '8080', tls: { enabled: false } }, cluster: { replicas: 3, dns_addr: 'p.ns.svc.cluster.local' } };
    const piko = { proxy: { bind_addr: ':8000', advertise_addr: '${POD_IP}:8000' }, cluster: { join: ['piko.ns.svc.cluster.local'] }, grace_period: '1m' };
    for (const tree of [pika, piko]) {
      expect(layout.layOut(tree)).toBe(renderWithLibrary(tree));
      expect(renderConfigYaml(tree)).toBe(renderWithLibrary(tree));
    }
  });

  test('hands lists of lists, repeated objects and multi-line text to the library whole', () => {
    const layout = layoutOf();
    const shared = { a: 1 };
    expect(layout.layOut({ matrix: [[1, 2], [3]] })).toBeUndefined();
    expect(layout.layOut({ first: shared, second: shared })).toBeUndefined();
    expect(layout.layOut({ text: 'one\ntwo' })).toBeUndefined();
    expect(layout.layOut({})).toBeUndefined();
  });

  test('writes words, quoted words, integers, booleans and ${VAR} references without the library', () => {
    const { layout, calls } = recordingLayout();
    const tree = {
      on: 8080, port: '8080', enabled: 'yes', bind_addr: ':8000', advertise_addr: '${POD_IP}:8000', host: 'pika.ns.svc.cluster.local',
      path: '/data/pika', grace_period: '1m', verbose: false, replicas: -3,
    };
    expect(layout.layOut(tree)).toBe(renderWithLibrary(tree));
    expect(calls).toEqual([]);
  });

  test('asks the library once per distinct key and scalar it cannot write itself', () => {
    const { layout, calls } = recordingLayout();
    for (let i = 0; i < 10; i++) {
      layout.layOut({ 'a b': 1.5, 'note': i < 5 ? 'two words' : '#comment', 'quote': 'say "${X}"' });
    }
    expect(calls).toEqual(['{"a b":null}', '{"v":1.5}', '{"v":"two words"}', '{"v":"say \\"${X}\\""}', '{"v":"#comment"}']);
  });
});
