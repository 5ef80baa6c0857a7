import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { BoundAuth, PikoKeyKind } from './auth';
import { AutoscalingSettings, checkAutoscaling, resolveAutoscaling } from './autoscaler';
import { pikoTypedConfigKeys } from './config';
import { PIKO_DEFAULT_PORTS } from './effective-config';
import { PikoTls } from './listener-tls';
import { keyEnvName, Listener, LISTENERS, LOG_SUBSYSTEMS, POD_IP_ENV, POD_NAME_ENV } from './pod-layout';
import {
  PikoAccessLogOptions, PikoAdvertiseAddress, PikoClusterProps, PikoNetworkPolicyOptions,
  PikoProxyHttpOptions, PikoRebalanceOptions,
} from './props';
import { checkStreamWindowSize } from './stream-window';
import { PIKO_VERSION } from './version';
import { CertManagerOptions, checkCertManagerOptions } from '../common/certificate';
import { checkServerContainer, resolveServerContainer, ServerContainerSettings } from '../common/cluster-pod-options';
import { checkPositiveDuration } from '../common/go-duration';
import { checkDataKey, checkDnsSubdomain, checkLabels, checkPort, checkWholeNumber } from '../common/kubernetes-formats';
import { LogLevel } from '../common/log-level';
import { OwnPodLayout } from '../common/own-pod-layout';
import { Problem } from '../common/problems';
import { ServiceExposure } from '../common/service-exposure';
import { TlsSecretKeys } from '../common/tls-secret';
import { TypedConfigKey } from '../common/typed-config-keys';
import { checkGracePeriodProp, checkWorkloadSettings, resolveWorkloadSettings, WorkloadSettings } from '../common/workload-settings';

/** Upstream's image of the release the constructs are written for. */
export const PIKO_DEFAULT_IMAGE = `ghcr.io/andydunstall/piko:${PIKO_VERSION}`;

/**
 * Headroom beyond the preStop pause and Piko's grace period before Kubernetes kills a stopping
 * node (piko.md I-20 recommends about 10s).
 */
export const SHUTDOWN_MARGIN_MILLIS = 10_000;

/** A listener's auth and TLS after defaults. */
export interface ListenerSettings {
  readonly auth?: BoundAuth;
  readonly tls?: TlsSecretKeys;
  /** Set when the construct renders a cert-manager Certificate into the TLS Secret. */
  readonly certManager?: CertManagerOptions;
}

/** Every setting of a PikoCluster with its default applied; the one source objects are built from. */
export interface PikoSettings extends WorkloadSettings, ServerContainerSettings {
  readonly instance: string;
  readonly ports: { readonly proxy: number; readonly upstream: number; readonly admin: number; readonly gossip: number };
  readonly advertiseAddress: PikoAdvertiseAddress;
  readonly join: { readonly timeout?: Duration; readonly abortIfJoinFails?: boolean };
  readonly gossip: { readonly interval?: Duration; readonly maxPacketSize?: number };
  readonly listeners: { readonly [listener in Listener]: ListenerSettings };
  readonly proxyTimeout?: Duration;
  readonly proxyHttp: PikoProxyHttpOptions;
  readonly accessLog?: PikoAccessLogOptions;
  readonly rebalance?: PikoRebalanceOptions;
  readonly services: { readonly proxy: ServiceExposure; readonly upstream: ServiceExposure };
  readonly streamWindowSize?: Size;
  /** The server.yaml keys of the typed props given, which the raw config must not set too. */
  readonly typedConfigKeys: TypedConfigKey[];
  readonly gracePeriod: Duration;
  readonly terminationGracePeriod: Duration;
  readonly logLevel: LogLevel;
  readonly logSubsystems: string[];
  readonly networkPolicy?: PikoNetworkPolicyOptions;
  /** Labels that select the pods; the Helm chart's, so its StatefulSet can be adopted. */
  readonly selectorLabels: { [key: string]: string };
  readonly headlessServiceName: string;
  /** What nodes join: the headless Service's FQDN, which resolves from any namespace. */
  readonly joinTarget: string;
  /** The autoscaler's range and targets; `replicas` is then its minReplicas. */
  readonly autoscaling?: AutoscalingSettings;
  /** The replicas prop as given, which autoscaling refuses. */
  readonly replicasProp?: number;
}

