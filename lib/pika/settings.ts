import { Duration, Size } from 'cdk8s';
import { Cpu, PersistentVolumeAccessMode } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { normalizeBasePath } from './base-path';
import { pikaTypedConfigKeys } from './config';
import { BoundEncryption, BoundPassphrase, PASSPHRASE_ENV, PikaEncryption } from './encryption';
import { CLUSTER_PORT_NAME, HTTP_PORT_NAME, SECURITY_KEY_ENV } from './pod-layout';
import { PikaClusteringOptions, PikaClusterProps, PikaEndpoint, PikaNetworkPolicyOptions } from './props';
import { quorumOf, survivesOneMemberDown } from './quorum';
import { BoundSecurityKey, MIN_SECURITY_KEY_LENGTH, PikaSecurityKey, PLACEHOLDER_SECURITY_KEY } from './security-key';
import { BoundServerTls, PikaServerTls } from './server-tls';
import { checkCertManagerOptions } from '../common/certificate';
import { ClaimRetention } from '../common/claim-template';
import { checkServerContainer, resolveServerContainer, ServerContainerSettings } from '../common/cluster-pod-options';
import { checkSecretFromStore } from '../common/external-secret';
import { checkPositiveDuration } from '../common/go-duration';
import { checkDataKey, checkDnsSubdomain, checkPort, checkPortName } from '../common/kubernetes-formats';
import { LogLevel } from '../common/log-level';
import { OwnPodLayout } from '../common/own-pod-layout';
import { Problem } from '../common/problems';
import { checkStorageSize } from '../common/resources';
import { ServiceExposure } from '../common/service-exposure';
import { checkGracePeriodProp, checkWorkloadSettings, resolveWorkloadSettings, WorkloadSettings } from '../common/workload-settings';

/**
 * The newest Pika tag upstream's clustered Kubernetes guide pins (`images: newTag: v0.3.0`).
 * Upstream publishes `v<semver>` tags and `latest`; override `image` to follow newer releases.
 */
export const PIKA_DEFAULT_IMAGE = 'ghcr.io/rakunlabs/pika:v0.3.0';

/** Env vars the construct renders, with the prop that controls each. */
export const RENDERED_ENV = new Map<string, string>([
  [SECURITY_KEY_ENV, 'the securityKey prop'],
  [PASSPHRASE_ENV, 'the encryption prop (PikaEncryption.autoUnlock)'],
  ['PIKA_TELEMETRY_COLLECTOR', 'telemetry.collector'],
  ['OTEL_SERVICE_NAME', 'telemetry.serviceName'],
]);

// Pika drains HTTP for up to 10s and announces its leave for up to 5s before it exits.
const MIN_GRACE_PERIOD_MILLIS = 20_000;

/** Every setting of a PikaCluster with its default applied; the one source objects are built from. */
export interface PikaSettings extends WorkloadSettings, ServerContainerSettings {
  readonly storage: {
    readonly size: Size;
    readonly storageClassName?: string;
    readonly accessModes: PersistentVolumeAccessMode[];
    readonly whenDeleted: ClaimRetention;
    readonly whenScaled: ClaimRetention;
  };
  readonly server: { readonly port: number; readonly basePath: string; readonly tls: BoundServerTls; readonly service: ServiceExposure };
  /** The clustering props, with the peer port's default applied. */
  readonly clustering: PikaClusteringOptions & { readonly port: number };
  readonly securityKey: BoundSecurityKey;
  readonly endpoints: PikaEndpoint[];
  readonly telemetry?: { readonly collector: string; readonly serviceName: string };
  readonly logLevel: LogLevel;
  readonly networkPolicy?: PikaNetworkPolicyOptions;
  readonly encryption: BoundEncryption;
  readonly terminationGracePeriod: Duration;
  /** Labels that select this cluster's pods; equal to upstream's for the default name. */
  readonly selectorLabels: { [key: string]: string };
  readonly headlessServiceName: string;
  /** `cluster.dns_addr`: the FQDN of the headless Service. */
  readonly dnsAddr: string;
  /** Members needed for a leader: floor(replicas/2)+1. */
  readonly quorum: number;
}

