import * as fs from 'fs';
import * as path from 'path';

// The package's own type information (the jsii assembly it ships), read by the property tests and
// the validation campaign to generate props: every settable path of a props struct, and whether a
// value is certainly of the wrong type for one.

export interface TypeReference {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: string; readonly elementtype: TypeReference };
}

/** A settable prop: its dotted path and jsii type. */
export interface PropPath {
  readonly path: string;
  readonly type: TypeReference;
}

export const assembly = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.jsii'), 'utf8'));

/** Every prop path of a props struct, nested structs of this package included (up to `depth`). */
export function propPaths(fqn: string, depth = 3, prefix = ''): PropPath[] {
  const struct = assembly.types[fqn];
  const bases: string[] = struct.interfaces ?? [];
  const own: PropPath[] = (struct.properties ?? []).flatMap((property: { name: string; type: TypeReference }) => {
    const here = { path: `${prefix}${property.name}`, type: property.type };
    const nested = property.type.fqn && assembly.types[property.type.fqn]?.datatype && depth > 1
      ? propPaths(property.type.fqn, depth - 1, `${here.path}.`) : [];
    return [here, ...nested];
  });
  return [...bases.flatMap((base) => (assembly.types[base] ? propPaths(base, depth, prefix) : [])), ...own];
}

/**
 * Whether `value` is certainly of the wrong type for `type`: a primitive of another kind, or a
 * non-object where a struct, class, list or map belongs. (A string for an enum may be one of its
 * values, so it is left undecided.)
 */
export function isWrongType(type: TypeReference, value: unknown): boolean {
  if (value === null) {
    return true;
  }
  switch (type.primitive) {
    case 'string': return typeof value !== 'string';
    case 'number': return typeof value !== 'number' || !Number.isFinite(value);
    case 'boolean': return typeof value !== 'boolean';
    case undefined: break;
    default: return false;
  }
  if (type.collection?.kind === 'array') {
    return !Array.isArray(value);
  }
  const definition = type.fqn ? assembly.types[type.fqn] : undefined;
  if (definition?.kind === 'enum') {
    return typeof value !== 'string';
  }
  return typeof value !== 'object' || (type.collection?.kind === 'map' && Array.isArray(value));
}
