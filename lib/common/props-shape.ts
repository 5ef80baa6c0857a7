import * as fs from 'fs';
import * as path from 'path';
import type { Duration } from 'cdk8s';
import { Problem } from './problems';

// TypeScript checks a caller's props at compile time and the jsii bindings check Python, Go and
// Java callers, but a JavaScript caller (or TypeScript through `any`) reaches the constructors
// with whatever it has: a number where a Duration belongs, a string for a class, a misspelt key.
// Before anything reads the props, they are held against the package's own type information (the
// jsii assembly it ships), so every such mistake is reported by name instead of surfacing as a
// TypeError deep inside, or being silently ignored.

/** A type reference as the jsii assembly writes it. */
export interface TypeReference {
  readonly primitive?: 'string' | 'number' | 'boolean' | 'any' | 'json' | 'date';
  readonly fqn?: string;
  readonly collection?: { readonly kind: 'array' | 'map'; readonly elementtype: TypeReference };
  readonly union?: { readonly types: TypeReference[] };
}

interface AssemblyProperty {
  readonly name: string;
  readonly type: TypeReference;
  readonly optional?: boolean;
}

/** A method's parameter as the jsii assembly writes it. */
export interface AssemblyParameter {
  readonly name: string;
  readonly type: TypeReference;
  readonly optional?: boolean;
  readonly variadic?: boolean;
}

interface AssemblyType {
  readonly kind: 'class' | 'interface' | 'enum';
  readonly name: string;
  readonly datatype?: boolean;
  readonly interfaces?: string[];
  readonly properties?: AssemblyProperty[];
  readonly methods?: Array<{ readonly name: string; readonly static?: boolean; readonly parameters?: AssemblyParameter[] }>;
}

export const PACKAGE = 'cdk8s-pika-piko';

/**
 * Set on the instance an option class's factory returns when its arguments are wrong (see
 * factory-arguments.ts): the problems, reported by the construct the instance is passed to.
 */
export const REFUSED_ARGUMENTS = Symbol.for('cdk8s-pika-piko.refusedArguments');

/** How to make the other packages' classes that props take, for the fix of a message. */
const FACTORY_EXAMPLES: { [fqn: string]: string } = {
  'cdk8s.Duration': 'Duration.seconds(30), Duration.minutes(2) or another Duration factory',
  'cdk8s.Size': 'Size.gibibytes(10), Size.mebibytes(512) or another Size factory',
  'cdk8s-plus-28.EnvValue': 'EnvValue.fromValue("..."), EnvValue.fromSecretValue(...) or another EnvValue factory',
  'cdk8s-plus-28.Cpu': 'Cpu.millis(500), Cpu.units(1) or another Cpu factory',
  'cdk8s-plus-28.StatefulSetUpdateStrategy': 'StatefulSetUpdateStrategy.rollingUpdate() or StatefulSetUpdateStrategy.onDelete()',
};

/**
 * The structs of other packages that props take, written as the assembly writes this package's
 * own: a misspelt key inside them (`resources: { cpus: ... }`) would otherwise be dropped unseen.
 */
const OTHER_STRUCTS: { [fqn: string]: AssemblyType } = {
  'cdk8s-plus-28.ContainerResources': otherStruct('ContainerResources', {
    cpu: 'cdk8s-plus-28.CpuResources', memory: 'cdk8s-plus-28.MemoryResources', ephemeralStorage: 'cdk8s-plus-28.EphemeralStorageResources',
  }),
  'cdk8s-plus-28.CpuResources': otherStruct('CpuResources', { request: 'cdk8s-plus-28.Cpu', limit: 'cdk8s-plus-28.Cpu' }),
  'cdk8s-plus-28.MemoryResources': otherStruct('MemoryResources', { request: 'cdk8s.Size', limit: 'cdk8s.Size' }),
  'cdk8s-plus-28.EphemeralStorageResources': otherStruct('EphemeralStorageResources', { request: 'cdk8s.Size', limit: 'cdk8s.Size' }),
};

function otherStruct(name: string, fields: { [field: string]: string }): AssemblyType {
  return {
    kind: 'interface',
    name,
    datatype: true,
    properties: Object.entries(fields).map(([field, fqn]) => ({ name: field, type: { fqn }, optional: true })),
  };
}

let assemblyTypes: { [fqn: string]: AssemblyType } | undefined;

/** The types of the shipped assembly (`.jsii` at the package root), read on first use. */
function types(): { [fqn: string]: AssemblyType } {
  if (assemblyTypes === undefined) {
    // Compiled, this file sits in build/lib/common; run from source (the tests), in lib/common.
    const candidates = [path.join(__dirname, '..', '..', '..', '.jsii'), path.join(__dirname, '..', '..', '.jsii')];
    // Parsed once: the assembly is a third of a megabyte.
    let assembly: { name?: string; types: { [fqn: string]: AssemblyType } } | undefined;
    for (const candidate of candidates.filter((file) => fs.existsSync(file))) {
      const parsed = JSON.parse(fs.readFileSync(candidate, 'utf8'));
      if (parsed.name === PACKAGE) {
        assembly = parsed;
        break;
      }
    }
    if (assembly === undefined) {
      throw new Error(`${PACKAGE}: the package's .jsii assembly is missing; build the package (npm run build)`);
    }
    assemblyTypes = assembly.types;
  }
  return assemblyTypes!;
}

