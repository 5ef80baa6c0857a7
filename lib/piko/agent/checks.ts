import { checkAgentConfigKeys } from './config-schema';
import { AGENT_CONFIG_KEY, AGENT_CONFIG_PATH, AGENT_CONTAINER_NAME, isValidEndpointId } from './layout';
import { endpointIdDuplicate, endpointIdProblem } from './settings';
import { ConfigTree, isPlainObject, RenderedConfig, valueAt } from '../../common/config-document';
import { configFileLocations, lastFlagValue } from '../../common/config-mount';
import { parseGoDuration } from '../../common/go-duration';
import { containerNamed, describeObject, Manifest } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { checkStreamWindow } from '../config-schema';
import { isSet } from '../effective-config';
import { checkEnvReferences, checkSecretReferences, expandedAsKnown, expandResolvable, holdsReference, secretReferenceFix } from '../env-expansion';
import { checkCertificatePair, checkFilesMounted, TlsConfigView } from '../tls-files';

/** The final objects of one agent: the workload running it, its container and its config. */
export interface AgentCheckContext {
  /** The PikoAgent's Deployment, or the sidecar's host workload. */
  readonly workload: Manifest;
  /** The `piko-agent` container, if a patch has not removed it. */
  readonly container?: Manifest;
  readonly configMap: Manifest;
  /** agent.yaml as parsed from the final ConfigMap; `{}` when it is missing or not YAML. */
  readonly config: ConfigTree;
  /**
   * agent.yaml as the agent reads it after env expansion, where the synth can know the values
   * (expandResolvable): what the rules about values read, where `config` is what was written.
   */
  readonly expanded: ConfigTree;
}

/** The context of the checks, read from a workload's and a ConfigMap's final JSON. */
export function agentCheckContext(workload: Manifest, configMap: Manifest, rendered: RenderedConfig): AgentCheckContext {
  const container = containerNamed(workload, AGENT_CONTAINER_NAME);
  const config = rendered.read(configMap.data?.[AGENT_CONFIG_KEY]);
  return { workload, container, configMap, config, expanded: expandResolvable(config, container) };
}

/** The way messages name a key of the rendered agent.yaml. */
export function agentConfigSetting(context: AgentCheckContext, path: string): string {
  return `${describeObject(context.configMap)} ${AGENT_CONFIG_KEY} ${path}`;
}

/** Every rule the agent itself enforces at start, on the final objects. */
export function checkAgentObjects(context: AgentCheckContext): Problem[] {
  if (context.container === undefined) {
    return [{
      setting: `${describeObject(context.workload)} containers`,
      rule: `must include the container "${AGENT_CONTAINER_NAME}"`,
      found: (context.workload.spec?.template?.spec?.containers ?? []).map((c: Manifest) => c.name),
      fix: 'remove the patch that drops it',
    }];
  }
  const settingOf = (path: string) => agentConfigSetting(context, path);
  const defined = new Set<string>(((context.container.env ?? []) as Manifest[]).map((e) => e.name));
  // The agent expands the file before it reads it, as the server does.
  const expanded = expandedAsKnown(context.config, context.container);
  return [
    ...checkAgentConfigKeys(expanded, settingOf),
    ...checkStreamWindow(expanded, settingOf),
    ...checkListeners(context),
    ...checkConnect(context),
    ...checkArgs(context),
    ...checkEnvReferences(context.config, defined, settingOf),
    ...checkSecretReferences(context.config, context.container, settingOf,
      (path) => (path === 'connect.token' ? 'use the token prop, PikoAgentToken.fromSecret(secretName, key)' : secretReferenceFix(path))),
  ];
}

function checkListeners(context: AgentCheckContext): Problem[] {
  const listeners = valueAt(context.expanded, 'listeners');
  if (!Array.isArray(listeners) || listeners.length === 0) {
    return [{
      setting: agentConfigSetting(context, 'listeners'),
      rule: 'must list at least one listener: the agent exits at start without one',
      found: listeners,
      fix: 'set the listeners prop, and remove listeners from the raw config',
    }];
  }
  const problems: Array<Problem | undefined> = [];
  const seen = new Set<unknown>();
  listeners.forEach((listener, index) => {
    const entry = isPlainObject(listener) ? listener : {};
    const path = `listeners[${index}]`;
    const id = entry.endpoint_id;
    problems.push(endpointIdProblem(agentConfigSetting(context, `${path}.endpoint_id`), id));
    if (isValidEndpointId(id) && seen.has(id)) {
      problems.push(endpointIdDuplicate(agentConfigSetting(context, `${path}.endpoint_id`), id));
    }
    seen.add(id);
    if (typeof entry.addr !== 'string' || entry.addr === '') {
      problems.push({ setting: agentConfigSetting(context, `${path}.addr`), rule: 'must be set: the agent forwards to it', found: entry.addr, fix: 'set the listener\'s port (and host)' });
    }
    if (entry.protocol !== undefined && entry.protocol !== 'http' && entry.protocol !== 'tcp') {
      problems.push({ setting: agentConfigSetting(context, `${path}.protocol`), rule: 'must be http or tcp', found: entry.protocol, fix: 'use PikoAgentProtocol.HTTP or TCP' });
    }
    const millis = typeof entry.timeout === 'string' ? parseGoDuration(entry.timeout) : undefined;
    if (entry.timeout === undefined || (millis !== undefined && millis <= 0)) {
      problems.push({
        setting: agentConfigSetting(context, `${path}.timeout`),
        rule: 'must be a positive duration: the agent has no default and refuses to start without one',
        found: entry.timeout,
        fix: 'set the listener\'s timeout, e.g. Duration.seconds(30)',
      });
    }
    problems.push(...checkListenerTls(context, path, entry));
  });
  return problems.filter((p): p is Problem => p !== undefined);
}

