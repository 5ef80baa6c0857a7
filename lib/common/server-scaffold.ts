import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { recommendedLabels } from './labels';
import { manifestObject } from './manifest-object';
import { namespaceObjectFor } from './namespaces';
import { ObjectMetadataSpec } from './object-metadata';
import { WorkloadSettings } from './workload-settings';

/** What identifies a server's objects, besides the common settings. */
export interface ScaffoldSpec {
  readonly selectorLabels: { [key: string]: string };
  /** The `app.kubernetes.io/instance` label. */
  readonly instance: string;
  /** The `app.kubernetes.io/component` label. */
  readonly component: string;
  /** The config file's key in the ConfigMap, and its rendered text. */
  readonly configFileKey: string;
  readonly configText: string;
}

/** The objects every clustered server starts from, and how its other objects are labelled. */
export interface ServerScaffold {
  /** Selector labels plus the recommended labels; for every object and the pods. */
  readonly labels: { [key: string]: string };
  readonly namespaceObject?: ApiObject;
  readonly serviceAccount: ApiObject;
  readonly configMap: ApiObject;
}

/** Metadata of a namespaced object of the server: its name, the namespace and the labels. */
export function objectMetadata(settings: WorkloadSettings, scaffold: ServerScaffold, name: string): ObjectMetadataSpec {
  return { name, namespace: settings.namespace, labels: scaffold.labels };
}

/**
 * The Namespace (unless told not to, or another cluster of the app made it already), a
 * ServiceAccount without a token, and the ConfigMap with the server's config file, all named
 * after the server. Child ids are part of the API.
 */
export function buildServerScaffold(scope: Construct, settings: WorkloadSettings, spec: ScaffoldSpec): ServerScaffold {
  const labels = { ...spec.selectorLabels, ...recommendedLabels(spec.instance, settings.image, spec.component) };
  const metadata = { name: settings.name, namespace: settings.namespace, labels };
  return {
    labels,
    namespaceObject: settings.createNamespace ? namespaceObjectFor(scope, settings.namespace) : undefined,
    serviceAccount: manifestObject(scope, 'ServiceAccount', k8s.KubeServiceAccount.GVK, k8s.toJson_KubeServiceAccountProps, {
      metadata,
      automountServiceAccountToken: settings.automountServiceAccountToken,
    }),
    configMap: manifestObject(scope, 'Config', k8s.KubeConfigMap.GVK, k8s.toJson_KubeConfigMapProps, { metadata, data: { [spec.configFileKey]: spec.configText } }),
  };
}