/** The runtime value (class or enum object) behind a type name, or undefined for an interface. */
function runtimeValue(fqn: string): any {
  const [module, ...names] = fqn.split('.');
  // Resolved at check time: the package's index is fully loaded by then.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  let value: any = module === PACKAGE ? require('../index') : require(module);
  for (const name of names) {
    value = value?.[name];
  }
  return value;
}

/** The parameters of a method of one of this package's classes, or undefined for an unknown one. */
export function methodParameters(className: string, methodName: string): AssemblyParameter[] | undefined {
  const method = types()[`${PACKAGE}.${className}`]?.methods?.find((m) => m.name === methodName);
  return method === undefined ? undefined : method.parameters ?? [];
}

/** Every problem with `value` against a type reference of the assembly (a method parameter's). */
export function checkTypedValue(type: TypeReference, value: unknown, setting: string): Problem[] {
  return checkValue(type, value, setting);
}

/** Every problem with the shape of `value` against the struct `structFqn`. */
export function checkPropsShape(structFqn: string, value: unknown, setting: string = 'props'): Problem[] {
  if (value === undefined) {
    return [];
  }
  return checkValue({ fqn: structFqn }, value, setting);
}

function checkValue(type: TypeReference, value: unknown, setting: string): Problem[] {
  if (value === null) {
    return [{ setting, rule: 'must not be null', found: null, fix: 'leave it out for the default' }];
  }
  if (type.primitive !== undefined) {
    return checkPrimitive(type.primitive, value, setting);
  }
  if (type.collection !== undefined) {
    return checkCollection(type.collection, value, setting);
  }
  if (type.union !== undefined) {
    const fits = type.union.types.some((member) => checkValue(member, value, setting).length === 0);
    return fits ? [] : [{ setting, rule: `must be one of: ${type.union.types.map(describeType).join(', ')}`, found: describeFound(value), fix: 'pass one of those' }];
  }
  return checkNamed(type.fqn!, value, setting);
}

function checkPrimitive(primitive: string, value: unknown, setting: string): Problem[] {
  switch (primitive) {
    case 'string':
      return typeof value === 'string' ? [] : [{ setting, rule: 'must be a string', found: describeFound(value), fix: 'pass a string' }];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [{ setting, rule: 'must be true or false', found: describeFound(value), fix: 'pass a boolean, not a string' }];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? []
        : [{ setting, rule: 'must be a finite number', found: describeFound(value), fix: typeof value === 'string' ? 'pass a number, not a string' : 'pass a finite number' }];
    default:
      return [];
  }
}

function checkCollection(collection: NonNullable<TypeReference['collection']>, value: unknown, setting: string): Problem[] {
  const element = collection.elementtype.primitive;
  if (collection.kind === 'map' && (element === 'any' || element === 'json')) {
    return []; // free-form (raw config): the construct's own rules say what it must hold
  }
  if (collection.kind === 'array') {
    if (!Array.isArray(value)) {
      return [{ setting, rule: `must be a list of ${describeType(collection.elementtype)}`, found: describeFound(value), fix: 'pass a list (an array), even for one item' }];
    }
    return value.flatMap((item, i) => checkValue(collection.elementtype, item, `${setting}[${i}]`));
  }
  if (!isPlainObject(value)) {
    return [{ setting, rule: `must be a map of ${describeType(collection.elementtype)}`, found: describeFound(value), fix: 'pass an object whose keys are the names' }];
  }
  return Object.entries(value).flatMap(([key, item]) => checkValue(collection.elementtype, item, `${setting}.${key}`));
}

