import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Manifest } from './synth';
import { parseConfigYaml } from '../../lib/common/config-document';

// Compares our output with upstream's manifests leaf by leaf. Keys are `Kind/name path`, list
// elements are keyed by their name where they have one, and config files held in ConfigMaps are
// parsed into their keys, so a difference names exactly the field that differs.

export type Leaves = Map<string, unknown>;

/** The objects of a fixture file under test/fixtures. */
export function loadFixture(file: string): Manifest[] {
  const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', file), 'utf8');
  return YAML.parseAllDocuments(text).map((document) => document.toJSON());
}

function flatten(value: unknown, prefix: string, into: Leaves): Leaves {
  if (Array.isArray(value)) {
    value.forEach((element, index) => flatten(element, `${prefix}[${element?.name ?? element?.metadata?.name ?? index}]`, into));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      flatten(child, prefix === '' ? key : `${prefix}.${key}`, into);
    }
  } else {
    into.set(prefix, value);
  }
  return into;
}

/** Every leaf of every object, with `*.yaml` ConfigMap data parsed into its keys. */
export function allLeaves(objects: Manifest[]): Leaves {
  const all: Leaves = new Map();
  for (const object of objects) {
    const data: Manifest = {};
    for (const [key, text] of Object.entries(object.kind === 'ConfigMap' ? object.data ?? {} : {})) {
      data[key] = key.endsWith('.yaml') ? parseConfigYaml(text) : text;
    }
    const body = object.kind === 'ConfigMap' ? { ...object, data } : object;
    for (const [leaf, value] of flatten(body, '', new Map())) {
      all.set(`${object.kind}/${object.metadata.name} ${leaf}`, value);
    }
  }
  return all;
}

/** Quantities compare by value: `cpu: 1` and `cpu: "1"` are the same quantity. */
export function sameValue(leaf: string, a: unknown, b: unknown): boolean {
  return a === b || (leaf.includes('.resources.') && String(a) === String(b));
}

/**
 * Whether a leaf falls under an entry of a table keyed `Kind/name prefix`: `*` matches any
 * object, a missing or `*` prefix the whole object.
 */
export function listed(leaf: string, table: { [key: string]: string }): boolean {
  const [leafObject, leafPath] = leaf.split(' ');
  return Object.keys(table).some((key) => {
    const [object, prefix] = key.split(' ');
    const objectMatches = object === '*' || object === leafObject;
    return objectMatches && (prefix === undefined || prefix === '*' || leafPath === prefix
      || leafPath.startsWith(`${prefix}.`) || leafPath.startsWith(`${prefix}[`));
  });
}

/** Upstream leaves that differ in ours and are not listed, described for a failure message. */
export function unexplainedDifferences(upstream: Leaves, ours: Leaves, differences: { [key: string]: string }): string[] {
  return [...upstream]
    .filter(([leaf, value]) => !sameValue(leaf, value, ours.get(leaf)) && !listed(leaf, differences))
    .map(([leaf, value]) => `${leaf}: upstream ${JSON.stringify(value)}, ours ${JSON.stringify(ours.get(leaf))}`);
}

/** Our leaves upstream does not have and no listed addition covers. */
export function unexplainedAdditions(upstream: Leaves, ours: Leaves, additions: { [key: string]: string }): string[] {
  return [...ours.keys()].filter((leaf) => !upstream.has(leaf) && !listed(leaf, additions));
}

/** Listed differences that no longer differ, so the list stays true. */
export function staleDifferences(upstream: Leaves, ours: Leaves, differences: { [key: string]: string }): string[] {
  return Object.keys(differences)
    .filter((key) => !key.endsWith(' *') && upstream.has(key))
    .filter((key) => sameValue(key, upstream.get(key), ours.get(key)));
}
