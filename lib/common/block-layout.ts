import type { Schema } from 'yaml';

// Rendering a small config file through the yaml library costs about 0.1 ms once warm, twice that
// while the process is young and several milliseconds on first use, which made it the largest
// single cost of building a cluster. Almost all of it goes into deciding how each key and scalar is
// written, and in a config file nearly all of them are words, numbers and booleans. So the block
// structure (indentation, `key:`, `- `) is laid out here, and so are those scalars: a word is
// written plain unless one of the library's own YAML 1.1 type tests reads it as something else,
// then in double quotes. Every other key and scalar is written by the library, once per distinct
// one, and trees with anything this layout does not know (multi-line text, nested lists, shared
// objects, non-plain objects) are left to the library whole. A test holds both outputs
// byte-identical over thousands of generated trees.

/** Renders a whole tree with the yaml library; the layout must agree with it byte for byte. */
export type RenderYaml = (tree: { [key: string]: unknown }) => string;

/** What the layout must know of the writer it reproduces. */
export interface BlockLayoutOptions {
  /** Writes a whole tree; the layout reproduces its output. */
  readonly render: RenderYaml;
  /** The schema `render` writes with, whose type tests decide which words need quotes. */
  readonly schema: Schema;
  /** Strings `render` writes double-quoted whatever they hold. */
  readonly forcesDoubleQuotes: (text: string) => boolean;
}

/**
 * Words that cannot be read as YAML structure: no indicator character first, no space, `#` or line
 * break anywhere, and no colon last (the only place it could end a key). Whether such a word is
 * written plain is then only a matter of type.
 */
const WORD = /^[A-Za-z0-9/:][A-Za-z0-9_./:-]*$/;
/** Text that double quotes hold as it is: printable ASCII without `"` or `\`. */
const DOUBLE_QUOTABLE = /^[ !#-[\]-~]*$/;
/** Longer keys are written as explicit `? key` entries. */
const MAX_INLINE_LENGTH = 1000;
const STRING_TAG = 'tag:yaml.org,2002:str';
// The library writes a scalar as the value of a one-entry map under this key, and a key with a
// null value, and the layout cuts the line apart.
const PROBE_KEY = 'v';
const PROBE_KEY_PREFIX = `${PROBE_KEY}: `;
const NULL_VALUE_SUFFIX = ': null\n';
const INDENT = '  ';
/** Beyond this many distinct keys and scalars the memo starts over, so it cannot grow unbounded. */
const MEMO_LIMIT = 10_000;

/** Lays out block YAML around keys and scalars written as `render` writes them, each decided once. */
export class BlockLayout {
  private readonly scalars = new Map<string, string | undefined>();
  private readonly keys = new Map<string, string | undefined>();

  constructor(private readonly options: BlockLayoutOptions) {}

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

  /** How `render` writes `value` as a map value, when that is a single line. */
  private scalar(value: unknown): string | undefined {
    switch (typeof value) {
      case 'boolean':
        return String(value);
      case 'number':
        return Number.isSafeInteger(value) && !Object.is(value, -0)
          ? String(value)
          : remember(this.scalars, `n${value}`, () => this.renderValue(value));
      case 'string':
        return value.includes('\n') ? undefined : remember(this.scalars, `s${value}`, () => this.inlineText(value) ?? this.renderValue(value));
      default:
        return value === null ? remember(this.scalars, 'null', () => this.renderValue(null)) : undefined;
    }
  }

  /** How `render` writes `key` as a map key, when that is a single line. */
  private key(key: string): string | undefined {
    return remember(this.keys, key, () => this.inlineText(key) ?? singleLine(this.options.render({ [key]: null }), '', NULL_VALUE_SUFFIX));
  }

  private renderValue(value: unknown): string | undefined {
    return singleLine(this.options.render({ [PROBE_KEY]: value }), PROBE_KEY_PREFIX, '\n');
  }

  /** `text` as a word, plain or double-quoted, when no escaping can be needed; else `undefined`. */
  private inlineText(text: string): string | undefined {
    if (text.length > MAX_INLINE_LENGTH) {
      return undefined;
    }
    if (this.options.forcesDoubleQuotes(text)) {
      return DOUBLE_QUOTABLE.test(text) ? `"${text}"` : undefined;
    }
    if (!WORD.test(text) || text.endsWith(':')) {
      return undefined;
    }
    return this.readsAsOtherType(text) ? `"${text}"` : text;
  }

  /** Whether a plain `text` would be read back as something other than a string. */
  private readsAsOtherType(text: string): boolean {
    const matches = (tag: Schema['tags'][number]) => Boolean(tag.default) && tag.tag !== STRING_TAG && tag.test?.test(text) === true;
    return this.options.schema.tags.some(matches) || (this.options.schema.compat ?? []).some(matches);
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