export function resolvePikaSettings(scope: Construct, props: PikaClusterProps): PikaSettings {
  const workload = resolveWorkloadSettings(scope, props, {
    name: 'pika',
    image: PIKA_DEFAULT_IMAGE,
    resources: {
      cpu: { request: Cpu.millis(250), limit: Cpu.units(1) },
      memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
    },
  });
  const headlessServiceName = `${workload.name}-cluster`;
  const telemetry = props.telemetry;
  // The common settings are spread last: V8 gives every object that gains properties after a
  // spread a hidden class of its own, which made this one literal cost ~30 µs per cluster.
  return {
    storage: {
      size: props.storage?.size ?? Size.gibibytes(1),
      storageClassName: props.storage?.storageClassName,
      accessModes: props.storage?.accessModes ?? [PersistentVolumeAccessMode.READ_WRITE_ONCE],
      whenDeleted: props.storage?.whenDeleted ?? ClaimRetention.RETAIN,
      whenScaled: props.storage?.whenScaled ?? ClaimRetention.RETAIN,
    },
    server: {
      port: props.server?.port ?? 8080,
      basePath: normalizeBasePath('server.basePath', props.server?.basePath ?? '').normalized,
      tls: (props.server?.tls ?? PikaServerTls.disabled())._bind(workload.name),
      service: props.server?.service ?? ServiceExposure.clusterIp(),
    },
    clustering: { ...props.clustering, port: props.clustering?.port ?? 5000 },
    securityKey: (props.securityKey ?? PikaSecurityKey.fromSecret(headlessServiceName))._bind(headlessServiceName),
    endpoints: props.endpoints ?? [],
    telemetry: telemetry && { collector: telemetry.collector, serviceName: telemetry.serviceName ?? workload.name },
    logLevel: props.logLevel ?? LogLevel.INFO,
    networkPolicy: props.networkPolicy,
    encryption: (props.encryption ?? PikaEncryption.manualUnlock())._bind(workload.name),
    terminationGracePeriod: props.terminationGracePeriod ?? Duration.seconds(30),
    selectorLabels: { 'app.kubernetes.io/name': workload.name },
    headlessServiceName,
    dnsAddr: `${headlessServiceName}.${workload.namespace}.svc.${workload.clusterDomain}`,
    quorum: quorumOf(workload.replicas),
    ...resolveServerContainer(props),
    ...workload,
  };
}

/** Every problem with single props, found before any object is built. */
export function checkPikaProps(settings: PikaSettings, props: PikaClusterProps, ownPod: OwnPodLayout): Problem[] {
  const problems: Array<Problem | undefined> = [
    ...checkWorkloadSettings(settings, {
      replicasFix: 'use an odd number such as 3 or 5; a leader needs a majority of members',
      defaultImage: PIKA_DEFAULT_IMAGE,
      renderedEnv: RENDERED_ENV,
      selectorLabels: settings.selectorLabels,
      configFile: 'pika.yaml',
      ownPod,
      typedConfigKeys: pikaTypedConfigKeys(props),
    }),
    ...checkServerContainer(settings),
    ...checkStorage(settings),
    checkBudgetKeepsQuorum(settings),
    checkPort('server.port', settings.server.port),
    ...settings.server.service._check('server.service'),
    settings.server.service._render().nodePort !== undefined && settings.endpoints.length > 0 ? {
      setting: 'server.service.nodePort',
      rule: 'cannot be one port for the HTTP port and the endpoints too: each Service port needs a node port of its own',
      found: settings.server.service._render().nodePort,
      fix: 'leave nodePort unset so Kubernetes assigns one per port',
    } : undefined,
    normalizeBasePath('server.basePath', props.server?.basePath ?? '').problem,
    settings.server.tls.secret === undefined ? undefined : checkDnsSubdomain('server.tls secret name', settings.server.tls.secret.secretName, 'pika-tls'),
    ...(settings.server.tls.certManager === undefined ? [] : checkCertManagerOptions('server.tls certManager', settings.server.tls.certManager)),
    ...checkClustering(settings),
    ...checkSecurityKey(settings.securityKey, settings.headlessServiceName),
    ...checkPassphrase(settings.encryption.passphrase),
    ...checkEndpoints(settings),
    ...checkTelemetry(settings),
    ...checkGracePeriodProp('terminationGracePeriod', settings.terminationGracePeriod, MIN_GRACE_PERIOD_MILLIS),
    checkPauseFits(settings),
  ];
  return problems.filter((p): p is Problem => p !== undefined);
}

