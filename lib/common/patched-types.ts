import { ApiObject } from 'cdk8s';
import {
  ENUMS, INT32_FIELDS, INT64_FIELDS, INT_OR_STRING, QUANTITY_MAPS, REQUIRED_FIELDS, REQUIRED_ITEM_FIELDS, STRING_MAPS,
} from './kubernetes-fields';
import { writtenCustomResource, writtenManifest } from './manifest-object';
import { describeObject, Manifest } from './manifest-view';
import { patchCount } from './object-versions';
import { Problem } from './problems';

// A JSON patch may give a field a value of another JSON type than Kubernetes stores there: a
// string for `fsGroup`, a number for `enableServiceLinks`, a string among the volume mounts. The
// API server refuses the object. The library knows the type of every field it wrote, so each such
// field of the final object is held to the type it was written with (lists to the type of their
// items), except the fields Kubernetes accepts as a number or a string (ports, budgets, resource
// quantities). Fields a patch adds are the API server's to judge. An object without a patch is
// the manifest as written, so its walk is skipped: the props checks answer for what it holds.

function withArticle(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function isJsonValue(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return value !== undefined && typeof value !== 'function';
  }
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value === 'object' ? 'object' : typeof value;
}

function accepts(key: string, parentKey: string, expected: string, found: string): boolean {
  if (expected === found) {
    return true;
  }
  const numberOrString = (t: string) => t === 'number' || t === 'string';
  return (INT_OR_STRING.has(key) || QUANTITY_MAPS.has(parentKey)) && numberOrString(expected) && numberOrString(found);
}

// Lookups by `<parent>.<key>` are made only for the keys that have one: the walk visits every
// field of every object, and building a string per field is most of its cost.
const ENUM_KEYS = new Set(Object.keys(ENUMS).map((field) => field.slice(field.lastIndexOf('.') + 1)));
const ITEM_LISTS = new Set(Object.keys(REQUIRED_ITEM_FIELDS).map((list) => list.slice(list.lastIndexOf('.') + 1)));

function enumValues(key: string, parentKey: string): readonly string[] | undefined {
  return ENUM_KEYS.has(key) ? ENUMS[`${parentKey}.${key}`] ?? ENUMS[key] : undefined;
}

function requiredItemFields(key: string, parentKey: string): readonly string[] | undefined {
  return ITEM_LISTS.has(key) ? REQUIRED_ITEM_FIELDS[`${parentKey}.${key}`] : undefined;
}

/** `spec.template.spec.containers[0].name` from its keys and list indexes. */
function pathText(path: ReadonlyArray<string | number>): string {
  let text = '';
  for (const step of path) {
    text += typeof step === 'number' ? `[${step}]` : text === '' ? step : `.${step}`;
  }
  return text;
}

/**
 * Every field of `final` whose JSON type differs from the one the library wrote it with. A custom
 * resource is held to the JSON types only: the enums, integer ranges and required fields known
 * here are Kubernetes' own, and a CRD may name a field alike with other rules (a PodMonitor's
 * `scheme` is lowercase).
 */
