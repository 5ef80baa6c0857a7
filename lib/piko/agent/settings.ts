import { Duration, Size } from 'cdk8s';
import { ContainerResources, Cpu, EnvValue, ImagePullPolicy } from 'cdk8s-plus-28';
import { isValidEndpointId } from './layout';
import { PikoAgentListener, PikoAgentOptions, PikoAgentProtocol } from './props';
import { BoundTrust } from './server-trust';
import { BoundTarget } from './target';
import { BoundToken } from './token';
import { ConfigTree, isPlainObject } from '../../common/config-document';
import { checkPositiveDuration } from '../../common/go-duration';
import { checkDataKey, checkDnsSubdomain, checkPort } from '../../common/kubernetes-formats';
import { LogLevel } from '../../common/log-level';
import { ResolvedPodSecurity, resolvePodSecurity } from '../../common/pod-security';
import { Problem } from '../../common/problems';
import { TlsSecretKeys } from '../../common/tls-secret';
import { checkRawOverrides, givenConfigKeys, TypedConfigKey } from '../../common/typed-config-keys';
import { BRACED_REFERENCE } from '../env-expansion';
import { PikoAccessLogOptions } from '../props';
import { PIKO_DEFAULT_IMAGE } from '../settings';
import { checkStreamWindowSize } from '../stream-window';

const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;

/** A listener after defaults. */
export interface AgentListenerSettings {
  readonly endpointId: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: PikoAgentProtocol;
  readonly timeout: Duration;
  readonly accessLog?: PikoAccessLogOptions;
  /** Set when the listener reaches its service over HTTPS. */
  readonly tls?: AgentListenerTls;
}

/** How a listener reaches its service over HTTPS, after binding. */
export interface AgentListenerTls {
  readonly trust?: BoundTrust;
  readonly clientCertificate?: TlsSecretKeys;
}

/** Every setting of an agent container with its default applied, however the agent runs. */
export interface AgentSettings {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: ImagePullPolicy;
  readonly resources: ContainerResources;
  readonly target: BoundTarget;
  readonly listeners: AgentListenerSettings[];
  readonly token?: BoundToken;
  readonly tenantId?: string;
  readonly trust?: BoundTrust;
  readonly clientCertificate?: TlsSecretKeys;
  readonly connectTimeout?: Duration;
  readonly streamWindowSize?: Size;
  readonly metricsPort?: number;
  readonly logLevel: LogLevel;
  readonly gracePeriod: Duration;
  readonly podSecurity: ResolvedPodSecurity;
  readonly env: { [name: string]: EnvValue };
  readonly rawConfig: ConfigTree;
  /** The agent.yaml keys of the typed props given, which the raw config must not set too. */
  readonly typedConfigKeys: TypedConfigKey[];
}

/** The parts only one way of running sets; the rest comes from the options. */
export interface AgentRunSettings {
  readonly gracePeriod: Duration;
  readonly podSecurity?: ResolvedPodSecurity;
  readonly env?: { [name: string]: EnvValue };
}

/** `gracePeriod` is a prop of both ways of running, with defaults of their own (`run.gracePeriod`). */
export function resolveAgentSettings(options: PikoAgentOptions & { readonly gracePeriod?: Duration }, run: AgentRunSettings): AgentSettings {
  return {
    name: options.name ?? 'piko-agent',
    image: options.image ?? PIKO_DEFAULT_IMAGE,
    imagePullPolicy: options.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
    resources: options.resources ?? {
      cpu: { request: Cpu.millis(50) },
      memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
    },
    target: options.connectTo._bind(),
    listeners: options.listeners.map((listener: PikoAgentListener) => ({
      endpointId: listener.endpointId,
      host: listener.host ?? 'localhost',
      port: listener.port,
      protocol: listener.protocol ?? PikoAgentProtocol.HTTP,
      timeout: listener.timeout,
      accessLog: listener.accessLog,
      tls: listener.tls && { trust: listener.tls.trust?._bind(), clientCertificate: listener.tls.clientCertificate?._bind() },
    })),
    token: options.token?._bind(),
    tenantId: options.tenantId,
    trust: options.serverTrust?._bind(),
    clientCertificate: options.clientCertificate?._bind(),
    connectTimeout: options.connectTimeout,
    streamWindowSize: options.streamWindowSize,
    metricsPort: options.metricsPort,
    logLevel: options.logLevel ?? LogLevel.INFO,
    gracePeriod: run.gracePeriod,
    podSecurity: run.podSecurity ?? resolvePodSecurity(),
    env: run.env ?? {},
    rawConfig: options.config ?? {},
    typedConfigKeys: agentTypedConfigKeys(options),
  };
}