/** The grace period counts from the start of the preStop pause, so it must cover the pause and Pika's own stop. */
function checkPauseFits(settings: PikaSettings): Problem | undefined {
  const pause = settings.preStopPause.toMilliseconds({ integral: false });
  const termination = settings.terminationGracePeriod.toMilliseconds({ integral: false });
  if (pause <= 0 || termination < MIN_GRACE_PERIOD_MILLIS || termination >= MIN_GRACE_PERIOD_MILLIS + pause) {
    return undefined;
  }
  return {
    setting: 'terminationGracePeriod',
    rule: `must cover preStopPause (${pause / 1000}s) plus the ${MIN_GRACE_PERIOD_MILLIS / 1000}s Pika needs to stop: Kubernetes counts it from the start of the pause`,
    found: `${termination / 1000}s`,
    fix: `raise it to ${(MIN_GRACE_PERIOD_MILLIS + pause) / 1000}s or more, or shorten preStopPause`,
  };
}

function checkStorage(settings: PikaSettings): Array<Problem | undefined> {
  const storage = settings.storage;
  return [
    checkStorageSize('storage.size', storage.size),
    storage.storageClassName === undefined ? undefined : checkDnsSubdomain('storage.storageClassName', storage.storageClassName, 'fast-ssd'),
    storage.accessModes.length > 0 ? undefined : {
      setting: 'storage.accessModes', rule: 'must name at least one access mode', found: [], fix: 'leave it unset for ReadWriteOnce',
    },
  ];
}

function checkClustering(settings: PikaSettings): Array<Problem | undefined> {
  const cluster = settings.clustering;
  const durations: Array<[string, Duration | undefined]> = [
    ['clustering.refreshInterval', cluster.refreshInterval],
    ['clustering.heartbeatInterval', cluster.heartbeatInterval],
    ['clustering.heartbeatTimeout', cluster.heartbeatTimeout],
    ['clustering.syncInterval', cluster.syncInterval],
    ['clustering.forwardTimeout', cluster.forwardTimeout],
  ];
  const problems: Array<Problem | undefined> = [
    checkPort('clustering.port', cluster.port),
    ...durations.map(([setting, value]) => (value === undefined ? undefined : checkPositiveDuration(setting, value))),
  ];
  // Fractional milliseconds are reported above; the comparison must not trip over them.
  const millis = (duration: Duration) => duration.toMilliseconds({ integral: false });
  if (cluster.heartbeatInterval && cluster.heartbeatTimeout && millis(cluster.heartbeatTimeout) <= millis(cluster.heartbeatInterval)) {
    problems.push({
      setting: 'clustering.heartbeatTimeout',
      rule: `must be longer than clustering.heartbeatInterval (${millis(cluster.heartbeatInterval)}ms), or every idle peer times out`,
      found: `${millis(cluster.heartbeatTimeout)}ms`,
      fix: 'keep the timeout about three times the interval, as Pika\'s defaults (5s and 15s) do',
    });
  }
  if (cluster.lockKey !== undefined && !/^\S+$/.test(cluster.lockKey)) {
    problems.push({ setting: 'clustering.lockKey', rule: 'must be a non-empty name without whitespace', found: cluster.lockKey, fix: 'leave it unset for "pika-leader"' });
  }
  return problems;
}

function checkSecurityKey(key: BoundSecurityKey, derivedSecretName: string): Array<Problem | undefined> {
  const problems: Array<Problem | undefined> = [
    // A name derived from the name prop is covered by the name rule.
    key.secretName === derivedSecretName ? undefined : checkDnsSubdomain('securityKey secret name', key.secretName, 'pika-cluster'),
    checkDataKey('securityKey key', key.key, 'security_key'),
  ];
  if (key.externalSecret !== undefined) {
    problems.push(...checkSecretFromStore('securityKey', key.externalSecret));
  }
  if (key.literal !== undefined) {
    const generate = 'generate one with `openssl rand -base64 48` and keep it out of version control, or use PikaSecurityKey.fromSecret()';
    if (key.literal === PLACEHOLDER_SECURITY_KEY) {
      problems.push({ setting: 'securityKey', rule: 'must not be upstream\'s placeholder', found: '<the placeholder>', fix: generate });
    } else if (key.literal.length < MIN_SECURITY_KEY_LENGTH) {
      problems.push({
        setting: 'securityKey',
        rule: `must be at least ${MIN_SECURITY_KEY_LENGTH} characters long`,
        found: `${key.literal.length} characters`,
        fix: generate,
      });
    }
  }
  return problems;
}

