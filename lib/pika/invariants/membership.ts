import { guaranteedAvailable } from '../../common/disruption-budget';
import { checkGoDurationValue } from '../../common/go-duration';
import { isIpLiteral } from '../../common/ip-address';
import { describeObject, Manifest, protocolOf, resolvePortReference } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { checkHeadlessService, checkSelectsPods } from '../../common/workload-checks';
import { CLUSTER_PORT_NAME } from '../pod-layout';
import { quorumOf, survivesOneMemberDown } from '../quorum';
import { configPortProblem, configSetting, configValue, PikaCheckContext } from './context';
import { portNumber } from '../effective-config';

const DURATION_KEYS = ['refresh_interval', 'heartbeat_interval', 'heartbeat_timeout', 'sync_interval', 'forward_timeout'];

/** Replicas and quorum, discovery through the headless Service, and the peer port. */
export function checkMembership(context: PikaCheckContext): { problems: Problem[]; warnings: Problem[] } {
  const replicas = statefulSetReplicas(context.statefulSet);
  return {
    problems: [
      ...checkReplicas(context, replicas),
      ...checkHeadlessService(context.headlessService, context.statefulSet),
      ...checkDnsAddr(context),
      ...checkPeerPort(context),
      ...checkDisruptionBudget(context, replicas),
      ...checkDurations(context),
    ],
    warnings: [...evenReplicasWarning(context, replicas), ...smallClusterBudgetWarning(context, replicas)],
  };
}

function evenReplicasWarning(context: PikaCheckContext, replicas: number): Problem[] {
  return Number.isInteger(replicas) && replicas >= 2 && replicas % 2 === 0 ? [{
    setting: `${describeObject(context.statefulSet)} spec.replicas`,
    rule: `is even: ${replicas} members tolerate no more lost members than ${replicas - 1} do`,
    found: replicas,
    fix: `use ${replicas - 1} or ${replicas + 1} replicas`,
  }] : [];
}

function smallClusterBudgetWarning(context: PikaCheckContext, replicas: number): Problem[] {
  const pdb = context.disruptionBudget;
  if (pdb === undefined || !Number.isInteger(replicas) || replicas < 1 || survivesOneMemberDown(replicas)) {
    return [];
  }
  const kept = guaranteedAvailable(pdb.spec ?? {}, replicas);
  if (kept !== undefined && kept >= replicas) {
    return []; // a problem of its own: the budget allows no eviction at all
  }
  return [{
    setting: `${describeObject(pdb)} spec`,
    rule: `lets a node drain evict one of ${replicas} members, which loses the quorum of ${quorumOf(replicas)}: writes stop until the member is back (a budget that kept the quorum would make every drain wait forever)`,
    found: { minAvailable: pdb.spec?.minAvailable, maxUnavailable: pdb.spec?.maxUnavailable },
    fix: 'run 3 or 5 members to drain nodes without losing writes',
  }];
}

/** Kubernetes runs one pod when spec.replicas is absent. */
function statefulSetReplicas(statefulSet: Manifest): number {
  const value = statefulSet.spec?.replicas;
  return typeof value === 'number' ? value : 1;
}

function checkReplicas(context: PikaCheckContext, replicas: number): Problem[] {
  const problems: Problem[] = [];
  const setting = `${describeObject(context.statefulSet)} spec.replicas`;
  if (!Number.isInteger(replicas) || replicas < 1) {
    problems.push({ setting, rule: 'must be at least 1', found: replicas, fix: 'set the replicas prop to 3 or 5' });
  }
  const enabled = configValue(context, 'cluster.enabled');
  if (enabled !== true) {
    problems.push({
      setting: configSetting(context, 'cluster.enabled'),
      rule: 'must be true: without it every member is its own leader and their data diverges',
      found: enabled,
      fix: 'remove cluster.enabled from the raw config',
    });
  }
  const configured = configValue(context, 'cluster.replicas');
  if (!Number.isInteger(configured) || (configured as number) < 1) {
    problems.push({
      setting: configSetting(context, 'cluster.replicas'),
      rule: 'must be a whole number of at least 1: 0 turns quorum off and lets a lone member lead',
      found: configured,
      fix: 'remove cluster.replicas from the raw config; it is rendered from the replicas prop',
    });
  } else if (configured !== replicas) {
    problems.push({
      setting: configSetting(context, 'cluster.replicas'),
      rule: `must equal ${setting} (${replicas}): quorum is computed from it, and a mismatch splits the cluster or stalls writes`,
      found: configured,
      fix: 'remove cluster.replicas from the raw config and any patch of spec.replicas; set the replicas prop',
    });
  }
  return problems;
}