/**
 * A listener's `tls`: the agent uses it only to dial an HTTP listener's https:// addr, loads a
 * client certificate only with its key, and reads every file at start.
 */
function checkListenerTls(context: AgentCheckContext, path: string, listener: ConfigTree): Problem[] {
  const tls = listener.tls;
  if (!isPlainObject(tls) || !Object.values(tls).some((value) => isSet(value) || value === true)) {
    return [];
  }
  const addr = listener.addr;
  const tcp = listener.protocol === 'tcp';
  const plain = typeof addr === 'string' && !holdsReference(addr) && !/^https:\/\//i.test(addr);
  const unused: Problem[] = !tcp && !plain ? [] : [{
    setting: agentConfigSetting(context, `${path}.tls`),
    rule: tcp
      ? 'must be unset on a tcp listener: the agent forwards its connections as they are and ignores tls'
      : 'is used only for an https:// addr: the agent dials any other addr in plain HTTP and ignores tls',
    found: tcp ? { protocol: listener.protocol } : { addr },
    fix: tcp ? 'remove the listener\'s tls' : 'set the listener\'s tls prop, which makes the addr https://, or remove tls from the raw config',
  }];
  return [
    ...unused,
    ...checkTlsFiles(context, `${path}.tls`, (file) => (file === 'root_cas'
      ? 'set the CA through the listener\'s tls trust, which mounts it'
      : 'set the client certificate through the listener\'s tls clientCertificate, which mounts it')),
  ];
}

function checkConnect(context: AgentCheckContext): Problem[] {
  const problems: Problem[] = [];
  const url = valueAt(context.expanded, 'connect.url');
  // A URL from an env var the pod fills in (from a ConfigMap or Secret) is known only at start.
  if (!holdsReference(url) && (typeof url !== 'string' || !/^(https?|wss?):\/\/[^\s/?#]+/.test(url))) {
    problems.push({
      setting: agentConfigSetting(context, 'connect.url'),
      rule: 'must be the URL of the server\'s upstream port (http:// or https://)',
      found: url,
      fix: 'give connectTo a URL, or set the env var it references to one',
    });
  }
  return [...problems, ...checkConnectTls(context)];
}

/** `connect.tls`, the files the agent reads to reach the server. */
function checkConnectTls(context: AgentCheckContext): Problem[] {
  return checkTlsFiles(context, 'connect.tls', (file) => (file === 'root_cas'
    ? 'set the CA through the serverTrust prop, which mounts it'
    : 'set the client certificate through the clientCertificate prop, which mounts it'));
}

/**
 * A `tls` block of agent.yaml: the agent loads a client certificate only with its key (it
 * refuses a cert alone and ignores a key alone), and reads every file at start.
 */
function checkTlsFiles(context: AgentCheckContext, block: string, fix: (file: string) => string): Problem[] {
  const config: TlsConfigView = {
    value: (path) => valueAt(context.expanded, path),
    setting: (path) => agentConfigSetting(context, path),
    container: context.container,
    reader: 'the agent',
  };
  return [
    ...checkCertificatePair(config, block, {
      certAlone: 'the agent refuses a client certificate without its key',
      keyAlone: 'without a certificate the agent ignores the key and presents none',
    }, 'set both, or neither'),
    ...checkFilesMounted(config, block, ['cert', 'key', 'root_cas'], fix),
  ];
}

/** `--config.path` must name the mounted agent.yaml, and `--config.expand-env` must be on. */
function checkArgs(context: AgentCheckContext): Problem[] {
  const args: string[] = Array.isArray(context.container?.args) ? context.container!.args : [];
  const ok = args[0] === 'agent' && args[1] === 'start' && args.includes('--config.expand-env') && lastFlagValue(args, '--config.path') === AGENT_CONFIG_PATH;
  const problems: Problem[] = ok ? [] : [{
    setting: `${describeObject(context.workload)} container "${AGENT_CONTAINER_NAME}" args`,
    rule: `must run "agent start --config.path ${AGENT_CONFIG_PATH} --config.expand-env": the mounted file, with the token reference expanded`,
    found: args,
    fix: 'remove the patch that replaces the args',
  }];
  const locations = configFileLocations(context.workload, context.container, context.configMap.metadata?.name, AGENT_CONFIG_KEY);
  if (!locations.includes(AGENT_CONFIG_PATH)) {
    problems.push({
      setting: `${describeObject(context.workload)} container "${AGENT_CONTAINER_NAME}" mount of ${describeObject(context.configMap)}`,
      rule: `must put "${AGENT_CONFIG_KEY}" at ${AGENT_CONFIG_PATH}, the file --config.path names`,
      found: locations,
      fix: 'remove the patch that changes the config volume, its items or its mount',
    });
  }
  return problems;
}