/** The agent.yaml keys of the typed props a user gave. */
function agentTypedConfigKeys(options: PikoAgentOptions & { readonly gracePeriod?: Duration }): TypedConfigKey[] {
  return givenConfigKeys([
    ['connectTo', options.connectTo, 'connect.url', 'required'],
    ['token', options.token, 'connect.token'],
    ['tenantId', options.tenantId, 'connect.tenant_id'],
    ['serverTrust', options.serverTrust, 'connect.tls.root_cas'],
    ['clientCertificate', options.clientCertificate, 'connect.tls.cert'],
    ['clientCertificate', options.clientCertificate, 'connect.tls.key'],
    ['connectTimeout', options.connectTimeout, 'connect.timeout'],
    ['streamWindowSize', options.streamWindowSize, 'stream.max_window_size'],
    ['metricsPort', options.metricsPort, 'server.bind_addr'],
    ['logLevel', options.logLevel, 'log.level'],
    ['gracePeriod', options.gracePeriod, 'grace_period'],
  ]);
}

/** Every problem with the agent's own props, found before any object is built. */
export function checkAgentSettings(settings: AgentSettings): Problem[] {
  const problems: Array<Problem | undefined> = [
    ...checkListeners(settings.listeners),
    ...checkUrl(settings.target),
    settings.token && checkDnsSubdomain('token secretName', settings.token.secretName, 'piko-agent-token'),
    settings.token && checkDataKey('token key', settings.token.key, 'token'),
    ...checkTrust('serverTrust', settings.trust, 'piko-ca'),
    ...checkClientCertificate('clientCertificate', settings.clientCertificate),
    settings.tenantId === undefined || /^[^\s$]+$/.test(settings.tenantId) ? undefined : {
      setting: 'tenantId',
      rule: 'must be a tenant ID without whitespace or "$"',
      found: settings.tenantId,
      fix: 'use the id of one of the server\'s upstream tenants, e.g. "acme"',
    },
    settings.connectTimeout && checkPositiveDuration('connectTimeout', settings.connectTimeout),
    settings.streamWindowSize && checkStreamWindowSize(settings.streamWindowSize, 'the agent'),
    checkPositiveDuration('gracePeriod', settings.gracePeriod),
    settings.metricsPort === undefined ? undefined : checkPort('metricsPort', settings.metricsPort),
    isPlainObject(settings.rawConfig) ? undefined : {
      setting: 'config', rule: 'must be a map of agent.yaml keys', found: settings.rawConfig, fix: 'pass an object whose keys are agent.yaml keys',
    },
    ...checkRawOverrides(settings.rawConfig, settings.typedConfigKeys, 'agent.yaml'),
  ];
  return problems.filter((p): p is Problem => p !== undefined);
}

function checkListeners(listeners: AgentListenerSettings[]): Array<Problem | undefined> {
  if (listeners.length === 0) {
    return [{
      setting: 'listeners',
      rule: 'must name at least one endpoint: the agent exits at start without a listener',
      found: [],
      fix: 'add one, e.g. { endpointId: "my-app", port: 8080, timeout: Duration.seconds(30) }',
    }];
  }
  const seen = new Set<string>();
  return listeners.flatMap((listener, index) => {
    const setting = `listeners[${index}]`;
    const duplicate = seen.has(listener.endpointId);
    seen.add(listener.endpointId);
    return [
      endpointIdProblem(`${setting}.endpointId`, listener.endpointId),
      duplicate ? endpointIdDuplicate(`${setting}.endpointId`, listener.endpointId) : undefined,
      checkPort(`${setting}.port`, listener.port),
      IPV4.test(listener.host) ? undefined : checkDnsSubdomain(`${setting}.host`, listener.host, 'my-app.apps.svc'),
      checkPositiveDuration(`${setting}.timeout`, listener.timeout),
      ...checkListenerTls(setting, listener),
    ];
  });
}