export function resolvePikoSettings(scope: Construct, props: PikoClusterProps): PikoSettings {
  const autoscaling = resolveAutoscaling(props.autoscaling);
  // With an autoscaler the smallest count of its range is the one the common rules (the
  // disruption budget's) must hold at: a budget that lets a node go there lets one go above.
  const workload = resolveWorkloadSettings(scope, autoscaling ? { ...props, replicas: autoscaling.minReplicas } : props, {
    name: 'piko',
    image: PIKO_DEFAULT_IMAGE,
    resources: {
      cpu: { request: Cpu.millis(250), limit: Cpu.millis(250) },
      memory: { request: Size.gibibytes(1), limit: Size.gibibytes(1) },
      ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(1) },
    },
  });
  const instance = props.instance ?? workload.name;
  const gracePeriod = props.gracePeriod ?? Duration.minutes(1);
  const container = resolveServerContainer(props);
  const listener = (name: string, options: { auth?: { _bind(): BoundAuth }; tls?: PikoTls } | undefined): ListenerSettings => {
    const tls = options?.tls?._bind(workload.name, name);
    return { auth: options?.auth?._bind(), tls: tls?.secret, certManager: tls?.certManager };
  };
  const listeners = { proxy: listener('proxy', props.proxy), upstream: listener('upstream', props.upstream), admin: listener('admin', props.admin) };
  // The common settings are spread last: V8 gives every object that gains properties after a
  // spread a hidden class of its own, which made this one literal cost ~30 µs per cluster.
  return {
    instance,
    ports: {
      proxy: props.ports?.proxy ?? PIKO_DEFAULT_PORTS.proxy,
      upstream: props.ports?.upstream ?? PIKO_DEFAULT_PORTS.upstream,
      admin: props.ports?.admin ?? PIKO_DEFAULT_PORTS.admin,
      gossip: props.ports?.gossip ?? PIKO_DEFAULT_PORTS.gossip,
    },
    advertiseAddress: props.advertiseAddress ?? PikoAdvertiseAddress.POD_IP,
    join: { ...props.join },
    gossip: { ...props.gossip },
    listeners,
    proxyTimeout: props.proxy?.timeout,
    proxyHttp: { ...props.proxy?.http },
    accessLog: props.proxy?.accessLog,
    rebalance: props.upstream?.rebalance,
    services: { proxy: props.proxy?.service ?? ServiceExposure.clusterIp(), upstream: props.upstream?.service ?? ServiceExposure.clusterIp() },
    streamWindowSize: props.streamWindowSize,
    typedConfigKeys: pikoTypedConfigKeys(props, listeners),
    gracePeriod,
    terminationGracePeriod: props.terminationGracePeriod ?? Duration.millis(
      gracePeriod.toMilliseconds({ integral: false }) + container.preStopPause.toMilliseconds({ integral: false }) + SHUTDOWN_MARGIN_MILLIS),
    logLevel: props.logLevel ?? LogLevel.INFO,
    logSubsystems: props.logSubsystems ?? [],
    networkPolicy: props.networkPolicy,
    selectorLabels: { 'app.kubernetes.io/name': 'piko', 'app.kubernetes.io/instance': instance },
    headlessServiceName: workload.name,
    joinTarget: `${workload.name}.${workload.namespace}.svc.${workload.clusterDomain}`,
    autoscaling,
    replicasProp: props.replicas,
    ...container,
    ...workload,
  };
}

/** Env vars the construct renders, with the prop that controls each. */
export const RENDERED_ENV: ReadonlyMap<string, string> = new Map<string, string>([
  [POD_NAME_ENV, 'the construct (node IDs)'],
  [POD_IP_ENV, 'the advertiseAddress prop'],
  ...LISTENERS.flatMap((listener) => Object.values(PikoKeyKind).map((kind): [string, string] => [keyEnvName(listener, kind), `${listener}.auth`])),
]);