function checkPassphrase(passphrase: BoundPassphrase | undefined): Array<Problem | undefined> {
  if (passphrase === undefined) {
    return [];
  }
  return [
    checkDnsSubdomain('encryption passphrase secret name', passphrase.secretName, 'pika-encryption'),
    checkDataKey('encryption passphrase key', passphrase.key, 'passphrase'),
    ...(passphrase.externalSecret === undefined ? [] : checkSecretFromStore('encryption passphrase', passphrase.externalSecret)),
  ];
}

function checkEndpoints(settings: PikaSettings): Problem[] {
  const problems: Problem[] = [];
  const names = new Set<string>([HTTP_PORT_NAME, CLUSTER_PORT_NAME]);
  const ports = new Map<number, string>([[settings.server.port, 'server.port']]);
  settings.endpoints.forEach((endpoint, index) => {
    const setting = `endpoints[${index}]`;
    const nameProblem = checkPortName(`${setting}.name`, endpoint.name);
    const portProblem = checkPort(`${setting}.port`, endpoint.port);
    problems.push(...[nameProblem, portProblem].filter((p): p is Problem => p !== undefined));
    if (names.has(endpoint.name)) {
      problems.push({ setting: `${setting}.name`, rule: 'must be unique and not "http" or "cluster"', found: endpoint.name, fix: 'choose another port name, e.g. "public"' });
    }
    const owner = ports.get(endpoint.port);
    if (owner !== undefined) {
      problems.push({ setting: `${setting}.port`, rule: `must differ from ${owner}: two listeners cannot share a TCP port`, found: endpoint.port, fix: 'choose another port, e.g. 9090' });
    }
    names.add(endpoint.name);
    ports.set(endpoint.port, `${setting}.port`);
  });
  return problems;
}

function checkTelemetry(settings: PikaSettings): Problem[] {
  const telemetry = settings.telemetry;
  if (telemetry === undefined) {
    return [];
  }
  const problems: Problem[] = [];
  if (!/^[A-Za-z0-9.-]+:[0-9]{1,5}$/.test(telemetry.collector) && !/^\[[0-9a-fA-F:]+\]:[0-9]{1,5}$/.test(telemetry.collector)) {
    problems.push({
      setting: 'telemetry.collector',
      rule: 'must be the collector\'s OTLP gRPC address as host:port, without a scheme',
      found: telemetry.collector,
      fix: 'write e.g. "otel-collector.observability.svc:4317"',
    });
  }
  if (telemetry.serviceName.trim() === '') {
    problems.push({ setting: 'telemetry.serviceName', rule: 'must not be empty', found: telemetry.serviceName, fix: 'leave it unset to use the cluster name' });
  }
  return problems;
}

/** A budget of the user's own must keep a quorum through drains, where the member count allows it. */
function checkBudgetKeepsQuorum(settings: PikaSettings): Problem | undefined {
  const { minAvailable, maxUnavailable } = settings.disruptionBudget;
  const replicas = settings.replicas;
  if (!Number.isInteger(replicas) || !survivesOneMemberDown(replicas)) {
    return undefined;
  }
  const kept = minAvailable ?? (maxUnavailable === undefined ? undefined : replicas - maxUnavailable);
  return kept === undefined || kept >= settings.quorum ? undefined : {
    setting: `disruptionBudget ${minAvailable === undefined ? 'maxUnavailable' : 'minAvailable'}`,
    rule: `must keep a quorum of ${settings.quorum} of ${replicas} members through node drains, or writes stop`,
    found: minAvailable ?? maxUnavailable,
    fix: `use DisruptionBudget.serverDefault() (minAvailable ${settings.quorum})`,
  };
}
