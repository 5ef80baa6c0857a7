import { ApiObject, App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { writtenManifest } from './manifest-object';
import { Manifest } from './manifest-view';
import { patchCount } from './object-versions';

// The synth checks read each object's final JSON, and cdk8s computes the same JSON again when it
// writes the output. cdk8s's `toJson()` passes every value of the manifest through each of the
// app's resolvers, with a new context and path per value, which cost as much as all the checks
// together. For the library's own objects most of that walk is known to change nothing: their
// manifests are plain JSON, converted when the object was made (manifest-object.ts), except for
// the Lazy values the library or a user put in, and cdk8s's default resolvers leave plain JSON
// untouched. So while such an object has no JSON patch and its app has no resolver of its own,
// its final JSON is its manifest with each Lazy produced and its metadata as cdk8s renders it:
// the same JSON `toJson()` returns, keys aside, which it sorts. The metadata is read the same way:
// cdk8s resolves its fields and then drops what is empty; while they are plain JSON, only the
// dropping changes anything, so they are read from the metadata object (private fields of cdk8s's
// `ApiObjectMetadataDefinition`; if a release renames one, `metadata.toJson()` is used). Anything
// else takes `toJson()`. A test holds both to the same result for every example app.

const DEFAULT_RESOLVERS: ReadonlyArray<Function> = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];

// Where the Lazy values of each written manifest sit (`undefined`: not plain JSON), found on first use.
const lazyPathsByObject = new WeakMap<ApiObject, ReadonlyArray<readonly string[]> | undefined>();

/**
 * The object's final JSON, as `toJson()` returns it. The result is shared with the object: read
 * it, never change it.
 */
export function finalJson(object: ApiObject): Manifest {
  const manifest = writtenManifest(object);
  if (manifest === undefined || patchCount(object) !== 0 || !hasDefaultResolvers(object)) {
    return object.toJson();
  }
  if (!lazyPathsByObject.has(object)) {
    lazyPathsByObject.set(object, lazyPathsOf(manifest));
  }
  const lazyPaths = lazyPathsByObject.get(object);
  const metadata = metadataJson(object);
  if (lazyPaths === undefined || metadata === undefined) {
    return object.toJson();
  }
  let json: Manifest = { ...manifest, metadata };
  for (const path of lazyPaths) {
    const value = (valueAtPath(json, path) as Lazy).produce();
    if (!isPlainJson(value)) {
      return object.toJson();
    }
    json = withValueAt(json, path, value) as Manifest;
  }
  return json;
}

/**
 * The object's metadata as `metadata.toJson()` renders it, or `undefined` when a field holds
 * something else than plain JSON (a Lazy, a token).
 */
export function metadataJson(object: ApiObject): Manifest | undefined {
  const fields = object.metadata as unknown as MetadataFields;
  if (!isPlainObject(fields._additionalAttributes) || !isPlainObject(fields.labels) || !isPlainObject(fields.annotations)
    || !Array.isArray(fields.finalizers) || !Array.isArray(fields.ownerReferences)) {
    const rendered = object.metadata.toJson();
    return isPlainJson(rendered) ? rendered : undefined;
  }
  const metadata = {
    ...fields._additionalAttributes,
    name: fields.name,
    namespace: fields.namespace,
    annotations: fields.annotations,
    finalizers: fields.finalizers,
    ownerReferences: fields.ownerReferences,
    labels: fields.labels,
  };
  if (!isPlainJson(metadata, true)) {
    return undefined;
  }
  const rendered = withoutEmpty(metadata);
  return isPlainObject(rendered) ? rendered : undefined;
}

/** The fields `ApiObjectMetadataDefinition.toJson()` renders. */
interface MetadataFields {
  readonly _additionalAttributes: unknown;
  readonly name?: unknown;
  readonly namespace?: unknown;
  readonly labels: unknown;
  readonly annotations: unknown;
  readonly finalizers: unknown;
  readonly ownerReferences: unknown;
}

/** What cdk8s's sanitizing leaves of plain JSON: no null or undefined, no empty list or map, keys sorted. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.length === 0 ? undefined : value.map(withoutEmpty);
  }
  if (!isPlainObject(value)) {
    return value ?? undefined;
  }
  const result: { [key: string]: unknown } = {};
  for (const key of Object.keys(value).sort()) {
    const item = withoutEmpty(value[key]);
    if (item !== undefined && item !== null) {
      result[key] = item;
    }
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

function hasDefaultResolvers(object: ApiObject): boolean {
  const resolvers = App.of(object).resolvers;
  return resolvers.length === DEFAULT_RESOLVERS.length && resolvers.every((resolver, i) => resolver.constructor === DEFAULT_RESOLVERS[i]);
}

/** The paths of the Lazy values in `manifest`, or `undefined` if it holds anything else but JSON. */
function lazyPathsOf(manifest: Manifest): string[][] | undefined {
  const paths: string[][] = [];
  // One path, grown and shrunk as the walk goes: copied only where a Lazy sits.
  const path: string[] = [];
  const visit = (value: unknown): boolean => {
    if (value instanceof Lazy) {
      paths.push([...path]);
      return true;
    }
    if (typeof value !== 'object' || value === null) {
      return isJsonScalar(value);
    }
    if (!Array.isArray(value) && value.constructor !== Object) {
      return false;
    }
    for (const key of Object.keys(value)) {
      path.push(key);
      const plain = visit((value as { [key: string]: unknown })[key]);
      path.pop();
      if (!plain) {
        return false;
      }
    }
    return true;
  };
  return visit(manifest) ? paths : undefined;
}

/**
 * Plain JSON without null: what cdk8s's resolve-and-sanitize passes through unchanged; with
 * `orAbsent`, null and undefined may stand for a value too (sanitizing drops them).
 */
function isPlainJson(value: unknown, orAbsent = false): boolean {
  if (Array.isArray(value)) {
    return value.every((item) => isPlainJson(item, orAbsent));
  }
  if (isPlainObject(value)) {
    return Object.values(value).every((item) => isPlainJson(item, orAbsent));
  }
  return isJsonScalar(value) || (orAbsent && (value === undefined || value === null));
}

function isJsonScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && value.constructor === Object;
}

function valueAtPath(tree: unknown, path: readonly string[]): unknown {
  return path.reduce((node: any, key) => node[key], tree);
}

/** A copy of `tree` with `value` at `path`, copying only the maps and lists on the way. */
function withValueAt(tree: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) {
    return value;
  }
  const [key, ...rest] = path;
  const copy: any = Array.isArray(tree) ? [...tree] : { ...(tree as object) };
  copy[key] = withValueAt(copy[key], rest, value);
  return copy;
}