/** Every problem with single props, found before any object is built. */
export function checkPikoProps(settings: PikoSettings, ownPod: OwnPodLayout): Problem[] {
  const problems: Array<Problem | undefined> = [
    ...checkWorkloadSettings(settings, {
      replicasFix: 'use 1 or more; Piko has no quorum, and 3 survives losing a node without a gap',
      replicasSetting: settings.autoscaling ? 'autoscaling.minReplicas' : undefined,
      defaultImage: PIKO_DEFAULT_IMAGE,
      renderedEnv: RENDERED_ENV,
      selectorLabels: settings.selectorLabels,
      configFile: 'server.yaml',
      ownPod,
      typedConfigKeys: settings.typedConfigKeys,
    }),
    ...settings.autoscaling ? checkAutoscaling(settings.autoscaling, settings.replicasProp) : [],
    ...checkServerContainer(settings),
    ...checkLabels('instance', { 'app.kubernetes.io/instance': settings.instance }),
    ...checkPorts(settings),
    optionalDuration('join.timeout', settings.join.timeout),
    optionalDuration('gossip.interval', settings.gossip.interval),
    settings.gossip.maxPacketSize === undefined ? undefined
      : checkWholeNumber('gossip.maxPacketSize', settings.gossip.maxPacketSize, 1, 'use a size below the network MTU, e.g. 1400'),
    checkOffOrWholeMillis('proxy.timeout', settings.proxyTimeout),
    checkOffOrWholeMillis('proxy.http.readTimeout', settings.proxyHttp.readTimeout),
    checkOffOrWholeMillis('proxy.http.writeTimeout', settings.proxyHttp.writeTimeout),
    ...checkRebalance(settings.rebalance),
    ...LISTENERS.flatMap((listener) => checkListener(listener, settings.listeners[listener])),
    ...settings.services.proxy._check('proxy.service'),
    ...settings.services.upstream._check('upstream.service'),
    settings.streamWindowSize && checkStreamWindowSize(settings.streamWindowSize, 'Piko'),
    checkPositiveDuration('gracePeriod', settings.gracePeriod),
    ...checkGracePeriodProp('terminationGracePeriod', settings.terminationGracePeriod, 1),
    ...checkShutdownHeadroom(settings),
    ...settings.logSubsystems.filter((s) => !LOG_SUBSYSTEMS.includes(s)).map((subsystem) => ({
      setting: 'logSubsystems',
      rule: `must name Piko subsystems exactly (${LOG_SUBSYSTEMS.join(', ')})`,
      found: subsystem,
      fix: 'use one of those names; "proxy" does not include "proxy.access"',
    })),
  ];
  return problems.filter((p): p is Problem => p !== undefined);
}

function optionalDuration(setting: string, value: Duration | undefined): Problem | undefined {
  return value === undefined ? undefined : checkPositiveDuration(setting, value);
}

/** A timeout where zero is allowed: it turns the timeout off. */
function checkOffOrWholeMillis(setting: string, timeout: Duration | undefined): Problem | undefined {
  const millis = timeout?.toMilliseconds({ integral: false });
  if (millis === undefined || Number.isInteger(millis)) {
    return undefined;
  }
  return { setting, rule: 'must be whole milliseconds: 0 turns the timeout off', found: `${millis}ms`, fix: 'use e.g. Duration.seconds(30)' };
}

function checkPorts(settings: PikoSettings): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<number, string>();
  for (const [listener, port] of Object.entries(settings.ports)) {
    const setting = `ports.${listener}`;
    const invalid = checkPort(setting, port);
    if (invalid) {
      problems.push(invalid);
      continue;
    }
    const owner = seen.get(port);
    if (owner !== undefined) {
      problems.push({ setting, rule: `must differ from ${owner}: two listeners cannot share a TCP port`, found: port, fix: 'give every listener its own port' });
    }
    seen.set(port, setting);
  }
  return problems;
}

