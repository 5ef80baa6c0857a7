import { ConfigTree, valueAt } from '../../common/config-document';
import { describeObject, Manifest } from '../../common/manifest-view';
import { PikaEffectiveConfig } from '../effective-config';
import { CONFIG_FILE_KEY } from '../pod-layout';

/** The final objects of one PikaCluster, and what the checks derive from them. */
export interface PikaCheckContext {
  readonly statefulSet: Manifest;
  readonly configMap: Manifest;
  readonly headlessService: Manifest;
  readonly service: Manifest;
  readonly disruptionBudget?: Manifest;
  /** The Secret the construct renders for a literal security key. */
  readonly keySecret?: Manifest;
  /** The ExternalSecret the construct renders for a security key from a store. */
  readonly keyExternalSecret?: Manifest;
  /** The cert-manager Certificate the construct renders for the HTTP listener. */
  readonly certificate?: Manifest;
  /** The ExternalSecret the construct renders for the encryption passphrase. */
  readonly passphraseExternalSecret?: Manifest;
  /** What the encryption prop asked for. */
  readonly encryption: { readonly autoUnlock: boolean; readonly readinessGate: boolean };
  /** The `pika` container, if a patch has not removed it. */
  readonly container?: Manifest;
  /** pika.yaml as parsed from the final ConfigMap; `{}` when it is missing or not YAML. */
  readonly config: ConfigTree;
  /** What Pika will use from that file: port, scheme, base path. */
  readonly effective: PikaEffectiveConfig;
  /** The cluster DNS domain, which no object records. */
  readonly clusterDomain: string;
}

/** The way messages name a key of the rendered pika.yaml. */
export function configSetting(context: PikaCheckContext, path: string): string {
  return `${describeObject(context.configMap)} ${CONFIG_FILE_KEY} ${path}`;
}

export function configValue(context: PikaCheckContext, path: string): unknown {
  return valueAt(context.config, path);
}
