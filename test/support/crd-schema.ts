import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import * as YAML from 'yaml';
import { Manifest } from './synth';

// Validates custom resources against the OpenAPI schema of their pinned CRD (crds/*.yaml).
// The API server prunes fields a CRD schema does not declare, silently; here an undeclared field
// is an error instead, so a misspelled field cannot vanish from a synthesized resource.

const CRD_DIR = path.resolve(__dirname, '..', '..', 'crds');

/** Closes every object schema that lists its properties, unless it keeps unknown fields. */
function closeObjects(schema: any): any {
  if (Array.isArray(schema)) {
    return schema.map(closeObjects);
  }
  if (typeof schema !== 'object' || schema === null) {
    return schema;
  }
  const closed: any = {};
  for (const [key, value] of Object.entries(schema)) {
    closed[key] = key === 'properties'
      ? Object.fromEntries(Object.entries(value as object).map(([name, child]) => [name, closeObjects(child)]))
      : closeObjects(value);
  }
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    closed.additionalProperties = false;
  }
  return closed;
}

function loadValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validators = new Map<string, ValidateFunction>();
  for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    const crd = YAML.parse(fs.readFileSync(path.join(CRD_DIR, file), 'utf8'));
    for (const version of crd.spec.versions) {
      if (version.served && version.schema?.openAPIV3Schema) {
        const key = `${crd.spec.group}/${version.name} ${crd.spec.names.kind}`;
        validators.set(key, ajv.compile(closeObjects(version.schema.openAPIV3Schema)));
      }
    }
  }
  return validators;
}

let validators: Map<string, ValidateFunction> | undefined;

/** Whether a pinned CRD serves this apiVersion and kind. */
export function hasCrdSchema(object: Manifest): boolean {
  validators ??= loadValidators();
  return validators.has(`${object.apiVersion} ${object.kind}`);
}

/** Schema errors of a custom resource, as `Kind/name: path message`; empty when it is valid. */
export function crdSchemaErrors(object: Manifest): string[] {
  validators ??= loadValidators();
  const name = `${object.kind}/${object.metadata?.name}`;
  const validate = validators.get(`${object.apiVersion} ${object.kind}`);
  if (validate === undefined) {
    return [`${name}: no pinned CRD serves ${object.apiVersion} ${object.kind}`];
  }
  if (validate(object)) {
    return [];
  }
  return (validate.errors ?? []).map((e) => `${name}: ${e.instancePath || '/'} ${e.message}${'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`);
}