function checkNamed(fqn: string, value: unknown, setting: string): Problem[] {
  const own = types()[fqn] ?? OTHER_STRUCTS[fqn];
  if (own?.kind === 'interface' && own.datatype) {
    return checkStruct(fqn, own, value, setting);
  }
  const runtime = runtimeValue(fqn);
  if (typeof runtime === 'function') {
    if (!(value instanceof runtime)) {
      return [{ setting, rule: `must be ${withArticle(shortName(fqn))}`, found: describeFound(value), fix: classFix(fqn, own) }];
    }
    const refused: Problem[] | undefined = (value as any)[REFUSED_ARGUMENTS];
    if (refused !== undefined) {
      return refused.map((problem) => ({ ...problem, setting: `${setting}: ${problem.setting}` }));
    }
    return fqn === 'cdk8s.Duration' ? checkFiniteDuration(value as Duration, setting) : [];
  }
  if (runtime !== undefined && typeof runtime === 'object') {
    const values = Object.values(runtime);
    if (values.includes(value)) {
      return [];
    }
    return [{
      setting,
      rule: `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
      found: describeFound(value),
      fix: `use ${Object.keys(runtime).map((member) => `${shortName(fqn)}.${member}`).join(' or ')}`,
    }];
  }
  // A struct of another package: its fields are that package's to check.
  return isPlainObject(value) ? [] : [{ setting, rule: `must be ${withArticle(shortName(fqn))} (an object)`, found: describeFound(value), fix: 'pass an object with its fields' }];
}

/** A Duration of infinite or undefined length, which cdk8s cannot convert to any unit. */
function checkFiniteDuration(duration: Duration, setting: string): Problem[] {
  const millis = duration.toMilliseconds({ integral: false });
  return Number.isFinite(millis) ? [] : [{ setting, rule: 'must be a finite duration', found: `${millis}ms`, fix: 'use e.g. Duration.seconds(30)' }];
}

function checkStruct(fqn: string, struct: AssemblyType, value: unknown, setting: string): Problem[] {
  if (!isPlainObject(value)) {
    return [{ setting, rule: `must be ${withArticle(shortName(fqn))} (an object)`, found: describeFound(value), fix: 'pass an object with its fields' }];
  }
  const properties = structProperties(struct);
  const problems: Problem[] = [];
  for (const [key, item] of Object.entries(value)) {
    const property = properties.get(key);
    const keySetting = setting === 'props' ? key : `${setting}.${key}`;
    if (property === undefined) {
      if (item !== undefined) {
        problems.push(unknownKey(fqn, [...properties.keys()], key, keySetting, item));
      }
    } else if (item !== undefined) {
      // An optional setting given as undefined is left out, as TypeScript allows; a required
      // one is reported below.
      problems.push(...checkValue(property.type, item, keySetting));
    }
  }
  for (const property of properties.values()) {
    if (!property.optional && value[property.name] === undefined) {
      const required = setting === 'props' ? property.name : `${setting}.${property.name}`;
      problems.push({ setting: required, rule: 'is required', found: undefined, fix: `set it to ${withArticle(describeType(property.type))}` });
    }
  }
  return problems;
}

/** A struct's properties, its base interfaces' included. */
function structProperties(struct: AssemblyType): Map<string, AssemblyProperty> {
  const properties = new Map<string, AssemblyProperty>();
  for (const base of struct.interfaces ?? []) {
    const baseType = types()[base];
    if (baseType !== undefined) {
      structProperties(baseType).forEach((property, name) => properties.set(name, property));
    }
  }
  (struct.properties ?? []).forEach((property) => properties.set(property.name, property));
  return properties;
}

function unknownKey(fqn: string, known: string[], key: string, setting: string, item: unknown): Problem {
  const suggestion = closest(key, known);
  return {
    setting,
    rule: `is not a setting of ${shortName(fqn)}`,
    found: describeFound(item),
    fix: suggestion === undefined ? `remove it; the settings are ${known.join(', ')}` : `did you mean ${suggestion}?`,
  };
}

/** The known name a misspelt one most likely meant: same letters but case and separators, or at most 2 edits. */
function closest(key: string, known: string[]): string | undefined {
  // Case and separators aside: `storageclassname`, or a Python caller's `storage_class_name`.
  const loose = (name: string) => name.toLowerCase().replace(/[_-]/g, '');
  const sameCase = known.find((name) => loose(name) === loose(key));
  if (sameCase !== undefined) {
    return sameCase;
  }
  const scored = known.map((name) => ({ name, distance: editDistance(key.toLowerCase(), name.toLowerCase()) }))
    .filter((candidate) => candidate.distance <= 2)
    .sort((a, b) => a.distance - b.distance);
  return scored[0]?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function classFix(fqn: string, own: AssemblyType | undefined): string {
  const name = shortName(fqn);
  const factories = (own?.methods ?? []).filter((m) => m.static).map((m) => `${name}.${m.name}()`);
  if (factories.length > 0) {
    return `create it with ${factories.join(', ')}`;
  }
  if (FACTORY_EXAMPLES[fqn] !== undefined) {
    return `use ${FACTORY_EXAMPLES[fqn]}`;
  }
  if (fqn.startsWith(`${PACKAGE}.`)) {
    return `pass the ${name} construct itself (new ${name}(...))`;
  }
  return `pass ${withArticle(name)} from ${fqn.split('.')[0]}, e.g. from one of its static methods`;
}

function describeType(type: TypeReference): string {
  if (type.primitive !== undefined) {
    return type.primitive;
  }
  if (type.collection !== undefined) {
    return `${type.collection.kind === 'array' ? 'list' : 'map'} of ${describeType(type.collection.elementtype)}`;
  }
  if (type.union !== undefined) {
    return type.union.types.map(describeType).join(' or ');
  }
  return shortName(type.fqn!);
}

function withArticle(name: string): string {
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

function shortName(fqn: string): string {
  return fqn.split('.').slice(1).join('.');
}

/** What was found, for the message: the value itself, or the kind of object it is. */
function describeFound(value: unknown): unknown {
  if (typeof value === 'function') {
    return `a function ${value.name}`;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlainObject(value)) {
    return `an instance of ${value.constructor?.name ?? 'an unknown class'}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return String(value);
  }
  return value;
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
