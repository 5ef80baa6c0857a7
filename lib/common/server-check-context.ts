import { ConfigTree, valueAt } from './config-document';
import { Manifest } from './manifest-view';

/**
 * What the server rules of every cluster read: its final objects, its server container and its
 * config file as parsed from the final ConfigMap. Each server's context adds its own objects.
 */
export interface ServerCheckContext {
  readonly statefulSet: Manifest;
  readonly configMap: Manifest;
  readonly headlessService: Manifest;
  readonly disruptionBudget?: Manifest;
  /** The server container, if a patch has not removed it. */
  readonly container?: Manifest;
  /** The config file as parsed from the final ConfigMap; `{}` when it is missing or not YAML. */
  readonly config: ConfigTree;
  /** The cluster DNS domain, which no object records. */
  readonly clusterDomain: string;
}

/** The value at a dotted path of the config file, as the checks read it. */
export function configValue(context: ServerCheckContext, path: string): unknown {
  return valueAt(context.config, path);
}
