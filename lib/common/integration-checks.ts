import { ApiObject } from 'cdk8s';
import { finalJson } from './final-json';
import { checkMetadata } from './kubernetes-validity';
import { describeObject } from './manifest-view';
import { checkPatchedTypes } from './patched-types';
import { Problem } from './problems';

// An integration's objects (an Ingress, an HTTPRoute, a SecretStore, a ServiceMonitor, a sidecar's
// ConfigMap) take JSON patches like a cluster's do, and the API server refuses them for the same
// mistakes: a name or label that is not a string in Kubernetes' format, a field of another type
// than the library wrote. A patch that moves one to another namespace is accepted, but then it
// no longer finds what it refers to by name (a Service, a Secret, a SecretStore, a workload).

/** The rules every object an integration writes is held to after JSON patches. */
export function checkIntegrationObjects(objects: readonly ApiObject[], namespace: string | undefined): Problem[] {
  return objects.flatMap((object) => {
    const final = finalJson(object);
    const moved: Problem[] = final.metadata?.namespace === namespace ? [] : [{
      setting: `${describeObject(final)} metadata.namespace`,
      rule: `must stay in the namespace ${namespace === undefined ? 'of its chart' : `"${namespace}"`} its props chose: what it refers to by name is found there`,
      found: final.metadata?.namespace,
      fix: 'set the namespace through the construct\'s props, and remove the patch that moves the object',
    }];
    return [...moved, ...checkMetadata(final), ...checkPatchedTypes(object, final)];
  });
}
