import { ApiObject, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';

// The library's objects hold their manifests as Kubernetes writes them. cdk8s's generated L1
// classes (`k8s.KubeService`, ...) keep their props under the TypeScript field names and convert
// them to the manifest's on every `toJson()`, after the JSON patches are applied: a patch in the
// manifest's own names (`/spec/clusterIP`) or with a plain value where the class expects a
// wrapper (`minAvailable: 2` for an IntOrString) was silently dropped by that conversion. Here
// the typed props are converted once, when the object is made, so the builders keep cdk8s's
// types while every patch applies to the manifest as written, and no serialisation pays for the
// conversion again.

/**
 * An API object of kind `gvk` whose manifest is `props` converted by cdk8s's generated
 * converter (`k8s.toJson_KubeServiceProps`, ...).
 */
export function manifestObject<P>(
  scope: Construct, id: string, gvk: GroupVersionKind, toManifest: (props: P) => Record<string, unknown> | undefined, props: P,
): ApiObject {
  const manifest = { ...gvk, ...toManifest(props) };
  const object = new ApiObject(scope, id, manifest);
  written.set(object, manifest);
  return object;
}

/** The manifests as the library wrote them, before any JSON patch (see patched-types.ts). */
const written = new WeakMap<ApiObject, Record<string, unknown>>();

/**
 * Custom resources (HTTPRoute, ServiceMonitor, SecretStore, ...) are made by the classes
 * `cdk8s import` generated, which convert their props on every `toJson()`; their manifests as
 * written, before any patch, are kept apart, for the patched-type walk only.
 */
const customResources = new WeakMap<ApiObject, Record<string, unknown>>();

/** Keeps a custom resource's manifest as the library wrote it: call before any patch can apply. */
export function recordCustomResource(object: ApiObject): void {
  customResources.set(object, object.toJson());
}

/** The manifest of a custom resource as the library wrote it (see recordCustomResource). */
export function writtenCustomResource(object: ApiObject): Readonly<Record<string, unknown>> | undefined {
  return customResources.get(object);
}

/** The manifest of an object as the library wrote it, before patches; undefined for objects it did not make. */
export function writtenManifest(object: ApiObject): Readonly<Record<string, unknown>> | undefined {
  return written.get(object);
}