function checkRebalance(rebalance: PikoRebalanceOptions | undefined): Array<Problem | undefined> {
  if (rebalance === undefined) {
    return [];
  }
  const { threshold, shedRate, minConns } = rebalance;
  return [
    threshold === undefined || (Number.isFinite(threshold) && threshold >= 0) ? undefined : {
      setting: 'upstream.rebalance.threshold', rule: 'must be 0 or more (0 turns rebalancing off)', found: threshold, fix: 'use e.g. 0.2 to rebalance at 20% above the average',
    },
    shedRate === undefined || (shedRate >= 0 && shedRate <= 1) ? undefined : {
      setting: 'upstream.rebalance.shedRate', rule: 'must be from 0 to 1', found: shedRate, fix: 'use a fraction such as 0.005',
    },
    minConns === undefined ? undefined : checkWholeNumber('upstream.rebalance.minConns', minConns, 0, 'use a connection count such as 50'),
  ];
}

function checkListener(listener: Listener, settings: ListenerSettings): Array<Problem | undefined> {
  const problems: Array<Problem | undefined> = [];
  const auth = settings.auth;
  if (auth?.key) {
    problems.push(
      checkDnsSubdomain(`${listener}.auth secret name`, auth.key.secretName, 'piko-auth'),
      checkDataKey(`${listener}.auth key`, auth.key.secretKey, 'hmac'),
    );
  }
  if (auth?.jwks) {
    if (!/^(https?|file):\/\/\S+$/.test(auth.jwks.endpoint)) {
      problems.push({
        setting: `${listener}.auth jwks endpoint`,
        rule: 'must be an http://, https:// or file:// URL',
        found: auth.jwks.endpoint,
        fix: 'use e.g. "https://auth.example.com/.well-known/jwks.json"',
      });
    }
    problems.push(optionalDuration(`${listener}.auth jwks cacheTtl`, auth.jwks.cacheTtl), optionalDuration(`${listener}.auth jwks timeout`, auth.jwks.timeout));
  }
  const literals: Array<[string, string | undefined]> = [
    [`${listener}.auth audience`, auth?.options.audience],
    [`${listener}.auth issuer`, auth?.options.issuer],
    [`${listener}.auth jwks endpoint`, auth?.jwks?.endpoint],
  ];
  for (const [setting, value] of literals) {
    if (value !== undefined && value.includes('$')) {
      problems.push({
        setting,
        rule: 'must not contain "$": Piko expands ${VAR} references in its config and would replace it',
        found: value,
        fix: 'remove the "$"; Piko\'s env expansion has no escape for it',
      });
    }
  }
  if (settings.certManager) {
    problems.push(...checkCertManagerOptions(`${listener}.tls certManager`, settings.certManager));
  }
  if (settings.tls) {
    problems.push(
      checkDnsSubdomain(`${listener}.tls secretName`, settings.tls.secretName, 'piko-tls'),
      checkDataKey(`${listener}.tls certificateKey`, settings.tls.certificateKey, 'tls.crt'),
      checkDataKey(`${listener}.tls privateKeyKey`, settings.tls.privateKeyKey, 'tls.key'),
      settings.tls.caKey === undefined ? undefined : checkDataKey(`${listener}.tls clientCaKey`, settings.tls.caKey, 'ca.crt'),
    );
  }
  return problems;
}

function checkShutdownHeadroom(settings: PikoSettings): Problem[] {
  const grace = settings.gracePeriod.toMilliseconds({ integral: false });
  const pause = settings.preStopPause.toMilliseconds({ integral: false });
  const termination = settings.terminationGracePeriod.toMilliseconds({ integral: false });
  const needed = grace + pause + SHUTDOWN_MARGIN_MILLIS;
  if (termination >= needed) {
    return [];
  }
  return [{
    setting: 'terminationGracePeriod',
    rule: `must be at least gracePeriod (${grace / 1000}s) + preStopPause (${pause / 1000}s) + ${SHUTDOWN_MARGIN_MILLIS / 1000}s: Kubernetes counts it from the start of the pause and kills the pod when it ends, and a node killed before it leaves lingers in the cluster as a ghost`,
    found: `${termination / 1000}s`,
    fix: `leave it unset for that sum (${needed / 1000}s), or lower gracePeriod or preStopPause`,
  }];
}