export function checkPatchedTypes(object: ApiObject, final: Manifest): Problem[] {
  const builtIn = writtenManifest(object);
  const written = builtIn ?? writtenCustomResource(object);
  if (written === undefined || patchCount(object) === 0) {
    return [];
  }
  const kubernetes = builtIn !== undefined;
  const problems: Problem[] = [];
  // The path of the field visited, grown and shrunk as the walk goes.
  const path: Array<string | number> = [];
  const at = (...more: Array<string | number>) => `${describeObject(final)} ${pathText([...path, ...more])}`;
  // The enums, integer widths, maps of strings and required fields of Kubernetes' own kinds.
  const checkKubernetesField = (found: unknown, foundType: string, key: string, parentKey: string) => {
    const allowed = enumValues(key, parentKey);
    if (allowed !== undefined && typeof found === 'string' && !allowed.includes(found)) {
      problems.push({
        setting: at(),
        rule: `must be one of ${allowed.join(', ')}: the API server refuses any other value`,
        found,
        fix: 'fix the patch\'s value (the values are case-sensitive)',
      });
    }
    if (typeof found === 'number' && (INT32_FIELDS.has(key) || INT64_FIELDS.has(key))) {
      const max = INT32_FIELDS.has(key) ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
      if (!Number.isInteger(found) || Math.abs(found) > max) {
        problems.push({
          setting: at(),
          rule: `must be a whole number of at most ${max}: Kubernetes stores it as a ${INT32_FIELDS.has(key) ? 32 : 64}-bit integer`,
          found,
          fix: 'fix the patch\'s value',
        });
      }
    }
    // A Service's selector is a map of labels; a workload's is an object holding one.
    if (foundType === 'object' && (STRING_MAPS.has(key) || (key === 'selector' && final.kind === 'Service'))) {
      for (const [name, value] of Object.entries(found as Manifest)) {
        if (typeof value !== 'string') {
          problems.push({ setting: at(name), rule: 'must be a string: Kubernetes stores this map\'s values as strings', found: value, fix: 'quote the value in the patch' });
        }
      }
    }
    const requiredFields = foundType === 'object' ? REQUIRED_FIELDS[key] : undefined;
    const missingFields = requiredFields === undefined ? [] : requiredFields.filter((field) => (found as Manifest)[field] === undefined);
    if (missingFields.length > 0) {
      problems.push({
        setting: at(),
        rule: 'must have the fields Kubernetes requires of it',
        found: { missing: missingFields },
        fix: 'complete the object the patch writes, or remove the patch',
      });
    }
  };
  const visit = (expected: unknown, found: unknown, key: string, parentKey: string) => {
    if (found === undefined || !isJsonValue(expected)) {
      // Removed (the rules that need the field say so), or a value cdk8s resolves at synth (a
      // lazy checksum), whose type is not known before.
      return;
    }
    const expectedType = jsonType(expected);
    const foundType = jsonType(found);
    if (!accepts(key, parentKey, expectedType, foundType)) {
      problems.push({
        setting: at(),
        rule: `must stay ${withArticle(expectedType)}, as the library wrote it: the API server refuses a value of another type there`,
        found,
        fix: 'fix the patch\'s value; a number or boolean is written without quotes',
      });
      return;
    }
    if (kubernetes) {
      checkKubernetesField(found, foundType, key, parentKey);
    }
    if (Array.isArray(expected) && Array.isArray(found)) {
      visitList(expected, found, key, parentKey);
    } else if (expectedType === 'object' && foundType === 'object') {
      for (const childKey of Object.keys(expected as Manifest)) {
        path.push(childKey);
        visit((expected as Manifest)[childKey], (found as Manifest)[childKey], childKey, key);
        path.pop();
      }
      // A list the library did not write (env of a container without variables) is still a list of objects.
      for (const childKey of Object.keys(found as Manifest)) {
        if (kubernetes && !(childKey in (expected as Manifest)) && requiredItemFields(childKey, key) !== undefined) {
          path.push(childKey);
          visit([{}], (found as Manifest)[childKey], childKey, key);
          path.pop();
        }
      }
    }
  };
  const visitList = (expected: unknown[], found: unknown[], key: string, parentKey: string) => {
    const required = kubernetes ? requiredItemFields(key, parentKey) : undefined;
    // An empty list written for one Kubernetes knows holds objects (a container's env) still takes only objects.
    const itemTypes = new Set(expected.map(jsonType));
    const itemType = itemTypes.size === 1 ? [...itemTypes][0] : required !== undefined ? 'object' : undefined;
    const firstItem = expected.length > 0 ? expected[0] : {};
    found.forEach((item, index) => {
      path.push(index);
      const missing = required !== undefined && jsonType(item) === 'object' ? required.filter((field) => (item as Manifest)[field] === undefined) : [];
      if (missing.length > 0) {
        problems.push({
          setting: at(),
          rule: 'must have the fields Kubernetes requires of an item of this list',
          found: { missing },
          fix: 'complete the item the patch writes, or remove the patch',
        });
      }
      if (index < expected.length) {
        visit(expected[index], item, key, parentKey);
      } else if (itemType !== undefined && !accepts(key, parentKey, itemType, jsonType(item))) {
        problems.push({
          setting: at(),
          rule: `must be ${withArticle(itemType)} like the list's other items: the API server refuses an item of another type`,
          found: item,
          fix: 'fix the value the patch adds to the list',
        });
      } else if (itemType !== undefined) {
        // An added item is held to the fields the list's first item was written with.
        visit(firstItem, item, key, parentKey);
      }
      path.pop();
    });
  };
  for (const key of Object.keys(written)) {
    if (key !== 'metadata' && key !== 'apiVersion' && key !== 'kind') {
      path.push(key);
      visit(written[key], final[key], key, '');
      path.pop();
    }
  }
  return problems;
}
