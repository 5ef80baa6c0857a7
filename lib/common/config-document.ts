import * as YAML from 'yaml';

// The servers' config files are rendered from plain objects and parsed back by the synth-time
// checks, so the checks see what the pod will read even after a user patched the ConfigMap.

/** A parsed config file: nested maps of scalars and lists. */
export type ConfigTree = { [key: string]: unknown };

/**
 * Renders a config file deterministically. YAML 1.1 output quotes strings such as "yes", "on" and
 * "8080" so Go decoders read them back as the strings they are. Keys and values holding a `${VAR}`
 * reference are double-quoted: a server that expands env vars in the raw file (Piko does) then
 * pastes the value inside quotes, where characters such as `:` or `#` cannot break the YAML.
 */
export function renderConfigYaml(tree: ConfigTree): string {
  // A value the tree holds twice is written out twice, never as an anchor and alias.
  const document = new YAML.Document(tree, { version: '1.1', schema: yaml11Schema(), aliasDuplicateObjects: false });
  // Most configs hold no reference; the check spares them the walk over every node.
  if (hasReference(tree)) {
    // The visitor sees map keys as well as values, so keys with references are quoted too.
    YAML.visit(document, {
      Scalar(_key, node) {
        if (typeof node.value === 'string' && isReference(node.value)) {
          node.type = 'QUOTE_DOUBLE';
        }
      },
    });
  }
  // No `%TAG` directive or `---` marker is ever wanted; saying so spares a walk over every node.
  return document.toString({ lineWidth: 0, directives: false });
}

// The YAML 1.1 schema, made once: documents only read it, and a new one per file adds a tenth to
// the time a small file takes to write.
let yaml11: YAML.Schema | undefined;

function yaml11Schema(): YAML.Schema {
  yaml11 ??= new YAML.Document(null, { version: '1.1' }).schema;
  return yaml11;
}

function isReference(text: string): boolean {
  return text.includes('${');
}

/** Whether any key or string in `value` holds a reference: a key alone must still be quoted. */
function hasReference(value: unknown): boolean {
  if (typeof value === 'string') {
    return isReference(value);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, item]) => isReference(key) || hasReference(item));
  }
  return false;
}

/**
 * A config file a construct renders into a ConfigMap. The synth checks read the file back from
 * the final ConfigMap; while its text is still the rendered one, the tree it was rendered from is
 * returned instead of parsing the YAML again.
 */
export class RenderedConfig {
  public readonly text: string;
  private readonly tree: ConfigTree;

  constructor(tree: ConfigTree) {
    this.text = renderConfigYaml(tree);
    // JSON-normalised, as YAML drops undefined values too.
    this.tree = JSON.parse(JSON.stringify(tree));
  }

  /** The tree `finalText` holds; `{}` when it is missing or not a YAML mapping. */
  public read(finalText: unknown): ConfigTree {
    return finalText === this.text ? this.tree : parseConfigYaml(finalText) ?? {};
  }
}

/** Parses a rendered config file; `undefined` when it is not a YAML mapping. */
export function parseConfigYaml(text: unknown): ConfigTree | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  try {
    const tree = YAML.parse(text, { version: '1.1' });
    return isPlainObject(tree) ? tree : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Merges raw user config over the rendered config: maps merge key by key, everything else (lists
 * included) is replaced by the user's value. Neither input is modified.
 *
 * A key the rendered config has keeps its place; the keys only the user's config has follow, in
 * sorted order, and so do the keys of every map inside a value the user gave. The order of a map's
 * keys means nothing to the servers, and a caller's language may not keep it: Go's jsii runtime
 * sends map keys sorted, and Java's `Map.of` iterates in an order that changes from one run to
 * the next. Sorted, the same config renders the same file from every language and every run.
 */
export function deepMerge(base: ConfigTree, override: ConfigTree): ConfigTree {
  const merged: ConfigTree = { ...base };
  for (const key of Object.keys(override).sort()) {
    const current = merged[key];
    const value = override[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : withSortedKeys(value);
  }
  return merged;
}

/** `value` with the keys of every map in it sorted, lists kept in their order. */
function withSortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withSortedKeys);
  }
  if (!isPlainObject(value)) {
    return value;
  }
  const sorted: ConfigTree = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = withSortedKeys(value[key]);
  }
  return sorted;
}

/**
 * The value at a dotted path such as `cluster.port`, with list items by index as the messages
 * name them (`listeners[0].tls.cert`), or `undefined`.
 */
export function valueAt(tree: ConfigTree, path: string): unknown {
  let node: unknown = tree;
  for (const key of pathSegments(path)) {
    if (typeof key === 'number' ? !Array.isArray(node) : !isPlainObject(node)) {
      return undefined;
    }
    node = (node as { [key: string | number]: unknown })[key];
  }
  return node;
}

// The checks read the same few dozen paths for every cluster; splitting each once keeps the keys
// the same strings, which property lookups find fastest.
const segmentsByPath = new Map<string, ReadonlyArray<string | number>>();

/** The keys of a path, and the list indices in brackets as numbers: `listeners[0]` is `listeners`, then `0`. */
function pathSegments(path: string): ReadonlyArray<string | number> {
  let segments = segmentsByPath.get(path);
  if (segments === undefined) {
    segments = path.split('.').flatMap((segment) => {
      const [key, ...indices] = segment.split('[');
      return [key, ...indices.map((index) => Number(index.replace(']', '')))];
    });
    segmentsByPath.set(path, segments);
  }
  return segments;
}

/** Every dotted path to a non-map value, in document order. */
export function leafPaths(tree: ConfigTree, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainObject(value)) {
      paths.push(...leafPaths(value, path));
    } else {
      paths.push(path);
    }
  }
  return paths;
}

export function isPlainObject(value: unknown): value is ConfigTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
