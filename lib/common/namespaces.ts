import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { manifestObject } from './manifest-object';

/** Namespaces Kubernetes makes and owns: a rendered one would be deleted by a GitOps prune. */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Pod Security admission for a namespace the library renders: every pod the constructs make
 * meets the `restricted` profile, so the namespace enforces it.
 */
export const POD_SECURITY_LABELS: { readonly [key: string]: string } = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

// Several clusters of one app often share a namespace; each app gets one Namespace object per
// namespace, made by the first cluster that lives there.
const namespacesByApp = new WeakMap<IConstruct, Map<string, ApiObject>>();

/**
 * The Namespace object of `namespace` for a cluster construct: the app's existing one, a new one
 * (child `Namespace` of `scope`) for the first cluster there, or none for Kubernetes' own
 * namespaces.
 */
export function namespaceObjectFor(scope: Construct, namespace: string): ApiObject | undefined {
  if (SYSTEM_NAMESPACES.includes(namespace)) {
    return undefined;
  }
  const app = scope.node.root;
  const namespaces = namespacesByApp.get(app) ?? new Map<string, ApiObject>();
  namespacesByApp.set(app, namespaces);
  const existing = namespaces.get(namespace);
  if (existing !== undefined) {
    return existing;
  }
  const created = manifestObject(scope, 'Namespace', k8s.KubeNamespace.GVK, k8s.toJson_KubeNamespaceProps, { metadata: { name: namespace, labels: { ...POD_SECURITY_LABELS } } });
  // A chart's namespace lands on every object in it; a Namespace is cluster-scoped and must not
  // carry one (kustomize and server-side apply refuse it).
  if (Chart.of(scope).namespace !== undefined) {
    created.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  namespaces.set(namespace, created);
  return created;
}
