import { Problem } from './problems';
import { AssemblyParameter, checkTypedValue, methodParameters, REFUSED_ARGUMENTS, TypeReference } from './props-shape';

// The option classes (PikaSecurityKey, PikoAuth, ServiceExposure, ...) are made by static
// factories. TypeScript and the jsii bindings check their arguments for typed callers; a
// JavaScript caller passes whatever it has: `PikaSecurityKey.fromLiteral(process.env.UNSET)`
// (undefined), a number for a Secret name, a string for a list. Each factory is wrapped once, where
// its class is defined, by a check of its arguments against the parameter types the jsii assembly
// records. A factory given wrong arguments does not throw: it returns an instance that carries the
// problems, and the construct it is passed to reports them with its other props' problems, under
// its own path and the prop's name (props-shape.ts), as one error.

/** Marks a class whose factories are guarded, so a test can prove every option class is. */
const GUARDED = Symbol.for('cdk8s-pika-piko.guardedFactories');

type AnyClass = Function & { readonly prototype: object; readonly name: string };

/**
 * Rules of a class's own for the arguments of some factories, run once their types are right
 * (the values they must hold: a CIDR, a namespace name). Each problem's setting names the
 * parameter; the factory's name is put before it.
 */
export type FactoryRules = { readonly [factory: string]: (...args: any[]) => Problem[] };

/**
 * Wraps every public static method of `cls` (its factories) in a check of its arguments: their
 * types, then `rules`. Call it once, right after the class.
 */
export function guardFactories(cls: AnyClass, rules: FactoryRules = {}): void {
  for (const name of Object.getOwnPropertyNames(cls)) {
    const descriptor = Object.getOwnPropertyDescriptor(cls, name)!;
    if (name.startsWith('_') || typeof descriptor.value !== 'function') {
      continue;
    }
    const factory = descriptor.value as (...args: unknown[]) => unknown;
    Object.defineProperty(cls, name, {
      ...descriptor,
      value: function guarded(this: unknown, ...args: unknown[]): unknown {
        const typed = checkMethodArguments(cls.name, name, args);
        const problems = typed.length > 0 || rules[name] === undefined ? typed
          : rules[name](...args).map((problem) => ({ ...problem, setting: `${cls.name}.${name}() ${problem.setting}` }));
        if (problems.length === 0) {
          return factory.apply(this, args);
        }
        const refused = Object.create(cls.prototype);
        Object.defineProperty(refused, REFUSED_ARGUMENTS, { value: problems });
        return refused;
      },
    });
  }
  Object.defineProperty(cls, GUARDED, { value: true });
}

/** Whether `guardFactories` wrapped the factories of `cls`. */
export function hasGuardedFactories(cls: unknown): boolean {
  return typeof cls === 'function' && (cls as any)[GUARDED] === true;
}

/**
 * Every problem with the arguments of a method of one of this package's classes, each setting
 * named `Class.method() parameter`.
 */
export function checkMethodArguments(className: string, methodName: string, args: readonly unknown[]): Problem[] {
  const parameters = methodParameters(className, methodName) ?? [];
  return parameters.flatMap((parameter, index) => checkArgument(parameter, args[index], `${className}.${methodName}() ${parameter.name}`));
}

function checkArgument(parameter: AssemblyParameter, value: unknown, setting: string): Problem[] {
  if (value === undefined) {
    return parameter.optional ? [] : [{
      setting,
      rule: 'is required',
      found: undefined,
      fix: parameter.type.primitive === 'string'
        ? 'pass a non-empty string (an unset environment variable reads as undefined: check it is set)'
        : `pass ${describeParameterType(parameter.type)}`,
    }];
  }
  const problems = checkTypedValue(parameter.type, value, setting);
  return problems.length > 0 ? problems : checkNotEmpty(parameter.type, value, setting);
}

/**
 * A string argument (a Secret name, a key, a URL, a CIDR, a header) or a string in a list argument
 * is never meaningfully empty; an empty one is most often an unset variable read as `''`.
 */
function checkNotEmpty(type: TypeReference, value: unknown, setting: string): Problem[] {
  if (type.primitive === 'string' && value === '') {
    return [{ setting, rule: 'must not be empty', found: value, fix: 'pass the value; if it comes from an environment variable, check it is set' }];
  }
  if (type.collection?.kind === 'array' && type.collection.elementtype.primitive === 'string' && Array.isArray(value)) {
    return value.flatMap((item, index) => checkNotEmpty(type.collection!.elementtype, item, `${setting}[${index}]`));
  }
  return [];
}

function describeParameterType(type: TypeReference): string {
  if (type.primitive !== undefined) {
    return `a ${type.primitive}`;
  }
  if (type.collection !== undefined) {
    return `a ${type.collection.kind === 'array' ? 'list' : 'map'}`;
  }
  return `a ${type.fqn?.split('.').slice(1).join('.') ?? 'value'}`;
}
