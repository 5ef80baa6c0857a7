import { ConfigTree, valueAt } from '../../common/config-document';
import { describeObject, Manifest } from '../../common/manifest-view';
import { PikoEffectiveConfig } from '../effective-config';
import { CONFIG_FILE_KEY, Listener } from '../pod-layout';

/** The final objects of one PikoCluster, and what the checks derive from them. */
export interface PikoCheckContext {
  readonly statefulSet: Manifest;
  readonly configMap: Manifest;
  readonly headlessService: Manifest;
  readonly proxyService: Manifest;
  readonly upstreamService: Manifest;
  readonly disruptionBudget?: Manifest;
  /** The cert-manager Certificates the construct renders, by listener. */
  readonly certificates: { readonly [listener in Listener]?: Manifest };
  /** The `piko` container, if a patch has not removed it. */
  readonly container?: Manifest;
  /** server.yaml as parsed from the final ConfigMap; `{}` when it is missing or not YAML. */
  readonly config: ConfigTree;
  /** What the node will use: ports, TLS and auth from that file and the container's args. */
  readonly effective: PikoEffectiveConfig;
  /** The cluster DNS domain, which no object records. */
  readonly clusterDomain: string;
}

/** The way messages name a key of the rendered server.yaml. */
export function configSetting(context: PikoCheckContext, path: string): string {
  return `${describeObject(context.configMap)} ${CONFIG_FILE_KEY} ${path}`;
}

export function configValue(context: PikoCheckContext, path: string): unknown {
  return valueAt(context.config, path);
}

/** Kubernetes runs one pod when spec.replicas is absent. */
export function replicasOf(context: PikoCheckContext): number {
  const value = context.statefulSet.spec?.replicas;
  return typeof value === 'number' ? value : 1;
}

/** The container's string args (a patch may have added others, which checkConfigLoading reports). */
export function argsOf(context: PikoCheckContext): string[] {
  const args = context.container?.args;
  return Array.isArray(args) ? args.filter((arg): arg is string => typeof arg === 'string') : [];
}