/** Durations reach Go's time.ParseDuration; a number or a typo stops Pika at start. */
function checkDurations(context: PikaCheckContext): Problem[] {
  return DURATION_KEYS.flatMap((key) => {
    const value = configValue(context, `cluster.${key}`);
    const problem = value === undefined ? undefined : checkGoDurationValue(configSetting(context, `cluster.${key}`), value);
    return problem ? [problem] : [];
  });
}

function checkDnsAddr(context: PikaCheckContext): Problem[] {
  const headless = context.headlessService.metadata ?? {};
  const expected = `${headless.name}.${headless.namespace}.svc.${context.clusterDomain}`;
  const found = configValue(context, 'cluster.dns_addr');
  // A headless Service without a name or namespace is reported by the validity checks.
  if (found === expected || typeof headless.name !== 'string' || typeof headless.namespace !== 'string') {
    return [];
  }
  return [{
    setting: configSetting(context, 'cluster.dns_addr'),
    rule: `must be the headless Service's name "${expected}": Pika ignores DNS errors, so a wrong name leaves every member alone`,
    found,
    fix: 'remove cluster.dns_addr from the raw config; set clusterDomain if your cluster is not cluster.local',
  }];
}

function checkPeerPort(context: PikaCheckContext): Problem[] {
  const problems: Problem[] = [];
  const configured = configValue(context, 'cluster.port');
  const port = portNumber(configured);
  if (port === undefined) {
    return [configPortProblem(context, 'cluster.port')];
  }
  const udpPorts = (context.container?.ports ?? []).filter((p: Manifest) => protocolOf(p) === 'UDP');
  if (!udpPorts.some((p: Manifest) => p.containerPort === port)) {
    problems.push({
      setting: `${describeObject(context.statefulSet)} container port "${CLUSTER_PORT_NAME}"`,
      rule: `must be a UDP port equal to cluster.port (${port})`,
      found: udpPorts.map((p: Manifest) => p.containerPort),
      fix: 'set the port only through the cluster.port prop',
    });
  }
  const servicePorts: Manifest[] = context.headlessService.spec?.ports ?? [];
  const reachesPeers = servicePorts.some((p) => protocolOf(p) === 'UDP' && p.port === port
    && resolvePortReference(context.container, p.targetPort ?? p.port) === port);
  if (!reachesPeers) {
    problems.push({
      setting: `${describeObject(context.headlessService)} spec.ports`,
      rule: `must include a UDP port ${port} targeting the container's UDP port ${port} (cluster.port)`,
      found: servicePorts.map((p) => `${p.port}/${protocolOf(p)}`),
      fix: 'set the port only through the cluster.port prop',
    });
  }
  const bindAddr = configValue(context, 'cluster.bind_addr');
  if (bindAddr !== undefined && !isIpLiteral(bindAddr)) {
    problems.push({
      setting: configSetting(context, 'cluster.bind_addr'),
      rule: 'must be an IP address literal; Pika refuses host names here',
      found: bindAddr,
      fix: 'use "0.0.0.0" or remove it for the default',
    });
  }
  return problems;
}

function checkDisruptionBudget(context: PikaCheckContext, replicas: number): Problem[] {
  const pdb = context.disruptionBudget;
  if (pdb === undefined) {
    return [];
  }
  const quorum = quorumOf(replicas);
  const kept = guaranteedAvailable(pdb.spec ?? {}, replicas);
  const problems = checkSelectsPods(pdb, context.statefulSet);
  if (kept !== undefined && kept >= replicas) {
    problems.push({
      setting: `${describeObject(pdb)} spec`,
      rule: `must allow evicting a member: a budget that keeps all ${replicas} makes every node drain wait forever`,
      found: { minAvailable: pdb.spec?.minAvailable, maxUnavailable: pdb.spec?.maxUnavailable },
      fix: 'use DisruptionBudget.serverDefault(), or remove the patch; the construct renders a budget that allows one eviction',
    });
  } else if (survivesOneMemberDown(replicas) && (kept === undefined || kept < quorum)) {
    problems.push({
      setting: `${describeObject(pdb)} spec`,
      rule: `must keep at least a quorum of ${quorum} of ${replicas} members during voluntary disruptions`,
      found: { minAvailable: pdb.spec?.minAvailable, maxUnavailable: pdb.spec?.maxUnavailable },
      fix: `use DisruptionBudget.serverDefault(), or remove the patch; the construct renders minAvailable ${quorum}`,
    });
  }
  return problems;
}
