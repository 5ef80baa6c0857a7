import type { Schema } from 'yaml';

// Rendering a small config file through the yaml library costs about 0.1 ms once warm and twice
// that while the process is young, which made it the largest single cost of building a cluster. Almost all of that is spent deciding how each key and scalar is written (plain or
// quoted), and most keys and values are plain words or recur in every cluster. So the block
// structure (indentation, `key:`, `- `) is laid out here; a word of plain-safe characters is
// written plain unless one of the library's own YAML 1.1 type tests reads it as something else;
// every other key and scalar is written by the library, once per distinct one. Trees with anything
// this layout does not know (multi-line text, nested lists, shared objects, non-plain objects) are
// left to the library whole. A test holds both outputs byte-identical.

/** Renders a whole tree with the yaml library; the layout must agree with it byte for byte. */
export type RenderYaml = (tree: { [key: string]: unknown }) => string;

// A scalar is rendered as the value of a one-entry map under this key; a key, with a null value.
const PROBE_KEY = 'v';
const PROBE_KEY_PREFIX = `${PROBE_KEY}: `;
const NULL_VALUE_SUFFIX = ': null\n';
const INDENT = '  ';
/**
 * Words that cannot be read as YAML structure: no indicator character first, no space, colon, `#`
 * or line break anywhere. Whether such a word is written plain is then only a matter of type.
 */
const PLAIN_SAFE_WORD = /^[A-Za-z/][A-Za-z0-9_./-]*$/;
/** Longer keys are written as explicit `? key` entries. */
const MAX_PLAIN_WORD_LENGTH = 1000;
const STRING_TAG = 'tag:yaml.org,2002:str';
/** Beyond this many distinct keys and scalars the memo starts over, so it cannot grow unbounded. */
const MEMO_LIMIT = 10_000;

/** Lays out block YAML around keys and scalars written as `render` writes them, each decided once. */
export class BlockLayout {
  private readonly scalars = new Map<string, string | undefined>();
  private readonly keys = new Map<string, string | undefined>();

  /**
   * @param render writes a whole tree; the layout reproduces its output
   * @param schema the schema `render` writes with, whose type tests decide which words need quotes
   */
  constructor(private readonly render: RenderYaml, private readonly schema: Schema) {}

  /** The tree as `render` would write it, or `undefined` when the tree needs the library whole. */
  public layOut(tree: { [key: string]: unknown }): string | undefined {
    const lines: string[] = [];
    return this.mapEntries(tree, '', '', lines, new Set()) ? `${lines.join('\n')}\n` : undefined;
  }

  /** Writes a map's entries at `indent`; the first entry's line starts with `firstHead` instead. */
  private mapEntries(map: { [key: string]: unknown }, firstHead: string, indent: string, lines: string[], seen: Set<object>): boolean {
    if (seen.has(map)) {
      return false; // the library writes a repeated object as an alias
    }
    seen.add(map);
    let head = firstHead;
    let written = 0;
    for (const key of Object.keys(map)) {
      const value = map[key];
      if (value === undefined) {
        continue; // the library drops undefined map values
      }
      const renderedKey = this.key(key);
      if (renderedKey === undefined || !this.entry(`${head}${renderedKey}:`, value, indent + INDENT, lines, seen)) {
        return false;
      }
      head = indent;
      written++;
    }
    return written > 0;
  }

  /** Writes one value after `head` (a `key:` or a `-`), with nested blocks at `childIndent`. */
  private entry(head: string, value: unknown, childIndent: string, lines: string[], seen: Set<object>): boolean {
    if (Array.isArray(value)) {
      if (value.length === 0) {
        lines.push(`${head} []`);
        return true;
      }
      if (head.endsWith('-') || seen.has(value)) {
        return false; // lists in lists, and repeated lists, are the library's
      }
      seen.add(value);
      lines.push(head);
      return value.every((item) => this.entry(`${childIndent}-`, item, childIndent + INDENT, lines, seen));
    }
    if (isPlain(value)) {
      if (Object.keys(value).length === 0) {
        lines.push(`${head} {}`);
        return true;
      }
      if (head.endsWith('-')) {
        return this.mapEntries(value, `${head} `, childIndent, lines, seen);
      }
      lines.push(head);
      return this.mapEntries(value, childIndent, childIndent, lines, seen);
    }
    const scalar = this.scalar(value);
    if (scalar === undefined) {
      return false;
    }
    lines.push(`${head} ${scalar}`);
    return true;
  }

  /** How the library writes `value` as a map value, when that is a single line. */
  private scalar(value: unknown): string | undefined {
    const memoKey = scalarMemoKey(value);
    if (memoKey === undefined) {
      return undefined;
    }
    return remember(this.scalars, memoKey, () => (typeof value === 'string' && this.writesPlain(value)
      ? value
      : singleLine(this.render({ [PROBE_KEY]: value }), PROBE_KEY_PREFIX, '\n')));
  }

  /** How the library writes `key` as a map key, when that is a single line. */
  private key(key: string): string | undefined {
    return remember(this.keys, key, () => (this.writesPlain(key) ? key : singleLine(this.render({ [key]: null }), '', NULL_VALUE_SUFFIX)));
  }

  /** Whether the library writes `text` unquoted: a plain-safe word no other type's test matches. */
  private writesPlain(text: string): boolean {
    if (text.length > MAX_PLAIN_WORD_LENGTH || !PLAIN_SAFE_WORD.test(text)) {
      return false;
    }
    const readsAsOtherType = (tag: Schema['tags'][number]) => Boolean(tag.default) && tag.tag !== STRING_TAG && tag.test?.test(text) === true;
    return !this.schema.tags.some(readsAsOtherType) && !(this.schema.compat ?? []).some(readsAsOtherType);
  }
}

/** A memo key that tells apart every scalar it accepts; `undefined` for values the layout leaves to the library. */
function scalarMemoKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value.includes('\n') ? undefined : `s${value}`;
    case 'boolean':
      return `b${value}`;
    case 'number':
      return Object.is(value, -0) ? undefined : `n${value}`;
    default:
      return value === null ? 'null' : undefined;
  }
}

function isPlain(value: unknown): value is { [key: string]: unknown } {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The text between `prefix` and `suffix` when `text` is exactly one such line. */
function singleLine(text: string, prefix: string, suffix: string): string | undefined {
  if (!text.startsWith(prefix) || !text.endsWith(suffix)) {
    return undefined;
  }
  const inner = text.slice(prefix.length, text.length - suffix.length);
  return inner.includes('\n') || inner === '' ? undefined : inner;
}

function remember(memo: Map<string, string | undefined>, key: string, compute: () => string | undefined): string | undefined {
  if (memo.has(key)) {
    return memo.get(key);
  }
  if (memo.size >= MEMO_LIMIT) {
    memo.clear();
  }
  const value = compute();
  memo.set(key, value);
  return value;
}