function checkListenerTls(setting: string, listener: AgentListenerSettings): Array<Problem | undefined> {
  const tls = listener.tls;
  if (tls === undefined) {
    return [];
  }
  return [
    listener.protocol === PikoAgentProtocol.TCP ? {
      setting: `${setting}.tls`,
      rule: 'must be unset on a TCP listener: the agent forwards its connections as they are and uses TLS only for an HTTP listener\'s https:// service',
      found: { protocol: listener.protocol },
      fix: 'leave tls out (the service then sees the client\'s own TLS, if any), or use PikoAgentProtocol.HTTP',
    } : undefined,
    ...checkTrust(`${setting}.tls trust`, tls.trust, 'my-app-ca'),
    ...checkClientCertificate(`${setting}.tls clientCertificate`, tls.clientCertificate),
  ];
}

function checkTrust(setting: string, trust: BoundTrust | undefined, exampleName: string): Array<Problem | undefined> {
  return trust === undefined ? [] : [
    checkDnsSubdomain(`${setting} ${trust.kind === 'secret' ? 'secretName' : 'configMapName'}`, trust.name, exampleName),
    checkDataKey(`${setting} key`, trust.key, 'ca.crt'),
  ];
}

function checkClientCertificate(setting: string, certificate: TlsSecretKeys | undefined): Array<Problem | undefined> {
  if (certificate === undefined) {
    return [];
  }
  return [
    checkDnsSubdomain(`${setting} secretName`, certificate.secretName, 'piko-agent-tls'),
    checkDataKey(`${setting} certificateKey`, certificate.certificateKey, 'tls.crt'),
    checkDataKey(`${setting} privateKeyKey`, certificate.privateKeyKey, 'tls.key'),
    certificate.certificateKey === certificate.privateKeyKey ? {
      setting: `${setting} privateKeyKey`,
      rule: 'must differ from certificateKey: each is mounted as a file of its own',
      found: certificate.privateKeyKey,
      fix: 'keep the certificate and the key under two keys of the Secret, e.g. tls.crt and tls.key',
    } : undefined,
  ];
}

/** An endpoint ID Piko's upstream route takes; shared with the synth-time checks. */
export function endpointIdProblem(setting: string, id: unknown): Problem | undefined {
  return isValidEndpointId(id) ? undefined : {
    setting,
    rule: 'must be an endpoint ID of letters, digits, ".", "_", "~" and "-": the agent registers it as one path segment, /piko/v1/upstream/<id>',
    found: id,
    fix: 'use a DNS label such as "my-app", which proxy clients can also reach by host name',
  };
}

export function endpointIdDuplicate(setting: string, id: unknown): Problem {
  return {
    setting,
    rule: 'must differ from the other listeners\' endpoint IDs: one agent registering an endpoint twice only splits its own traffic',
    found: id,
    fix: 'give each listener its own endpoint ID, or raise replicas for more agents on one endpoint',
  };
}

// An http(s) or ws(s) URL of a host with an optional path: no query, fragment, credentials or "$".
const SERVER_URL = /^(https?|wss?):\/\/[^\s/?#$@]+(\/[^\s?#$]*)?$/;
const WHOLE_URL_REFERENCE = new RegExp(`^${BRACED_REFERENCE.source}$`);

/**
 * A URL the agent can dial once it expands its `${VAR}` references: the whole URL may be one
 * reference (its default, if any, a URL itself), or a URL may hold references in its host or
 * path. Any other "$" would be expanded to nothing, so it is refused.
 */
function isServerUrl(url: string): boolean {
  const whole = WHOLE_URL_REFERENCE.exec(url);
  if (whole !== null) {
    return whole[1] === undefined || SERVER_URL.test(whole[1]);
  }
  return SERVER_URL.test(url.replace(BRACED_REFERENCE, 'x'));
}

function checkUrl(target: BoundTarget): Problem[] {
  if (target.cluster !== undefined || isServerUrl(target.url)) {
    return [];
  }
  return [{
    setting: 'connectTo url',
    rule: 'must be an http:// or https:// URL of the server\'s upstream port, without query, fragment or credentials, '
      + 'and with a "$" only in a ${VAR} or ${VAR:default} reference the agent expands',
    found: target.url,
    fix: 'use e.g. "https://upstream.piko.example.com", or "${PIKO_URL}" with PIKO_URL set through the env prop',
  }];
}
