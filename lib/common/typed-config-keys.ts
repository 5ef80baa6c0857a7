import { ConfigTree, isPlainObject, valueAt } from './config-document';
import { Problem } from './problems';

/** A key of the config file that a typed prop renders, with the prop's name for messages. */
export interface TypedConfigKey {
  readonly prop: string;
  readonly path: string;
  /** Whether the prop must be given, so that removing it is no fix. */
  readonly required?: boolean;
}

/**
 * The keys of the typed props that were given: `[prop name, prop value, config path]` each, with
 * `'required'` after them for a prop that must always be given.
 */
export function givenConfigKeys(entries: ReadonlyArray<readonly [string, unknown, string, 'required'?]>): TypedConfigKey[] {
  return entries.filter(([, value]) => value !== undefined)
    .map(([prop, , path, required]) => (required === undefined ? { prop, path } : { prop, path, required: true }));
}

/**
 * Raw config keys that a given typed prop also renders. The raw config is merged over the
 * rendered file, so the server would read the raw value and the prop would be dropped without a
 * word; whichever of the two the user meant, one of them is a mistake.
 */
export function checkRawOverrides(rawConfig: ConfigTree, keys: readonly TypedConfigKey[], configFile: string): Problem[] {
  if (!isPlainObject(rawConfig)) {
    return [];
  }
  return keys.flatMap(({ prop, path, required }) => {
    const raw = valueAt(rawConfig, path);
    return raw === undefined ? [] : [{
      setting: `config.${path}`,
      rule: `must not be set beside the ${prop} prop, which renders the same ${configFile} key: the raw config is merged over the rendered file, so the prop would be dropped`,
      found: raw,
      fix: required
        ? `remove ${path} from config, and give its value through the ${prop} prop, which is required`
        : `set it once: keep the ${prop} prop and remove ${path} from config, or remove the prop`,
    }];
  });
}
