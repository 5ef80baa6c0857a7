import { describeObject, Manifest } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { configValue, ServerCheckContext } from '../../common/server-check-context';
import { PikaEffectiveConfig } from '../effective-config';
import { CONFIG_FILE_KEY } from '../pod-layout';

/** The final objects of one PikaCluster, and what the checks derive from them. */
export interface PikaCheckContext extends ServerCheckContext {
  readonly service: Manifest;
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
  /** What Pika will use from pika.yaml: port, scheme, base path. */
  readonly effective: PikaEffectiveConfig;
}

/** The way messages name a key of the rendered pika.yaml. */
export function configSetting(context: PikaCheckContext, path: string): string {
  return `${describeObject(context.configMap)} ${CONFIG_FILE_KEY} ${path}`;
}

/**
 * A port key of pika.yaml (`server.port`, `cluster.port`) that holds no port: only the raw config
 * can write one, as the props are checked.
 */
export function configPortProblem(context: PikaCheckContext, path: string): Problem {
  return {
    setting: configSetting(context, path),
    rule: 'must be a port number from 1 to 65535',
    found: configValue(context, path),
    fix: `remove ${path} from the raw config; set the ${path} prop`,
  };
}

export { configValue };
