import { configFileLocations, lastFlagValue } from '../../common/config-mount';
import { describeObject, envNamed } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { CONFIG_FILE_KEY, CONFIG_FILE_PATH, EXPAND_ENV_FLAG, POD_NAME_ENV } from '../pod-layout';
import { argsOf, atEveryBound, configSetting, configValue, PikoCheckContext, ReplicaBound } from './context';

/** Node IDs that are new on every start, and a join target that is this cluster. */
export function checkIdentity(context: PikoCheckContext): Problem[] {
  return [...checkNodeId(context), ...checkConfigLoading(context), ...checkJoin(context)];
}

function checkNodeId(context: PikoCheckContext): Problem[] {
  const problems: Problem[] = [];
  problems.push(...atEveryBound(context, (bound) => fixedNodeId(context, bound)));
  const prefix = configValue(context, 'cluster.node_id_prefix');
  if (typeof prefix !== 'string' || !/\$\{?POD_NAME\}?/.test(prefix)) {
    problems.push({
      setting: configSetting(context, 'cluster.node_id_prefix'),
      rule: 'must contain ${POD_NAME}, so a node\'s ID tells which pod it runs in',
      found: prefix,
      fix: 'remove cluster.node_id_prefix from the raw config',
    });
  }
  const podName = envNamed(context.container, POD_NAME_ENV);
  if (podName?.valueFrom?.fieldRef?.fieldPath !== 'metadata.name') {
    problems.push({
      setting: `${describeObject(context.statefulSet)} env ${POD_NAME_ENV}`,
      rule: 'must come from the downward API (fieldRef metadata.name)',
      found: podName?.valueFrom ?? podName?.value,
      fix: 'remove the patch or env entry that replaces it',
    });
  }
  return problems;
}

/** One ID for every node is fine for a single node only. */
function fixedNodeId(context: PikoCheckContext, bound: ReplicaBound): Problem[] {
  // An empty ID, as written or as expanded, is none: Piko makes one from the prefix.
  const nodeId = context.effective.value('cluster.node_id');
  if (typeof nodeId !== 'string' || nodeId === '' || bound.count < 2) {
    return [];
  }
  return [{
    setting: configSetting(context, 'cluster.node_id'),
    rule: `must not be fixed with ${bound.label}: every node needs its own ID, new on every start, or peers drop its state`,
    found: nodeId,
    fix: 'remove cluster.node_id from the raw config; nodes get ${POD_NAME}- plus a random suffix',
  }];
}

/** `--config.path` must name the mounted server.yaml, and `--config.expand-env` must be on. */
function checkConfigLoading(context: PikoCheckContext): Problem[] {
  const args = argsOf(context);
  const problems: Problem[] = [];
  const setting = `${describeObject(context.statefulSet)} args`;
  const given = context.container?.args;
  if (Array.isArray(given) && given.some((arg) => typeof arg !== 'string')) {
    problems.push({ setting, rule: 'must be a list of strings: Kubernetes refuses any other value', found: given, fix: 'remove the patch that adds the value' });
  }
  if (!args.includes(EXPAND_ENV_FLAG)) {
    problems.push({
      setting,
      rule: `must include ${EXPAND_ENV_FLAG}: without it \${POD_NAME} and the other references in server.yaml are taken literally`,
      found: args,
      fix: 'remove the patch that replaces the args',
    });
  }
  if (args[0] !== 'server') {
    problems.push({
      setting,
      rule: 'must start with the subcommand "server": Piko runs nothing else as a cluster node',
      found: args[0],
      fix: 'remove the patch that replaces the args',
    });
  }
  // The flag parser keeps the last of repeated flags.
  const path = lastFlagValue(args, '--config.path');
  if (path !== CONFIG_FILE_PATH) {
    problems.push({
      setting,
      rule: `must pass --config.path ${CONFIG_FILE_PATH}, where ${describeObject(context.configMap)} is mounted`,
      found: path,
      fix: 'remove the patch that replaces the args',
    });
  }
  const locations = configFileLocations(context.statefulSet, context.container, context.configMap.metadata?.name, CONFIG_FILE_KEY);
  if (!locations.includes(CONFIG_FILE_PATH)) {
    problems.push({
      setting: `${describeObject(context.statefulSet)} mount of ${describeObject(context.configMap)}`,
      rule: `must put "${CONFIG_FILE_KEY}" at ${CONFIG_FILE_PATH}, the file --config.path names`,
      found: locations,
      fix: 'remove the patch that changes the config volume, its items or its mount',
    });
  }
  return problems;
}

function checkJoin(context: PikoCheckContext): Problem[] {
  const join = context.effective.value('cluster.join');
  const headless = context.headlessService.metadata ?? {};
  const name = headless.name;
  const namespace = headless.namespace;
  // A headless Service without a name or namespace is reported by the validity checks.
  if (typeof name !== 'string' || typeof namespace !== 'string') {
    return [];
  }
  const accepted = [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.${context.clusterDomain}`];
  const gossipPort = context.effective.port('gossip') ?? 8003;
  const resolvesHere = (entry: unknown) => {
    if (typeof entry !== 'string') {
      return false;
    }
    const [host, port] = entry.split(':');
    return accepted.includes(host) && (port === undefined || Number(port) === gossipPort);
  };
  if (Array.isArray(join) && join.length > 0 && join.every(resolvesHere)) {
    return [];
  }
  return [{
    setting: configSetting(context, 'cluster.join'),
    rule: `must name only this cluster's headless Service "${accepted[3]}" (optionally with the gossip port ${gossipPort}): an empty list leaves each node alone, another name joins another cluster`,
    found: join,
    fix: 'remove cluster.join from the raw config',
  }];
}
