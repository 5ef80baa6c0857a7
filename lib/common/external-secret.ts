import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { externalSecretBinding } from './crd-bindings';
import { checkPositiveDuration, formatGoDuration } from './go-duration';
import { checkDnsSubdomain } from './kubernetes-formats';
import { describeObject, Manifest } from './manifest-view';
import { Problem } from './problems';
import type { ExternalSecret } from '../../imports/externalsecrets-external-secrets.io';

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

/** A value to read from an External Secrets store into a Secret the construct renders. */
export interface SecretFromStoreOptions {
  /** The store holding the value (a SecretStore in the server's namespace, or a ClusterSecretStore). */
  readonly store: SecretStoreReference;
  /** The value's name in the store. */
  readonly remoteKey: string;
  /**
   * A property inside the remote value, for stores that hold JSON objects.
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * How often External Secrets re-reads the value. The servers read it at start: restart them
   * after rotating it.
   * @default - External Secrets' default (1h)
   */
  readonly refreshInterval?: Duration;
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
  const { ExternalSecret, ExternalSecretSpecSecretStoreRefKind } = externalSecretBinding();
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

/** Problems with reading a value from a store. */
export function checkSecretFromStore(setting: string, options: SecretFromStoreOptions): Problem[] {
  const problems: Array<Problem | undefined> = [
    checkDnsSubdomain(`${setting} store name`, options.store.name, 'vault'),
    options.remoteKey.trim() === '' ? { setting: `${setting} remoteKey`, rule: 'must not be empty', found: options.remoteKey, fix: 'name the value in the store' } : undefined,
    options.refreshInterval === undefined ? undefined : checkPositiveDuration(`${setting} refreshInterval`, options.refreshInterval),
  ];
  return problems.filter((p): p is Problem => p !== undefined);
}

/**
 * What the CRD requires of an ExternalSecret a patch may have changed: each data item names its
 * `secretKey` and `remoteRef.key`, and the Secret it writes (`spec.target.name`) has a name the
 * API server accepts. Otherwise the API server refuses the ExternalSecret.
 */
export function checkExternalSecretSpec(externalSecret: Manifest): Problem[] {
  const target = externalSecret.spec?.target?.name;
  const targetProblem = typeof target === 'string'
    ? checkDnsSubdomain(`${describeObject(externalSecret)} spec.target.name`, target, 'app-config')
    : undefined;
  return [...(targetProblem ? [{ ...targetProblem, fix: 'remove the patch that changes the target, or name a Secret such as "app-config"' }] : []), ...checkExternalSecretData(externalSecret)];
}

function checkExternalSecretData(externalSecret: Manifest): Problem[] {
  const data: unknown[] = Array.isArray(externalSecret.spec?.data) ? externalSecret.spec.data : [];
  return data.flatMap((item, index) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Manifest;
    const missing = [
      typeof entry.secretKey === 'string' ? undefined : 'secretKey',
      typeof entry.remoteRef?.key === 'string' ? undefined : 'remoteRef.key',
    ].filter((field): field is string => field !== undefined);
    return missing.length === 0 ? [] : [{
      setting: `${describeObject(externalSecret)} spec.data[${index}]`,
      rule: 'must name the Secret key it writes and the remote key it reads (secretKey, remoteRef.key): the CRD requires both',
      found: { missing },
      fix: 'remove the patch that changes the item',
    }];
  });
}
