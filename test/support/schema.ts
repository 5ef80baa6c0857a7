import { crdSchemaErrors, hasCrdSchema } from './crd-schema';
import { Manifest } from './synth';

// Validates synthesized objects: built-in kinds against the Kubernetes 1.33 OpenAPI schema bundled
// with kubernetes-models (wrong types, bad enum values, missing required fields), custom resources
// against the schema of their pinned CRD.

const MODULES: { [apiVersion: string]: string } = {
  'v1': 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'rbac.authorization.k8s.io/v1': 'kubernetes-models/rbac.authorization.k8s.io/v1',
};

/** Schema errors of one object, as `Kind/name: message`; empty when it is valid. */
export function schemaErrors(object: Manifest): string[] {
  const modulePath = MODULES[object.apiVersion];
  if (modulePath === undefined && hasCrdSchema(object)) {
    return crdSchemaErrors(object);
  }
  if (modulePath === undefined) {
    return [`${object.kind}/${object.metadata?.name}: no kubernetes-models module or pinned CRD for apiVersion ${object.apiVersion}`];
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is chosen by apiVersion
  const Model = require(modulePath)[object.kind];
  if (Model === undefined) {
    return [`${object.kind}/${object.metadata?.name}: no model for kind ${object.kind} in ${modulePath}`];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${object.kind}/${object.metadata?.name}: ${(error as Error).message}`];
  }
}
