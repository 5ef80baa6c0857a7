import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ExternalSecret, ExternalSecretSpecSecretStoreRefKind } from '../../imports/externalsecrets-external-secrets.io';
import { formatGoDuration } from './go-duration';
import { describeObject, Manifest } from './manifest-view';
import { Problem } from './problems';

/** The kind of External Secrets store an ExternalSecret reads from. */
export enum SecretStoreKind {
  /** A store in the ExternalSecret's own namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide store. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** An existing External Secrets store. */
export interface SecretStoreReference {
  /** Name of the store. */
  readonly name: string;
  /**
   * SecretStore (same namespace) or ClusterSecretStore.
   * @default SecretStoreKind.SECRET_STORE
   */
  readonly kind?: SecretStoreKind;
}

/** One key of the Secret an ExternalSecret writes, and where its value comes from. */
export interface ExternalSecretEntry {
  readonly secretKey: string;
  readonly remoteKey: string;
  readonly property?: string;
}

export interface ExternalSecretSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly store: SecretStoreReference;
  /** Name of the Secret the ExternalSecret creates and owns. */
  readonly targetName: string;
  readonly targetType?: string;
  readonly refreshInterval?: Duration;
  readonly data: ExternalSecretEntry[];
}

/** An ExternalSecret that creates and owns a Secret filled from a store. */
export function buildExternalSecret(scope: Construct, id: string, spec: ExternalSecretSpec): ExternalSecret {
  return new ExternalSecret(scope, id, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      refreshInterval: spec.refreshInterval === undefined ? undefined : formatGoDuration(spec.refreshInterval),
      secretStoreRef: {
        name: spec.store.name,
        kind: spec.store.kind === SecretStoreKind.CLUSTER_SECRET_STORE
          ? ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE
          : ExternalSecretSpecSecretStoreRefKind.SECRET_STORE,
      },
      target: { name: spec.targetName, template: spec.targetType === undefined ? undefined : { type: spec.targetType } },
      data: spec.data.map((entry) => ({ secretKey: entry.secretKey, remoteRef: { key: entry.remoteKey, property: entry.property } })),
    },
  });
}

/** The ExternalSecret must write the Secret and key a consumer reads. */
export function checkExternalSecretFeeds(externalSecret: Manifest, secretName: string, key: string, consumer: string): Problem[] {
  const target = externalSecret.spec?.target?.name ?? externalSecret.metadata?.name;
  const keys: string[] = (externalSecret.spec?.data ?? []).map((d: Manifest) => d.secretKey);
  if (target === secretName && keys.includes(key)) {
    return [];
  }
  return [{
    setting: `${describeObject(externalSecret)} spec.target`,
    rule: `must write key "${key}" of Secret "${secretName}", which ${consumer} reads`,
    found: { target, keys },
    fix: 'remove the patch that changes the ExternalSecret',
  }];
}
